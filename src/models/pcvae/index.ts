export { PcVae, pcvaeSettleDefaults } from './pcvae.ts';
export { PcVaeSpec, pcvaeAreaNames, pcvaeHierarchySpec } from './spec.ts';
export type { PcVaeNetwork, PcVaeSpecInput } from './spec.ts';
export {
  evaluateImportanceWeightedNll,
  evaluateSettledNegElbo,
  importanceWeightedLogLikelihood,
  sumImportanceWeightedLogLikelihood,
} from './evaluate.ts';
export type { SettleEvaluationOptions } from './evaluate.ts';
export {
  PcVaeAreas,
  PcVaeModelSpec,
  SensoryAreaSpec,
  StochasticAreaSpec,
  defaultPcVaeAreas,
  pcvaeSpecOf,
} from './spec.ts';
export { pcvaeKind } from './kind.ts';
export { PcVaeGeneratorEntry, pcvaeGenerator, trainPcVaeOn } from './generator.ts';
export type { PcVaeTraining } from './generator.ts';
