/**
 * Quality and speed of the feedforward classifiers (issue 4) on the embedded
 * MNIST split: the MLP 784-512-512-10 (a cortex hierarchy, feedforward only)
 * and the small conv net, each trained with Adam 1e-3, batch 128, seed 1, then
 * scored on the test set. Also the cost of running the MLP through the
 * cortex's streams rather than as direct tensor ops. One JSON line per result.
 *
 *   npx tsx bench/classifierQuality.ts [mlp] [conv] [overhead] [--epochs N]
 *
 * Not part of the test suite: 20 epochs take several minutes on wasm.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/index.ts';
import { gatherImages, gatherLabels, loadMnist, type DatasetSplit } from '../src/data/index.ts';
import {
  buildClassifier,
  evaluateClassifier,
  MlpClassifier,
  softmaxCrossEntropy,
  trainClassifier,
  type ClassifierSpecInput,
} from '../src/models/classifier/index.ts';

const args = process.argv.slice(2);
const epochsFlag = args.indexOf('--epochs');
const epochs = epochsFlag >= 0 ? Number(args[epochsFlag + 1]) : 20;
if (!Number.isInteger(epochs) || epochs < 1) throw new Error('--epochs needs a positive integer');
const wanted = new Set(
  args.filter((a, i) => !a.startsWith('--') && (epochsFlag < 0 || i !== epochsFlag + 1)),
);
const runs = (name: string): boolean => wanted.size === 0 || wanted.has(name);

const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;
const emit = (record: Record<string, unknown>): void => {
  console.log(JSON.stringify({ ...record, node: process.version, time: new Date().toISOString() }));
};

const SEED = 1;
const BATCH = 128;
const LEARNING_RATE = 1e-3;

async function quality(
  data: DatasetSplit,
  backend: string,
  spec: ClassifierSpecInput,
  extra: Record<string, unknown>,
) {
  const started = performance.now();
  const model = buildClassifier({ ...spec, seed: SEED });
  try {
    const result = await trainClassifier(model, data.train, {
      epochs,
      seed: SEED,
      batchSize: BATCH,
      learningRate: LEARNING_RATE,
      onEpoch: (m) =>
        console.error(
          `${model.kind} epoch ${m.epoch}/${epochs}: loss ${m.trainLoss.toFixed(4)}, ` +
            `train accuracy ${m.trainAccuracy.toFixed(4)}, ${m.samplesPerSecond.toFixed(0)} samples/s`,
        ),
    });
    const report = evaluateClassifier(model, data.test);
    const last = result.epochs.at(-1)!;
    emit({
      bench: 'classifier-quality',
      kind: model.kind,
      ...extra,
      spec: model.spec,
      backend,
      dataset: `${data.name} ${data.train.count}/${data.test.count}`,
      epochs,
      batchSize: BATCH,
      learningRate: LEARNING_RATE,
      seed: SEED,
      testAccuracy: round(report.accuracy, 4),
      perClassAccuracy: report.perClassAccuracy.map((a) => round(a, 3)),
      trainAccuracy: round(last.trainAccuracy, 4),
      trainLoss: round(last.trainLoss, 4),
      samplesPerSecond: round(result.samplesPerSecond, 0),
      msPerStep: round((BATCH * 1000) / result.samplesPerSecond),
      trainingSeconds: round(result.trainingSeconds),
      seconds: round((performance.now() - started) / 1000),
      confusion: report.confusion,
    });
  } finally {
    model.dispose();
  }
}

/**
 * ms per Adam step (batch 128) of the MLP three ways, from the same initial
 * weights: through the hierarchy's recognize (the classifier as it is), as the
 * same ops written directly (matMul, add bias, relu), and as fused dense layers.
 */
