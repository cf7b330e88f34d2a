/**
 * The live session's classifier as data: one of the classifier kinds' live specs
 * (liveSlots.ts), each its kind's one spec narrowed for a live page (models/<kind>/live.ts):
 * the feedforward `mlp` (the default; its hidden sizes `hidden`, or the session's
 * `classifierHidden`) or a discriminative predictive-coding network, `pcn`, learning locally
 * by default. Each may name a `trained` model to watch.
 */
import { z } from 'zod';
import { classifierFacets, kindNames } from './liveSlots.ts';

const [mlp, pcn] = classifierFacets;

/** The classifier of a session: `mlp` (default) or `pcn` (zod schema). */
export const SessionClassifier = z
  .discriminatedUnion('kind', [mlp.spec, pcn.spec], {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? `expected kind ${kindNames('classifier')}, got ${JSON.stringify((issue.input as { kind?: unknown } | undefined)?.kind)}`
        : undefined,
  })
  .default({ kind: 'mlp' });
/** A parsed session classifier. */
export type SessionClassifier = z.output<typeof SessionClassifier>;
