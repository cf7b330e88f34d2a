/**
 * What the conceptual-compression experiment hands to its plots and report:
 * the settings it ran with, the summary over seeds, every letters model's MIG
 * result, and the traversal files.
 */
import type { MigResult } from '../disentanglement/mig.ts';
import type { SummaryRow } from '../stats.ts';

/** The letters' generative factors, in the order of the MI matrix's rows. */
export const LETTER_FACTOR_NAMES = [
  'letter',
  'slant',
  'scale',
  'strokeWidth',
  'shiftX',
  'shiftY',
] as const;

/** The settings of a run (the experiment's config) that its plots and report describe. */
export interface CompressionSettings {
  /** Hidden width of the encoder and decoder, and epochs of the rate-distortion models. */
  hidden: number;
  epochs: number;
  /** The latent sizes and KL weights of the rate-distortion sweep. */
  latentSizes: number[];
  betas: number[];
  /** How many of the run's seeds the rate-distortion grid uses (default: all). */
  rateDistortionSeeds?: number | undefined;
  /** The letters models: latent size, KL weights, epochs, training and test images. */
  migLatent: number;
  migBetas: number[];
  migEpochs: number;
  migTrain: number;
  migTest: number;
  /** Equal-width bins of the MI estimate. */
  bins: number;
  /** The values each unit sweeps through in the traversals. */
  traversal: number[];
}

/** What a run measured, for its plots and report. */
export interface CompressionOutcome {
  /** The run's seeds, the first one's heatmaps and traversals shown. */
  seeds: number[];
  /** The rate-distortion data set and its image counts. */
  data: { name: string; train: number; test: number };
  /** Seeds of the letters' training and test images. */
  lettersSeeds: [number, number];
  /** Records summarised over seeds, keyed by part, latent and beta. */
  summary: SummaryRow[];
  /** The MIG result of every letters model. */
  matrices: { beta: number; seed: number; mig: MigResult }[];
  /** The traversal PNG of each beta (first seed). */
  traversals: { beta: number; file: string }[];
}

/** The seeds the rate-distortion grid is trained for: the run's first `rateDistortionSeeds` (default all). */
export function rateDistortionSeeds(
  seeds: readonly number[],
  config: Pick<CompressionSettings, 'rateDistortionSeeds'>,
): number[] {
  return seeds.slice(0, config.rateDistortionSeeds ?? seeds.length);
}
