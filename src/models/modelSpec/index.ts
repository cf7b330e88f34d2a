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
