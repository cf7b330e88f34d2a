/**
 * The live session's generative model as data: the predictive-coding VAE (`pcvae`, the
 * default: its `areas` list, as in a pcvae model spec; a spec without `kind` is one, as
 * before) or a generative predictive-coding network (`pcgen`: no encoder, trained by local
 * learning), with a pcgen spec's fields except its input size, which is the data set's image.
 * Every field is bounded; the settle of a pcgen step more tightly than in a model spec, as
 * every frame carries its trace.
 */
import { z } from 'zod';
import { activations } from '../../cortex/spec.ts';
import { positiveNumber, wholeNumber } from '../../cortex/specFields.ts';
import { defaultPcVaeAreas, PcVaeAreas } from '../../models/modelSpec/index.ts';
import { OptimizerSpec } from '../../models/optimizerSpec.ts';
import { LIVE_MAX_INFERENCE_STEPS } from './sessionClassifier.ts';

/** Largest live pcgen: latent areas and units per area. */
export const LIVE_PCGEN_LIMITS = { latentAreas: 8, units: 4096 } as const;

const oneOf = (values: readonly string[]) => (issue: { input?: unknown }) =>
  `${JSON.stringify(issue.input)} is not one of ${values.join(', ')}`;

/** The generative model of a session: `pcvae` (default) or `pcgen` (zod schema). */
export const SessionGenerative = z
  .discriminatedUnion(
    'kind',
    [
      z
        .object({
          kind: z
            .literal('pcvae')
            .default('pcvae')
            .describe('The predictive-coding VAE (the default when kind is left out).'),
          areas: PcVaeAreas.default(defaultPcVaeAreas),
        })
        .strict(),
      z
        .object({
          kind: z
            .literal('pcgen')
            .describe('A generative predictive-coding network: no encoder, local learning.'),
          latentSizes: z
            .array(wholeNumber(1, LIVE_PCGEN_LIMITS.units))
            .min(1, { error: 'expected at least one latent area' })
            .max(LIVE_PCGEN_LIMITS.latentAreas, {
              error: `expected at most ${LIVE_PCGEN_LIMITS.latentAreas} latent areas`,
            })
            .default([64, 32])
            .describe('Sizes of the latent areas z1.. from the lowest to the top.'),
          activation: z
            .enum(activations, { error: oneOf(activations) })
            .default('tanh')
            .describe('Nonlinearity of the latent areas’ predictions.'),
          inferenceSteps: wholeNumber(1, LIVE_MAX_INFERENCE_STEPS)
            .default(20)
            .describe(
              'Settle iterations T, from rest, of a local-learning step and of recognition.',
            ),
          inferenceRate: positiveNumber(100)
            .default(0.1)
            .describe('First step size of each settle iteration (halved where F would rise).'),
          optimizer: OptimizerSpec.default({ name: 'adam', learningRate: 1e-3 }).describe(
            'How the local updates are applied: adam or sgd, and its learning rate.',
          ),
        })
        .strict(),
    ],
    {
      error: (issue) =>
        issue.code === 'invalid_union'
          ? 'expected kind "pcvae" (the default) or "pcgen"'
          : undefined,
    },
  )
  .prefault({});
/** A parsed session generative model. */
export type SessionGenerative = z.output<typeof SessionGenerative>;