async function overhead(data: DatasetSplit, backend: string) {
  const indices = Int32Array.from({ length: BATCH }, (_, i) => i * 61);
  const x = tf.tensor2d(gatherImages(data.train, indices), [BATCH, 784]);
  const labels = tf.tensor1d(Int32Array.from(gatherLabels(data.train, indices)), 'int32');
  const layersOf = (m: MlpClassifier) => {
    const v = m.trainableVariables();
    return [0, 2, 4].map((i) => ({
      weight: v[i] as tf.Variable<tf.Rank.R2>,
      bias: v[i + 1] as tf.Variable<tf.Rank.R1>,
    }));
  };
  const models = [0, 1, 2].map(() => new MlpClassifier({ seed: SEED }));
  const [cortex, plain, fused] = models as [MlpClassifier, MlpClassifier, MlpClassifier];
  const plainLayers = layersOf(plain);
  const fusedLayers = layersOf(fused);
  const ways: { name: string; logits: () => tf.Tensor2D; variables: tf.Variable[] }[] = [
    {
      name: 'cortexRecognize',
      logits: () => cortex.logits(x),
      variables: cortex.trainableVariables(),
    },
    {
      name: 'directOps',
      logits: () =>
        plainLayers.reduce<tf.Tensor2D>((h, l, i) => {
          const u = tf.add<tf.Tensor2D>(tf.matMul(h, l.weight), l.bias);
          return i < 2 ? tf.relu(u) : u;
        }, x),
      variables: plain.trainableVariables(),
    },
    {
      name: 'fusedDense',
      logits: () =>
        fusedLayers.reduce<tf.Tensor2D>(
          (h, l, i) =>
            tf.fused.matMul({
              a: h,
              b: l.weight,
              bias: l.bias,
              activation: i < 2 ? 'relu' : 'linear',
            }) as tf.Tensor2D,
          x,
        ),
      variables: fused.trainableVariables(),
    },
  ];
  const optimizers = ways.map(() => tf.train.adam(LEARNING_RATE));
  const trainMs = ways.map(() => 0);
  const forwardMs = ways.map(() => 0);
  const rounds = 6;
  const stepsPerRound = 10;
  for (let r = 0; r < rounds; r++) {
    for (const [w, way] of ways.entries()) {
      let t = performance.now();
      for (let s = 0; s < stepsPerRound; s++) {
        const cost = optimizers[w]!.minimize(
          () => tf.mean(softmaxCrossEntropy(way.logits(), labels)) as tf.Scalar,
          true,
          way.variables,
        );
        cost!.dataSync();
        cost!.dispose();
      }
      if (r > 0) trainMs[w]! += performance.now() - t;
      t = performance.now();
      for (let s = 0; s < stepsPerRound; s++) {
        const logits = tf.tidy(way.logits);
        logits.dataSync();
        logits.dispose();
      }
      if (r > 0) forwardMs[w]! += performance.now() - t;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const steps = (rounds - 1) * stepsPerRound;
  const perStep = (ms: number[]) =>
    Object.fromEntries(ways.map((way, w) => [way.name, round(ms[w]! / steps, 2)]));
  emit({
    bench: 'classifier-mlp-overhead',
    backend,
    model: 'mlp 784-512-512-10',
    batchSize: BATCH,
    steps,
    trainMsPerStep: perStep(trainMs),
    forwardMsPerBatch: perStep(forwardMs),
    cortexVsDirectTrain: round(trainMs[0]! / trainMs[1]!, 3),
    cortexVsFusedTrain: round(trainMs[0]! / trainMs[2]!, 3),
  });
  optimizers.forEach((o) => o.dispose());
  models.forEach((m) => m.dispose());
  tf.dispose([x, labels]);
}

const info = await initBackend();
console.error(`backend: ${info.description}`);
const data = await loadMnist();
if (runs('overhead')) await overhead(data, info.name);
if (runs('mlp')) {
  await quality(
    data,
    info.name,
    { kind: 'mlp' },
    { model: 'mlp 784-512-512-10', reference: 0.953 },
  );
}
if (runs('conv')) {
  await quality(
    data,
    info.name,
    { kind: 'conv' },
    { model: 'conv 5x5x32-pool2-5x5x64-pool2-128-10' },
  );
}
