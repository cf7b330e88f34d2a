/**
 * A model kind of your own, in one file: logistic PCA (Schein, Saul and Ungar 2003). A few
 * Gaussian factors z ~ N(0, I) draw binary pixels x ~ Bernoulli(sigmoid(W z + b)). Built from
 * the cortex's parts: two areas, `pixels` and `factors`, and one feedback pathway (W). There
 * is no encoder: the factors settle until they explain an image (predictive coding), then W
 * and b learn from their own two areas (the local rule).
 *
 * Importing it registers the kind `logistic-pca`. docs/models.md ("Add your own model kind")
 * walks through it; it uses only the package's public exports.
 *
 *   neocortex train --plugin my-kind.mjs --model logistic-pca --factors 16 --epochs 3
 *   neocortex serve --plugin my-kind.mjs --model logistic-pca
 */
import {
  HierarchyGenerativeModel,
  binarize,
  binarizeTestSet,
  buildHierarchy,
  denseParameters,
  gatherImages,
  liveSettleSteps,
  localStepTrace,
  numberOption,
  registerModelKind,
  reportBatches,
  runEpochs,
  tf,
  trainedField,
  trainedRun,
  trainingFields,
  trainingMemory,
  z,
} from 'neocortex-sim';

const NAME = 'logistic-pca';

// The spec: each field once, with its bounds, default and description.
const factors = z.number().int().min(1).max(1024).describe('Units of the factors area.');
const inferenceSteps = z.number().int().min(1).max(1000).describe('Settle iterations T.');
const LogisticPcaSpec = z
  .object({
    kind: z.literal(NAME),
    factors: factors.default(16),
    inferenceSteps: inferenceSteps.default(20),
    inferenceRate: z.number().positive().max(10).default(0.1).describe('First settle step.'),
    ...trainingFields, // dataset, dataDir, epochs, batchSize, learningRate, seed
  })
  .strict();

/** The network's fields of a spec (a model spec, an experiment's entry or a live spec). */
const networkOf = ({ factors, inferenceSteps, inferenceRate = 0.1 }) => ({
  factors,
  inferenceSteps,
  inferenceRate,
});

/** Flat pixel rows as a [rows, size] tensor (the caller disposes it). */
const rows = (pixels, size) => tf.tensor2d(pixels, [pixels.length / size, size]);

/** Its memory: W and b with Adam's two moments, and a batch's two areas while training. */
const memory = (inputSize, size, batchSize) =>
  trainingMemory({
    parameters: denseParameters([size, inputSize]),
    optimizerSlots: 2,
    unitsPerImage: 4 * (inputSize + size),
    batchSize,
  });

/** The model: a hierarchy of two areas. `network` is what its checkpoints keep. */
class LogisticPca {
  constructor(network, seed) {
    this.network = network; // { inputSize, factors, inferenceSteps, inferenceRate }
    this.hierarchy = buildHierarchy({
      areas: [
        { name: 'pixels', size: network.inputSize, activation: 'sigmoid', likelihood: 'bernoulli' },
        { name: 'factors', size: network.factors }, // linear, prior N(0, I)
      ],
      pathways: [{ from: 'factors', to: 'pixels', kind: 'feedback' }],
      seed,
    });
  }

  /** Settle images `x` from rest (the factors at 0) for T iterations down the free energy. */
  settle(x, energyByArea = false) {
    const { inferenceSteps: iterations, inferenceRate: stepSize } = this.network;
    return this.hierarchy.settle(x, { iterations, stepSize, energyByArea, continueFrom: 'prior' });
  }

  /** One step on binary images: settle, then W and b learn locally. The settled free energy. */
  learn(pixels, optimizer) {
    const x = rows(pixels, this.network.inputSize);
    try {
      this.settle(x);
      return this.hierarchy.learn({ optimizer }).freeEnergy;
    } finally {
      x.dispose();
    }
  }

  /** The pixels' Bernoulli means predicted down from factor values (one row an image). */
  predict(top) {
    this.hierarchy.generate(top);
    return this.hierarchy.readState('pixels');
  }

