/** Build a classifier from its description (a saved spec rebuilds the same model). */
import type { Classifier } from './classifier.ts';
import { ConvClassifier } from './convClassifier.ts';
import { MlpClassifier } from './mlpClassifier.ts';
import { parseClassifierSpec, type ClassifierSpecInput } from './spec.ts';

/** Build the classifier a spec describes (`mlp` or `conv`), validating the spec first. */
export function buildClassifier(input: ClassifierSpecInput): Classifier {
  const spec = parseClassifierSpec(input);
  return spec.kind === 'mlp' ? new MlpClassifier(spec) : new ConvClassifier(spec);
}
