/**
 * The live session's classifier as data: the feedforward `mlp` (its hidden sizes are the
 * session's `classifierHidden`, as before) or a discriminative predictive-coding network,
 * `pcn`, with the fields of a pcn model spec (learning `local` by default) except its input
 * size and classes, which come from the data set. The settle of a pcn's local step is bounded
 * tighter than in a model spec: every frame carries its trace.
 */
import { z } from 'zod';
import { wholeNumber } from '../../cortex/specFields.ts';
import { pcnFields } from '../../models/pcn/index.ts';

/** Most settle iterations a live pcn's local step may take (each is one point per area per frame). */
export const LIVE_MAX_INFERENCE_STEPS = 200;

/** The classifier of a session: `mlp` (default) or `pcn` (zod schema). */
export const SessionClassifier = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z
          .literal('mlp')
          .describe('The feedforward classifier; its hidden sizes are classifierHidden.'),
      })
      .strict(),
    z
      .object({
        kind: pcnFields.kind.describe(
          'A discriminative predictive-coding network: image, hidden areas, label.',
        ),
        hiddenSizes: pcnFields.hiddenSizes,
        activation: pcnFields.activation,
        learning: pcnFields.learning,
        inferenceSteps: wholeNumber(1, LIVE_MAX_INFERENCE_STEPS)
          .default(20)
          .describe('Settle iterations T of a local-learning step.'),
        inferenceRate: pcnFields.inferenceRate,
        optimizer: pcnFields.optimizer,
      })
      .strict(),
  ])
  .default({ kind: 'mlp' });
/** A parsed session classifier. */
export type SessionClassifier = z.output<typeof SessionClassifier>;
/** The pcn variant of a parsed session classifier. */
export type SessionPcn = Extract<SessionClassifier, { kind: 'pcn' }>;