  /** Images settled, then predicted back from their factors. */
  reconstruct(pixels) {
    const x = rows(pixels, this.network.inputSize);
    try {
      this.settle(x);
      return this.predict(this.hierarchy.readState('factors'));
    } finally {
      x.dispose();
    }
  }

  /** `count` images from the prior: factors drawn from N(0, I), then predicted down. */
  sample(count, seed) {
    const top = tf.randomNormal([count, this.network.factors], 0, 1, 'float32', seed);
    try {
      return this.predict(top);
    } finally {
      top.dispose();
    }
  }

  dispose() {
    this.hierarchy.dispose();
  }
}

/** Training through the package's epoch loop: shuffling, checkpoints, resume, the NaN stop. */
async function fit(model, images, { epochs, seed, batchSize, learningRate, checkpoint, onBatch }) {
  // b starts at the log-odds of the mean image, so W learns only what varies (a resume restores b).
  tf.tidy(() => {
    const mean = rows(images.images, model.network.inputSize).mean(0).clipByValue(0.01, 0.99);
    model.hierarchy.area('pixels').priorBias.assign(tf.log(tf.div(mean, tf.sub(1, mean))));
  });
  const optimizer = tf.train.adam(learningRate);
  const variables = model.hierarchy.variables();
  try {
    return await runEpochs({
      epochs,
      seed,
      batchSize,
      count: images.count,
      checkpoint,
      onBatch,
      state: { kind: NAME, spec: model.network, variables, optimizer },
      step: (positions, epochRng) => {
        const pixels = binarize(gatherImages(images, positions), epochRng);
        return { loss: model.learn(pixels, optimizer) };
      },
      summarize: (totals) => ({ epoch: totals.epoch, trainFreeEnergy: totals.meanLoss }),
    });
  } finally {
    optimizer.dispose();
  }
}

/** What the live page says about it (the page names no kind: it shows these). */
const captions = {
  title: 'Logistic PCA (a plugin)',
  heading: 'logistic-pca: the factors',
  headingTitle: 'Binary pixels drawn from a few Gaussian factors through one linear map',
  modes: {
    train:
      'Train: every tick the factors settle on a batch of images, then W learns from its two ' +
      'areas; the panels show a test image settled and predicted back.',
    recognize:
      'Recognize: there is no encoder. The factors start at 0 and settle until they explain ' +
      'the input; the prediction comes back down from them. No learning.',
  },
  curve: {
    title: 'logistic PCA, nats/image',
    negElbo: 'F',
    reconstruction: 'pixels',
    kl: 'factors',
  },
  freeEnergy: 'Free energy after settling from rest, per tick',
  localLearning: {
    title: 'logistic PCA: pixels and factors',
    clamped: 'The image (the pixels area) is clamped: held fixed. The factors start at 0.',
  },
};

/** The model on the live page. The base class dreams, settles, lesions and loads weights. */
class LiveLogisticPca extends HierarchyGenerativeModel {
  constructor(model, optimizer) {
    super({
      kind: NAME,
      learning: 'local',
      captions,
      hierarchy: model.hierarchy,
      variables: model.hierarchy.variables(),
      optimizer,
      dispose: () => model.dispose(),
      // A trained model's areas, read from the network its checkpoint saved.
      trainedAreas: (network) => [
        { name: 'pixels', size: network.inputSize },
        { name: 'factors', size: network.factors },
      ],
    });
    this.model = model;
  }

  trainStep(binary) {
    const x = rows(binary, this.model.network.inputSize);
    try {
      const settled = this.model.settle(x, true);
      this.hierarchy.learn({ optimizer: this.optimizer });
      const trace = localStepTrace(this.hierarchy, settled);
      return {
        negElbo: trace.freeEnergy.at(-1),
        reconstruction: trace.settle.pixels.at(-1),
        trace,
      };
    } finally {
      x.dispose();
    }
  }

  recognize(inputs, clamp) {
    const { inputSize, inferenceSteps, inferenceRate } = this.model.network;
    const x = rows(inputs, inputSize);
    try {
      const last = this.recordedSettle(x, inferenceSteps, inferenceRate, 'prior').at(-1);
      const found = { topMeans: this.hierarchy.readState('factors'), negElbo: last.freeEnergy };
      const clamped = clamp.some((value) => value !== null && value !== undefined);
      return { ...(clamped ? this.predictedFromTop(last.latents, clamp) : last), ...found };
    } finally {
      x.dispose();
    }
  }

