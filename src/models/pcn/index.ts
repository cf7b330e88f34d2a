export {
  PCN_LIMITS,
  PcnSpec,
  parsePcnSpec,
  pcnActivations,
  pcnFields,
  pcnLearningRules,
} from './spec.ts';
export type { PcnLearningRule, PcnSpecInput } from './spec.ts';
export { Pcn, pcnAreaNames } from './pcn.ts';
export type { PcnOptions, PcnStepOptions, PcnStepResult } from './pcn.ts';
export { trainPcn } from './train.ts';
export type { PcnEpochMetrics, TrainPcnOptions, TrainPcnResult } from './train.ts';
export { PcnModelSpec } from './spec.ts';
export { pcnKind } from './kind.ts';
