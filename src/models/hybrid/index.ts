export { AmortizedHybrid } from './hybrid.ts';
export type { HybridStepResult, IterationsSaved } from './hybrid.ts';
export { HybridSpec } from './spec.ts';
export type { HybridSpecInput } from './spec.ts';
