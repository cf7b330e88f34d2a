/**
 * The live session's classifier as data: one of the classifier kinds' live specs (every
 * registered kind with a classifier live facet, liveSlots.ts), each its kind's one spec
 * narrowed for a live page (models/<kind>/live.ts): the feedforward `mlp` (the default; its
 * hidden sizes `hidden`, or the session's `classifierHidden`) or a discriminative
 * predictive-coding network, `pcn`, learning locally by default, or a user's registered kind.
 * Each may name a `trained` model to watch.
 */
import { z } from 'zod';
import type { MlpLiveSpec } from '../../models/classifier/live.ts';
import type { PcnLiveSpec } from '../../models/pcn/live.ts';

/** A session classifier as a user writes it (every field may be left out). */
export type SessionClassifierInput =
  z.input<typeof MlpLiveSpec> | z.input<typeof PcnLiveSpec> | undefined;
import { kindNames, slotFacets } from './liveSlots.ts';

/** A parsed session classifier: a built-in kind's live spec (or a user kind's, by its `kind`). */
export type SessionClassifier = MlpLiveSpec | PcnLiveSpec;

/** The classifier of a session, as the registered kinds make it now (zod schema). */
export function sessionClassifierSchema(): z.ZodDefault<
  z.ZodType<SessionClassifier, SessionClassifierInput>
> {
  const facets = slotFacets('classifier');
  const [first, ...rest] = facets.map((f) => f.spec as unknown as z.ZodObject);
  return z
    .discriminatedUnion('kind', [first!, ...rest], {
      error: (issue) =>
        issue.code === 'invalid_union'
          ? `expected kind ${kindNames('classifier')}, got ${JSON.stringify((issue.input as { kind?: unknown } | undefined)?.kind)}`
          : undefined,
    })
    .default({ kind: facets[0]!.kind }) as unknown as z.ZodDefault<
    z.ZodType<SessionClassifier, SessionClassifierInput>
  >;
}
