export type { Classifier } from './classifier.ts';
export {
  ClassifierSpec,
  ConvClassifierSpec,
  MlpClassifierSpec,
  convFeatureShape,
  parseClassifierSpec,
} from './spec.ts';
export type { ClassifierKind, ClassifierSpecInput } from './spec.ts';
export { MlpClassifier, mlpAreaNames, recognitionVariables } from './mlpClassifier.ts';
export { ConvClassifier } from './convClassifier.ts';
export { conv2dValid } from './conv2d.ts';
export { buildClassifier } from './build.ts';
export { softmaxCrossEntropy } from './losses.ts';
export { trainClassifier } from './train.ts';
export type {
  ClassifierBatchProgress,
  ClassifierEpochMetrics,
  TrainClassifierOptions,
  TrainClassifierResult,
} from './train.ts';
export { confusionMatrix, evaluateClassifier, reportFromConfusion } from './evaluate.ts';
export type { ClassificationReport, ClassScorer } from './evaluate.ts';
export { ClassifierModelSpec } from './spec.ts';
export { classifierKind } from './kind.ts';
