export { SsVaeSpec } from './spec.ts';
export { ClassArea } from './classArea.ts';
export { DenseClassArea } from './denseClassArea.ts';
export { classAreaKinds } from './classAreaModel.ts';
export type { ClassAreaKind, ClassAreaModel, ClassAreaSizes } from './classAreaModel.ts';
export {
  CLASS_AREA_FORM,
  classAreaForm,
  classAreaNames,
  classHierarchySpec,
} from './classHierarchy.ts';
export { SsVae } from './ssvae.ts';
export { trainSsVae } from './train.ts';
export type { ClassEpochMetrics, TrainSsVaeOptions, TrainSsVaeResult } from './train.ts';
export { SsVaeModelSpec } from './spec.ts';
export { ssvaeKind, SSVAE_DEFAULT_LABELS_PER_CLASS } from './kind.ts';
