export type {
  Experiment,
  ExperimentConfig,
  ExperimentContext,
  ExperimentOutput,
  PlotFile,
} from './types.ts';
export type { ExperimentProgress } from './progress.ts';
export {
  defaultExperimentSpec,
  experimentSpecSchema,
  experimentsSpecSchema,
  MAX_SEED,
  MAX_SEEDS,
  parseExperimentSpec,
} from './spec.ts';
export type { ExperimentSpec } from './spec.ts';
export { runExperiment } from './runExperiment.ts';
export type { ExperimentRun, RunExperimentOptions } from './runExperiment.ts';
export { findRow, formatMeanStd, mean, std, summarize } from './stats.ts';
export type { MeasurementRecord, SummaryRow } from './stats.ts';
export { toCsv } from './csv.ts';
export { markdownTable } from './markdown.ts';
export { linePlotSvg } from './svgPlot.ts';
export type { LinePlot, PlotPoint, PlotSeries } from './svgPlot.ts';
export { readCell, writeCell, cellPath } from './cellCache.ts';
export { writeResults } from './results.ts';
export type { RunInfo } from './results.ts';
export { allIndices, loadExperimentData } from './data.ts';
export { compositeOnTextures, ownContextFraction } from './contextShift.ts';
export type { CompositeOptions, CompositeSet, ContextRule } from './contextShift.ts';
export { CONTEXT_TEXTURES, TEXTURES, UNSEEN_TEXTURES, renderTexture } from './textures.ts';
export type { TextureSpec } from './textures.ts';
export { trainPcVaeRoute } from './routes/pcvae.ts';
export type { PcVaeRouteOptions } from './routes/pcvae.ts';
export { epochsForSteps, feedforwardAccuracy, trainFeedforward } from './routes/feedforward.ts';
export type { FeedforwardOptions } from './routes/feedforward.ts';
export { latentClassifierAccuracy, latentMeans } from './routes/latentClassifier.ts';
export { ssvaeAccuracy, ssvaeCellForm } from './routes/ssvae.ts';
export { analysisBySynthesisAccuracy } from './routes/analysisBySynthesis.ts';
export type { AnalysisBySynthesisOptions } from './routes/analysisBySynthesis.ts';
export { randomSubset, subsetAt } from './routes/subset.ts';
export { classFractions, entropyBits, fractionBelow, histogram, quantile } from './distribution.ts';
export type { Histogram } from './distribution.ts';
export { nearestNeighbours } from './nearestNeighbours.ts';
export type { NearestNeighbours } from './nearestNeighbours.ts';
export { featureStats, frechetDistance, symmetricSqrt } from './frechet.ts';
export type { FeatureStats } from './frechet.ts';
export { neighbourGridPixels } from './neighbourGrid.ts';
export { readClassifier } from './routes/classifierReadout.ts';
export type { ClassifierReadout } from './routes/classifierReadout.ts';
export {
  describeGenerator,
  GeneratorList,
  GeneratorSpec,
  PcVaeGeneratorSpec,
  trainGenerator,
} from './routes/generators.ts';
export type { PriorGenerator, TrainGeneratorOptions } from './routes/generators.ts';
export * from './disentanglement/index.ts';
export { heatmapSvg } from './heatmapSvg.ts';
export type { Heatmap } from './heatmapSvg.ts';
export { trainBetaVae } from './routes/betaVae.ts';
export type { BetaVaeOptions } from './routes/betaVae.ts';
export { figureGroundAccuracy, maskShare, objectMeans } from './routes/figureGround.ts';
export type {
  FigureGroundRouteOptions,
  FigureGroundRouteResult,
  MaskShare,
} from './routes/figureGround.ts';
