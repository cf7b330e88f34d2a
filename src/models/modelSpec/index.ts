export {
  PcVaeAreas,
  defaultPcVaeAreas,
  ClassifierModelSpec,
  MODEL_LIMITS,
  ModelSpec,
  PcVaeModelSpec,
  PcnModelSpec,
  PcGenModelSpec,
  SensoryAreaSpec,
  SsVaeModelSpec,
  StochasticAreaSpec,
  VaeModelSpec,
  modelKinds,
} from './schema.ts';
export type { ModelKind, ModelSpecInput } from './schema.ts';
export { defaultBatchSize, defaultModelSpec, parseModelSpec, pcvaeSpecOf } from './resolve.ts';
export type { ResolvedModelSpec } from './resolve.ts';
