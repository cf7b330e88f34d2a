/**
 * The `train` command's options, validated with zod so a bad value gets a
 * clear message naming the option before anything runs.
 */
import { z } from 'zod';
import { BackendChoice } from '../backend/index.ts';

export const datasetNames = ['mnist', 'fashion-mnist', 'letters'] as const;
export const trainableModels = ['vae'] as const;

const positiveInt = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int({ error: `${name} must be a whole number` })
    .positive({ error: `${name} must be positive` });

export const TrainOptions = z.object({
  model: z.enum(trainableModels, {
    error: (issue) =>
      `--model: "${String(issue.input)}" is not available; choose one of ${trainableModels.join(', ')}`,
  }),
  dataset: z.enum(datasetNames, {
    error: (issue) =>
      `--dataset: unknown dataset "${String(issue.input)}"; choose one of ${datasetNames.join(', ')}`,
  }),
  dataDir: z.string().optional(),
  epochs: positiveInt('--epochs'),
  batchSize: positiveInt('--batch-size'),
  learningRate: z.coerce
    .number({ error: '--lr must be a number' })
    .positive({ error: '--lr must be positive' }),
  hidden: positiveInt('--hidden'),
  latent: positiveInt('--latent'),
  seed: z.coerce
    .number({ error: '--seed must be a number' })
    .int({ error: '--seed must be a whole number' })
    .nonnegative({ error: '--seed must be >= 0' }),
  out: z.string().optional(),
  backend: BackendChoice.optional(),
  progress: z.boolean().default(true),
  resume: z.boolean().default(false),
});
export type TrainOptions = z.infer<typeof TrainOptions>;

/** Parse raw CLI values; throws an Error whose message lists every problem. */
export function parseTrainOptions(raw: Record<string, unknown>): TrainOptions {
  const result = TrainOptions.safeParse(raw);
  if (result.success) return result.data;
  throw new Error(result.error.issues.map((issue) => issue.message).join('\n'));
}
