export { SsVaeSpec } from './spec.ts';
export { ClassArea } from './classArea.ts';
export type { ClassAreaSizes } from './classHierarchy.ts';
export { CLASS_AREA_FORM, classAreaNames, classHierarchySpec } from './classHierarchy.ts';
export { SsVae } from './ssvae.ts';
export { trainSsVae } from './train.ts';
export type { ClassEpochMetrics, TrainSsVaeOptions, TrainSsVaeResult } from './train.ts';
