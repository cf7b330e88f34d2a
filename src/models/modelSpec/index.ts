export {
  MODEL_LIMITS,
  namesUsedOnce,
  settlingFields,
  trainingFields,
  trainingFieldsWithoutRate,
  workersField,
} from './schema.ts';
export {
  defaultBatchSize,
  defaultModelSpec,
  kindOfSpec,
  parseModelSpec,
  parseModelSpecOf,
  resolveModelSpec,
} from './resolve.ts';
export type { Resolved, ResolvedModelSpec } from './resolve.ts';
// Each kind's own schema lives in its folder; re-exported here for the code that names them.
export { VaeModelSpec } from '../vae/spec.ts';
export {
  PcVaeAreas,
  PcVaeModelSpec,
  SensoryAreaSpec,
  StochasticAreaSpec,
  defaultPcVaeAreas,
  pcvaeSpecOf,
} from '../pcvae/spec.ts';
export { ClassifierModelSpec } from '../classifier/spec.ts';
export { SsVaeModelSpec } from '../ssvae/spec.ts';
export { PcnModelSpec } from '../pcn/spec.ts';
export { PcGenModelSpec } from '../pcgen/spec.ts';
