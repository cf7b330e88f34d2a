/**
 * A user's own model kind as a plain .mjs module, for the plugin tests: the mean training
 * image (one weight a pixel), fitted by SGD through the package's shared epoch loop (so it
 * checkpoints and resumes like a built-in kind), tested by its squared error, pictured by
 * itself, with one option of its own (`--shrink`). It imports the package and zod by URL, as
 * an installed package would resolve them.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..', '..');

/** The package's entry (the sources, run through tsx) and zod, as URLs a module imports. */
export const packageUrl = pathToFileURL(join(root, 'src', 'index.ts')).href;
export const zodUrl = pathToFileURL(join(root, 'node_modules', 'zod', 'index.js')).href;

/** The module's text: it registers the kind `name` when imported. */
export function meanImageKindModule(name = 'mean-image'): string {
  return `import { z } from '${zodUrl}';
import {
  numberOption,
  registerModelKind,
  reportBatches,
  runEpochs,
  tf,
  trainedRun,
  trainingFields,
  trainingMemory,
} from '${packageUrl}';

const MeanImageSpec = z
  .object({
    kind: z.literal('${name}'),
    /** Pull the fitted image this far towards grey (0: none). */
    shrink: z.number().min(0).max(1).default(0),
    ...trainingFields,
  })
  .strict();

/** Rows \`positions\` of the images, as one [n, pixels] tensor. */
function rows(images, positions, pixels) {
  const out = new Float32Array(positions.length * pixels);
  positions.forEach((p, i) => out.set(images.subarray(p * pixels, (p + 1) * pixels), i * pixels));
  return tf.tensor2d(out, [positions.length, pixels]);
}

registerModelKind({
  name: '${name}',
  summary: 'the mean training image: one weight a pixel',
  spec: MeanImageSpec,
  estimateBytes: (spec, data) =>
    trainingMemory({
      parameters: data.height * data.width,
      optimizerSlots: 0,
      unitsPerImage: data.height * data.width,
      batchSize: spec.batchSize ?? 128,
    }),
  build(spec, data) {
    const mean = tf.variable(tf.zeros([1, data.height * data.width]));
    return { mean, dispose: () => mean.dispose() };
  },
  training: {
    lossName: 'SE',
    async train(model, spec, context) {
      const { train } = context.data;
      const pixels = train.height * train.width;
      const config = { shrink: spec.shrink, batchSize: context.batchSize };
      const checkpoint = context.checkpoint?.(config);
      const optimizer = tf.train.sgd(spec.learningRate);
      try {
        const result = await runEpochs({
          epochs: spec.epochs,
          seed: spec.seed,
          batchSize: context.batchSize,
          count: train.count,
          state: { kind: '${name}', spec: config, variables: [model.mean], optimizer },
          checkpoint,
          onBatch: reportBatches(context, spec.epochs),
          step(positions) {
            const cost = optimizer.minimize(
              () => {
                const x = rows(train.images, positions, pixels);
                const target = tf.mul(x, 1 - spec.shrink).add(0.5 * spec.shrink);
                return tf.mean(tf.sum(tf.square(tf.sub(target, model.mean)), 1)).mul(0.5);
              },
              true,
              [model.mean],
            );
            const loss = cost.dataSync()[0];
            cost.dispose();
            return { loss };
          },
          summarize: (t) => ({ epoch: t.epoch, trainSquaredError: t.meanLoss }),
        });
        return trainedRun(result, config, checkpoint);
      } finally {
        optimizer.dispose();
      }
    },
  },
  evaluate(model, spec, { test }) {
    const pixels = test.height * test.width;
    const squaredError = tf.tidy(() => {
      const x = tf.tensor2d(test.images, [test.count, pixels]);
      return tf.mean(tf.sum(tf.square(tf.sub(x, model.mean)), 1)).mul(0.5).dataSync()[0];
    });
    return {
      test: { squaredError, count: test.count },
      lines: ['test squared error ' + squaredError.toFixed(3) + ' on ' + test.count + ' images'],
    };
  },
  pictures: {
    samples: (model, count) => tf.tidy(() => tf.tile(model.mean, [count, 1]).dataSync()),
    reconstructions: (model, x) => tf.tidy(() => tf.tile(model.mean, [x.shape[0], 1]).dataSync()),
  },
  checkpoint: (model) => [{ file: 'checkpoint.bin', variables: [model.mean] }],
  options: [numberOption('--shrink <x>', 'shrink', 'pull the fitted image towards grey (0 to 1)')],
});
`;
}