  /** Without an encoder, settling "from recognition" starts at rest. */
  settleFrom(start) {
    return start === 'recognition' ? 'prior' : start;
  }
}

registerModelKind({
  name: NAME,
  summary: 'logistic PCA: binary pixels from a few Gaussian factors, settled and learned locally',
  spec: LogisticPcaSpec,
  estimateBytes: (spec, data) =>
    memory(data.height * data.width, spec.factors, spec.batchSize ?? 128),
  build: (spec, data, seed) =>
    new LogisticPca({ inputSize: data.height * data.width, ...networkOf(spec) }, seed),
  training: {
    lossName: 'F',
    async train(model, spec, context) {
      const config = { ...model.network, learningRate: spec.learningRate }; // a resume must match
      const checkpoint = context.checkpoint?.(config);
      const result = await fit(model, context.data.train, {
        epochs: spec.epochs,
        seed: spec.seed,
        batchSize: context.batchSize,
        learningRate: spec.learningRate,
        checkpoint,
        onBatch: reportBatches(context, spec.epochs),
      });
      return trainedRun(result, config, checkpoint);
    },
  },
  evaluate(model, spec, { test }) {
    const x = rows(binarizeTestSet(test.images), test.height * test.width);
    const settled = model.settle(x, true);
    x.dispose();
    const freeEnergy = settled.freeEnergy.at(-1);
    const reconstruction = settled.areaEnergy.pixels.at(-1);
    return {
      test: { freeEnergy, reconstruction, count: test.count }, // metrics.json's `test`
      lines: [
        `test free energy ${freeEnergy.toFixed(2)} nats ` +
          `(pixels ${reconstruction.toFixed(2)}) on ${test.count} images`,
      ],
    };
  },
  pictures: {
    samples: (model, count, seed) => model.sample(count, seed),
    reconstructions: (model, x) => model.reconstruct(x.dataSync()),
  },
  options: [numberOption('--factors <n>', 'factors', 'units of the factors area')],

  // As an experiment's generative model (e.g. novel-generation's `models`).
  generator: {
    entry: z
      .object({
        kind: z.literal(NAME),
        factors,
        inferenceSteps: inferenceSteps.default(20),
        epochs: trainingFields.epochs,
      })
      .strict(),
    async train(entry, images, { seed, checkpoint, onBatch }) {
      const network = { inputSize: images.height * images.width, ...networkOf(entry) };
      const model = new LogisticPca(network, seed);
      try {
        const result = await fit(model, images, {
          epochs: entry.epochs,
          seed,
          batchSize: 128,
          learningRate: 1e-3,
          checkpoint: checkpoint?.(network),
          onBatch,
        });
        return {
          sampling: 'factors drawn from N(0, I); the image is the pixels’ Bernoulli means',
          history: result.epochs.map((epoch) => epoch.trainFreeEnergy),
          sample: (count, sampleSeed) => model.sample(count, sampleSeed),
          reconstruct: (pixels) => model.reconstruct(pixels),
          dispose: () => model.dispose(),
        };
      } catch (error) {
        model.dispose();
        throw error;
      }
    },
    describe: (entry, inputSize) =>
      `${NAME} ${inputSize}-${entry.factors} (T = ${entry.inferenceSteps})`,
  },

  // In a live session's generative slot: its spec narrowed (a frame carries every iteration).
  live: {
    kind: NAME,
    slot: 'generative',
    spec: LogisticPcaSpec.pick({ kind: true, factors: true, inferenceRate: true }).extend({
      inferenceSteps: liveSettleSteps(inferenceSteps).default(20),
      trained: trainedField,
    }),
    estimateBytes: (spec, { inputSize, batchSize }) => memory(inputSize, spec.factors, batchSize),
    build: (spec, { inputSize, seed, learningRate }) =>
      new LiveLogisticPca(
        new LogisticPca({ inputSize, ...networkOf(spec) }, seed),
        tf.train.adam(learningRate),
      ),
  },
});
