export { buildHierarchy } from './build.ts';
export { Hierarchy } from './hierarchy.ts';
export { disposePosterior, mapPosterior } from './posterior.ts';
export { settleDefaults } from './hierarchyTypes.ts';
export type {
  InferOptions,
  LearnOptions,
  LearnResult,
  NegElboResult,
  PosteriorParameters,
  SettleOptions,
  SettleResult,
} from './hierarchyTypes.ts';
export type { InputLike } from './input.ts';
export { Area } from './area.ts';
export type { AreaWiring } from './area.ts';
export type { CortexMap } from './maps.ts';
export { Pathway } from './pathway.ts';
export type { LocalGradient, PathwayRole } from './pathway.ts';
export { isPredictive, isRecognition, sweepOrders } from './graph.ts';
export type { SweepOrders } from './graph.ts';
export {
  AreaSpec,
  HierarchySpec,
  PathwaySpec,
  SpecError,
  defaultHierarchySpec,
  parseHierarchySpec,
  reciprocalPathways,
  activations,
  likelihoods,
  pathwayKinds,
} from './spec.ts';
export type {
  ActivationName,
  AreaSpecInput,
  Likelihood,
  HierarchySpecInput,
  PathwayKind,
  PathwaySpecInput,
} from './spec.ts';
export {
  formatSpecIssues,
  parseSpecWith,
  safeParseSpec,
  specErrorFrom,
  specPath,
} from './specError.ts';
export { specIssueMessage } from './specMessages.ts';
export { describeValue } from './specWords.ts';
export { editDistance, nearestName } from './nearestName.ts';
export { descentStep, initialSteps } from './settle.ts';
export type { DescentStepInput, DescentStepResult } from './settle.ts';
export { tickPhases } from './phases.ts';
export type { PhaseEvent, PhaseName } from './phases.ts';
export type { Signal, SignalKind } from './signal.ts';
export type {
  ActivityKind,
  ActivitySnapshot,
  ActivityStats,
  TickMode,
  TickSummary,
} from './activity.ts';
export { downsample } from './snapshot.ts';
export {
  bernoulliNegLogLikelihood,
  gaussianKl,
  gaussianKlToStandardNormal,
  gaussianNegLogDensity,
  reparameterize,
} from './densities.ts';
export { Clock } from './clock.ts';
