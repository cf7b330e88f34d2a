export { PcVae, pcvaeSettleDefaults } from './pcvae.ts';
export { PcVaeSpec, pcvaeAreaNames, pcvaeHierarchySpec } from './spec.ts';
export {
  evaluateImportanceWeightedNll,
  evaluateSettledNegElbo,
  importanceWeightedLogLikelihood,
} from './evaluate.ts';
export type { SettleEvaluationOptions } from './evaluate.ts';
