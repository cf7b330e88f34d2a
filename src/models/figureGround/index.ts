/**
 * The figure-ground model: an object in front of a background, each from its
 * own latent area, mixed pixel by pixel through the object's mask.
 */
export { FigureGround } from './model.ts';
export type { FigureGroundGeneration, FigureGroundRecognition } from './model.ts';
export {
  cappedBernoulliLogProbability,
  figureGroundNegElbo,
  mixtureNegLogLikelihood,
} from './loss.ts';
export type { FigureGroundTerms, Posterior } from './loss.ts';
export {
  FIGURE_GROUND_LIMITS,
  FigureGroundAreaSpec,
  FigureGroundSpec,
  type FigureGroundSpecInput,
} from './spec.ts';
export { figureGroundStep } from './trainStep.ts';
export type { FigureGroundStepResult } from './trainStep.ts';
export { trainFigureGround } from './train.ts';
export type { FigureGroundEpochMetrics, TrainFigureGroundOptions } from './train.ts';
