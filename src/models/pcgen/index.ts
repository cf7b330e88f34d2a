export { PcGen } from './pcgen.ts';
export type { PcGenStepResult } from './pcgen.ts';
export { PcGenSpec, pcgenAreaNames, pcgenHierarchySpec, pcgenOptimizers } from './spec.ts';
export { driveInto, logJoint, logNormaliser, predictionInputOf } from './joint.ts';
export { laplaceVariances } from './proposal.ts';
export { importanceSampledLogLikelihood, logMeanExp } from './importanceSampling.ts';
export type { ImportanceSamplingOptions, ImportanceSamplingResult } from './importanceSampling.ts';
export { evaluatePcGen } from './evaluate.ts';
export type { PcGenEvaluation, PcGenEvaluationOptions } from './evaluate.ts';
