/**
 * The semi-supervised generative classifier on a lower hierarchy trained
 * elsewhere: its sensory area and z1 are copied from the shared pcvae (trained
 * on every image without labels), and only the class area is trained, on z1
 * samples of every image with the labelled ones beside them.
 */
import type { ImageSet } from '../../data/index.ts';
import { evaluateClassifier, type ClassificationReport } from '../../models/classifier/index.ts';
import type { BatchProgress } from '../../models/epochLoop.ts';
import type { PcVae } from '../../models/pcvae/index.ts';
import {
  classAreaForm,
  SsVae,
  SsVaeSpec,
  trainSsVae,
  type ClassAreaKind,
} from '../../models/ssvae/index.ts';

/**
 * The form of the class area this route builds (the ssvae's default), for the configs of
 * cached cells: empty for the dense class area (so cells from before the cortex class area
 * are reused), the cortex form otherwise (a cell of another form is not reused).
 */
export const ssvaeCellForm: { classArea?: string } = classAreaForm(SsVaeSpec.parse({}).classArea);

/**
 * Build a semi-supervised generative classifier on `lower` (a trained pcvae):
 * copy its sensory area and z1, train only the class area for
 * `options.classEpochs` epochs with the `labelled` images of `train` (a class area built as
 * `options.classArea` says), score it
 * on each test set and dispose it.
 */
export async function ssvaeAccuracy(
  lower: PcVae,
  train: ImageSet,
  labelled: Int32Array,
  tests: ImageSet[],
  options: {
    classEpochs: number;
    seed: number;
    /** How the class area is built (default: the ssvae's, dense). */
    classArea?: ClassAreaKind;
    onBatch?: (p: BatchProgress) => void;
  },
): Promise<ClassificationReport[]> {
  const model = new SsVae(
    {
      inputSize: lower.spec.inputSize,
      classes: train.classNames.length,
      latentSize: lower.spec.latentSizes[0]!,
      hiddenSize: lower.spec.hiddenSizes[0]!,
      ...(options.classArea ? { classArea: options.classArea } : {}),
    },
    options.seed,
  );
  try {
    model.copyLowerFrom(lower);
    await trainSsVae(model, train, {
      epochs: 0,
      classEpochs: options.classEpochs,
      seed: options.seed,
      labelled,
      ...(options.onBatch ? { onBatch: options.onBatch } : {}),
    });
    return tests.map((test) => evaluateClassifier(model, test));
  } finally {
    model.dispose();
  }
}
