/**
 * Context shift (the duck on the sofa): does a classifier lean on context and
 * fail when an object appears in an unfamiliar setting? Digits (and the
 * synthetic letters A-E) are composited onto background textures whose kind is
 * correlated with the class in training (class k on texture k with probability
 * c). Each route is tested in familiar contexts (the training rule), out of
 * context (always another class's texture) and on unseen textures:
 *   mlp   - the feedforward classifier;
 *   m1    - a classifier on the latent means of a pcvae trained without labels;
 *   ssvae - the semi-supervised generative classifier on that pcvae;
 *   abs   - analysis by synthesis: one small generative model per class, the
 *           class whose model explains the input best (lowest -ELBO) wins;
 *   figure-ground - a generative model of the object in front of a background
 *           (object and background latents, a per-pixel mask), read out by
 *           analysis by synthesis on the object (figure-ground-abs) and by an
 *           MLP on the object latent (figure-ground-latent).
 */
import { join } from 'node:path';
import { z } from 'zod';
import { wholeNumber } from '../src/cortex/specFields.ts';
import {
  allIndices,
  analysisBySynthesisAccuracy,
  compositeOnTextures,
  feedforwardAccuracy,
  figureGroundAccuracy,
  findRow,
  formatMeanStd,
  latentClassifierAccuracy,
  latentMeans,
  linePlotSvg,
  loadExperimentData,
  markdownTable,
  ssvaeAccuracy,
  ssvaeCellForm,
  summarize,
  trainPcVaeRoute,
  type Experiment,
  type MeasurementRecord,
} from '../src/experiments/index.ts';
import type { ImageSet } from '../src/data/index.ts';
import { writeImageGrid } from '../src/io/imageGrid.ts';
import { binarizeTestSet } from '../src/models/evaluate.ts';
import type { PcVae } from '../src/models/pcvae/index.ts';

const pcvaeSize = z
  .object({
    latent: wholeNumber(1, 10_000),
    hidden: wholeNumber(1, 16_384),
    epochs: wholeNumber(1, 10_000),
  })
  .strict();

const figureGroundArea = z
  .object({ latent: wholeNumber(1, 10_000), hidden: wholeNumber(1, 16_384) })
  .strict();
const figureGroundSize = z
  .object({
    object: figureGroundArea,
    background: figureGroundArea,
    /** Largest probability of a background pixel being on: the texture is dimmer than the object. */
    backgroundCeiling: z.number().gt(0).max(1),
    epochs: wholeNumber(1, 10_000),
  })
  .strict();

/** What a run of this experiment may configure (`neocortex spec experiment context-shift`). */
export const ContextShiftConfig = z
  .object({
    /** Data sets of the default `--dataset mnist,letters`. */
    datasets: z.array(z.enum(['mnist', 'letters', 'fashion-mnist'])).min(1),
    /** How often an object appears on its own context texture in training (0..1). */
    correlations: z.array(z.number().min(0).max(1)).min(1),
    /** Training and test images of each data set. */
    train: wholeNumber(1, 1_000_000),
    test: wholeNumber(1, 1_000_000),
    /** The pcvae shared by m1 and ssvae. */
    vae: pcvaeSize,
    mlpSteps: wholeNumber(1, 10_000_000),
    latentSteps: wholeNumber(1, 10_000_000),
    classEpochs: wholeNumber(1, 10_000),
    /** Analysis by synthesis: one pcvae per class. */
    abs: pcvaeSize,
    /**
     * The figure-ground models (a class-conditional one for analysis by synthesis,
     * an unconditional one for the MLP on the object latent, `latentSteps` steps).
     */
    figureGround: figureGroundSize,
  })
  .strict();

const FULL = {
  datasets: ['mnist', 'letters'],
  correlations: [0.5, 0.8, 0.9, 0.95, 1],
  train: 2000,
  test: 600,
  // The ssvae's class area gets the 60 epochs of `neocortex train --model ssvae`.
  vae: { latent: 20, hidden: 200, epochs: 20 },
  mlpSteps: 200,
  latentSteps: 600,
  classEpochs: 60,
  abs: { latent: 8, hidden: 100, epochs: 20 },
  figureGround: {
    object: { latent: 16, hidden: 200 },
    background: { latent: 8, hidden: 100 },
    backgroundCeiling: 0.5,
    epochs: 20,
  },
};
const QUICK: z.input<typeof ContextShiftConfig> = {
  datasets: ['mnist'],
  correlations: [0.9],
  train: 600,
  test: 200,
  vae: { latent: 8, hidden: 64, epochs: 2 },
  mlpSteps: 30,
  latentSteps: 60,
  classEpochs: 1,
  abs: { latent: 4, hidden: 32, epochs: 2 },
  figureGround: {
    object: { latent: 4, hidden: 32 },
    background: { latent: 2, hidden: 16 },
    backgroundCeiling: 0.5,
    epochs: 1,
  },
};
const INTENSITY = 0.4;
/** The correlation whose composited data the report shows. */
const SHOWN_CORRELATION = 0.9;
/** The routes with one cell each that gives one record. */
const METHODS = ['mlp', 'm1', 'ssvae', 'abs'] as const;
/** The figure-ground route's cell gives two records, one per read-out. */
const FIGURE_GROUND = ['figure-ground-abs', 'figure-ground-latent'] as const;
/** Every method in the results, in the order of tables and plots. */
const ROUTES = [...METHODS, ...FIGURE_GROUND] as const;
const METHOD_NAMES: Record<string, string> = {
  mlp: 'feedforward MLP',
  m1: 'M1 latent classifier',
  ssvae: 'ssvae',
  abs: 'analysis by synthesis',
  'figure-ground-abs': 'figure-ground, synthesis on the object',
  'figure-ground-latent': 'figure-ground, MLP on the object latent',
};
type Accuracies = { inContext: number; outOfContext: number; unseen: number };
/** A figure-ground read-out's accuracies and its model's mask on object and texture pixels. */
type FigureGroundCell = Record<
  'synthesis' | 'latent',
  Accuracies & { maskOnObject: number; maskOnTexture: number }
>;

/**
 * The key and config of one cell: a route on one data set, correlation and seed.
 * The config holds only what the cell depends on, so runs that add seeds,
 * correlations, data sets or routes reuse every cell already finished.
 */
export function contextShiftCell(
  route: (typeof METHODS)[number] | 'figure-ground',
  size: z.output<typeof ContextShiftConfig>,
  dataset: string,
  correlation: number,
  seed: number,
): { key: string; config: Record<string, unknown> } {
  const common = {
    dataset,
    correlation,
    seed,
    train: size.train,
    test: size.test,
    intensity: INTENSITY,
  };
  const config = {
    mlp: { ...common, steps: size.mlpSteps },
    m1: { ...common, vae: size.vae, steps: size.latentSteps },
    ssvae: { ...common, vae: size.vae, classEpochs: size.classEpochs, ...ssvaeCellForm },
    abs: { ...common, abs: size.abs },
    'figure-ground': {
      ...common,
      figureGround: size.figureGround,
      latentSteps: size.latentSteps,
    },
  }[route];
  return { key: `${route}-${dataset}-c${correlation}-seed${seed}`, config };
}

export const contextShift: Experiment = {
  name: 'context-shift',
  title: 'Context shift: the duck on the sofa',
  claim:
    'A discriminative model leans on context and fails when an object appears in an ' +
    'unfamiliar setting; a generative model, which must explain the object itself, should suffer less.',
  datasets: ['mnist,letters', 'mnist', 'letters', 'fashion-mnist'],
  config: { schema: ContextShiftConfig, full: FULL, quick: QUICK },
  async run(ctx) {
    const size = ContextShiftConfig.parse(ctx.config);
    const datasets =
      ctx.dataset === 'mnist,letters' ? size.datasets : ctx.dataset.split(',').filter(Boolean);
    const config = { ...size, datasets, intensity: INTENSITY };
    ctx.progress.start(
      ctx.seeds.length * datasets.length * size.correlations.length * (METHODS.length + 1),
    );
    const records: MeasurementRecord[] = [];
    const grids: string[] = [];
    for (const name of datasets) {
      const base = await loadExperimentData(name, { train: size.train, test: size.test });
      for (const c of size.correlations) {
        for (const seed of ctx.seeds) {
          const dataSeed = 1000 * seed + Math.round(100 * c);
          const train = compositeOnTextures(base.train, {
            correlation: c,
            rule: 'in-context',
            seed: dataSeed,
            intensity: INTENSITY,
          }).set;
          const tests = (['in-context', 'out-of-context', 'unseen'] as const).map(
            (rule, k) =>
              compositeOnTextures(base.test, {
                correlation: c,
                rule,
                seed: dataSeed + 7 + k,
                intensity: INTENSITY,
              }).set,
          );
          if (seed === ctx.runSeeds[0] && c === SHOWN_CORRELATION) {
            const file = `samples-${name}.png`;
            await writeSampleGrid(join(ctx.outDir, file), train, tests[1]!);
            if (!grids.includes(file)) grids.push(file);
          }
          const binaryTests = tests.map((t) => ({ ...t, images: binarizeTestSet(t.images) }));
          let vae: Promise<PcVae> | undefined;
          const sharedVae = () =>
            (vae ??= trainPcVaeRoute(train, {
              ...size.vae,
              seed,
              checkpoint: ctx.checkpointPath(`pcvae-${name}-c${c}-seed${seed}`),
              onBatch: ctx.progress.tracker(`pcvae ${name} c=${c}`, size.vae.epochs),
            }).then((r) => r.model));
          try {
            for (const method of METHODS) {
              const cell = contextShiftCell(method, size, name, c, seed);
              const acc = await ctx.cell<Accuracies>(cell.key, cell.config, async () => {
                ctx.progress.within(`${method} ${name} c=${c} seed ${seed}`, 0);
                const labelled = allIndices(train.count);
                let reports;
                if (method === 'mlp') {
                  reports = await feedforwardAccuracy(train, labelled, tests, {
                    steps: size.mlpSteps,
                    seed,
                  });
                } else if (method === 'abs') {
                  reports = await analysisBySynthesisAccuracy(train, binaryTests, {
                    ...size.abs,
                    seed,
                    onClass: (k) =>
                      ctx.progress.within(`abs class ${k}`, k / train.classNames.length),
                  });
                } else if (method === 'm1') {
                  const model = await sharedVae();
                  reports = await latentClassifierAccuracy(
                    latentMeans(model, train),
                    labelled,
                    tests.map((t) => latentMeans(model, t)),
                    { steps: size.latentSteps, seed },
                  );
                } else {
                  reports = await ssvaeAccuracy(await sharedVae(), train, labelled, binaryTests, {
                    classEpochs: size.classEpochs,
                    seed,
                    onBatch: ctx.progress.tracker(`ssvae ${name} c=${c}`, size.classEpochs),
                  });
                }
                const [inContext, outOfContext, unseen] = reports.map((r) => r.accuracy);
                return { inContext: inContext!, outOfContext: outOfContext!, unseen: unseen! };
              });
              records.push({
                dataset: name,
                correlation: c,
                method,
                seed,
                ...acc,
                drop: acc.inContext - acc.outOfContext,
              });
              printCell(ctx.print, `${method} ${name} c=${c} seed ${seed}`, acc);
            }
            // Its own key and config: adding this route left the other routes' cells valid.
            const fgCell = contextShiftCell('figure-ground', size, name, c, seed);
            const fg = await ctx.cell<FigureGroundCell>(fgCell.key, fgCell.config, async () => {
              const route = await figureGroundAccuracy(train, tests, binaryTests, {
                ...size.figureGround,
                latentSteps: size.latentSteps,
                seed,
                intensity: INTENSITY,
                onStage: (stage) =>
                  ctx.progress.within(`figure-ground ${stage} ${name} c=${c} seed ${seed}`, 0),
              });
              const accuracies = (reports: { accuracy: number }[]) => {
                const [inContext, outOfContext, unseen] = reports.map((r) => r.accuracy);
                return { inContext: inContext!, outOfContext: outOfContext!, unseen: unseen! };
              };
              return {
                synthesis: {
                  ...accuracies(route.synthesis),
                  maskOnObject: route.synthesisMask.onObject,
                  maskOnTexture: route.synthesisMask.onTexture,
                },
                latent: {
                  ...accuracies(route.latent),
                  maskOnObject: route.latentMask.onObject,
                  maskOnTexture: route.latentMask.onTexture,
                },
              };
            });
            for (const [method, acc] of [
              ['figure-ground-abs', fg.synthesis],
              ['figure-ground-latent', fg.latent],
            ] as const) {
              records.push({
                dataset: name,
                correlation: c,
                method,
                seed,
                ...acc,
                drop: acc.inContext - acc.outOfContext,
              });
              printCell(ctx.print, `${method} ${name} c=${c} seed ${seed}`, acc);
            }
          } finally {
            (await vae?.catch(() => undefined))?.dispose();
          }
        }
      }
    }
    const metrics = ['inContext', 'outOfContext', 'unseen', 'drop'];
    const summary = summarize(
      records,
      ['dataset', 'correlation', 'method'],
      [...metrics, 'maskOnObject', 'maskOnTexture'],
    );
    const plots = datasets.map((name) => ({
      file: `accuracy-${name}.svg`,
      svg: linePlotSvg({
        title: `In-context (solid) vs out-of-context (dashed) accuracy, ${name}`,
        xLabel: 'correlation c of class and texture in training',
        yLabel: 'test accuracy (%)',
        yDomain: [0, 100],
        series: ROUTES.flatMap((method, i) =>
          (['inContext', 'outOfContext'] as const).map((metric) => ({
            name: `${METHOD_NAMES[method]} ${metric === 'inContext' ? 'in' : 'out'}`,
            dashed: metric === 'outOfContext',
            colour: i,
            points: size.correlations.flatMap((c) => {
              const row = findRow(summary, { dataset: name, correlation: c, method }, metric);
              return row ? [{ x: c, y: 100 * row.mean, spread: 100 * row.std }] : [];
            }),
          })),
        ),
      }),
    }));
    const tables = datasets.map((name) =>
      [
        `### ${name}`,
        '',
        markdownTable(
          [
            'c',
            'route',
            'in-context (%)',
            'out-of-context (%)',
            'unseen textures (%)',
            'drop (points)',
          ],
          size.correlations.flatMap((c) =>
            ROUTES.map((method) => {
              const key = { dataset: name, correlation: c, method };
              return [
                String(c),
                METHOD_NAMES[method]!,
                ...metrics.map((m) => formatMeanStd(findRow(summary, key, m), 1, 100)),
              ];
            }),
          ),
        ),
        '',
        `![accuracy against correlation, ${name}](accuracy-${name}.svg)`,
        '',
        `Figure-ground masks, ${name} (mean mask m on the out-of-context test images: on pixels ` +
          "brighter than the texture, the object's own, and on pixels only the texture lights):",
        '',
        markdownTable(
          ['c', 'model', 'm on object pixels', 'm on texture pixels'],
          size.correlations.flatMap((c) =>
            FIGURE_GROUND.map((method) => {
              const key = { dataset: name, correlation: c, method };
              return [
                String(c),
                method === 'figure-ground-abs' ? 'class-conditional' : 'unconditional',
                formatMeanStd(findRow(summary, key, 'maskOnObject'), 2),
                formatMeanStd(findRow(summary, key, 'maskOnTexture'), 2),
              ];
            }),
          ),
        ),
      ].join('\n'),
    );
    const report = [
      '## Setup',
      '',
      `- Objects: ${datasets.join(' and ')} (${size.train} training / ${size.test} test images each, ` +
        'a fixed random subset). Each image is composited onto a procedural texture (stripes of four ' +
        'orientations, two checkerboards, two dot lattices, rings, grid lines; random phase per image): ' +
        `pixel = max(object, ${INTENSITY} × texture).`,
      '- Training: an image of class k lies on texture k with probability c, otherwise on another ' +
        "class's texture drawn uniformly. Tests: in-context (the same rule), out-of-context (always " +
        "another class's texture, never its own), unseen (three textures no training image had).",
      `- mlp: MLP 784-512-512-classes, grey levels, all labels, ${size.mlpSteps} steps. ` +
        `pcvae 784-${size.vae.hidden}-${size.vae.latent}, ${size.vae.epochs} epochs without labels; ` +
        `m1: MLP latent-128-classes on its latent means, ${size.latentSteps} steps; ssvae: class area ` +
        `on that pcvae, ${size.classEpochs} epochs, every image labelled. abs: one pcvae ` +
        `784-${size.abs.hidden}-${size.abs.latent} per class, ${size.abs.epochs} epochs on that class's ` +
        'images; a test image goes to the class with the lowest −ELBO (mean of 4 posterior samples, ' +
        'binarised input).',
      `- figure-ground: an object area z_o (${size.figureGround.object.latent} units, maps ` +
        `784-${size.figureGround.object.hidden}) and a background area z_b ` +
        `(${size.figureGround.background.latent} units, maps 784-${size.figureGround.background.hidden}), ` +
        'each recognised from the image; the object predicts its pixels and a mask m, the background ' +
        'its pixels; each pixel is m·Bernoulli(object) + (1 − m)·Bernoulli(background), a background pixel ' +
        `on with probability at most ${size.figureGround.backgroundCeiling} (the texture, at ${INTENSITY}, is ` +
        'dimmer than the object); the mask starts at σ(−3), so the background first owns the scene; ' +
        `−ELBO with both KL terms, ${size.figureGround.epochs} epochs. figure-ground-abs: the object's two maps also read ` +
        "the class (the background's never do), trained with every label; a test image goes to the class " +
        'whose object model gives the lowest −ELBO (mean of 4 posterior samples, binarised input). ' +
        'figure-ground-latent: an unconditional model trained without labels; MLP latent-128-classes on ' +
        `the object latent's means, ${size.latentSteps} steps.`,
      '',
      'Sample of the composited data (top: training images; bottom: out-of-context test images):',
      '',
      ...grids.map((file) => `![composited ${file}](${file})`),
      '',
      '## Accuracy in and out of context',
      '',
      ...tables,
      '',
      '## Anchor',
      '',
      'Colored MNIST (Arjovsky et al. 2019): with colour correlated with the label in the training ' +
        'environments, plain training (ERM) reaches 87.4% on the training environments and 17.1% on the ' +
        'test environment where the correlation is flipped: a drop of 70.3 points. The phenomenon to look ' +
        'for here is the same: a drop from in-context to out-of-context accuracy that grows with c.',
      '',
      '## Reading',
      '',
      reading(summary, datasets, size.correlations),
    ].join('\n');
    return {
      config,
      records,
      summary,
      plots,
      images: grids,
      report,
      extra: { anchor: { arjovsky2019ColoredMnist: { train: 87.4, test: 17.1 } } },
    };
  },
};

/** Two rows of ten: training images, then out-of-context test images, classes in turn. */
async function writeSampleGrid(path: string, train: ImageSet, shifted: ImageSet) {
  const size = train.height * train.width;
  const classes = train.classNames.length;
  const take = (set: ImageSet) => {
    const out = new Float32Array(10 * size);
    for (let k = 0; k < 10; k++) {
      // The (k / classes)-th image of class k % classes.
      let seen = -1;
      const i = set.labels.findIndex(
        (label) => label === k % classes && ++seen === Math.floor(k / classes),
      );
      out.set(set.images.subarray(i * size, (i + 1) * size), k * size);
    }
    return out;
  };
  const both = new Float32Array(20 * size);
  both.set(take(train));
  both.set(take(shifted), 10 * size);
  await writeImageGrid(path, both, { height: train.height, width: train.width, columns: 10 });
}

function reading(
  summary: ReturnType<typeof summarize>,
  datasets: string[],
  correlations: number[],
): string {
  const percent = (row: { mean: number } | undefined) =>
    row ? `${(100 * row.mean).toFixed(1)}` : '–';
  const lines: string[] = [];
  for (const name of datasets) {
    const c = Math.max(...correlations);
    const at = (method: string, metric: string) =>
      findRow(summary, { dataset: name, correlation: c, method }, metric);
    const drops = ROUTES.map((m) => `${METHOD_NAMES[m]} ${percent(at(m, 'drop'))}`);
    const out = ROUTES.map((m) => ({ m, row: at(m, 'outOfContext') })).filter((x) => x.row);
    const best = out.reduce((a, b) => (b.row!.mean > a.row!.mean ? b : a), out[0]!);
    const mlpOut = at('mlp', 'outOfContext');
    const beating = out.filter((x) => x.m !== 'mlp' && mlpOut && x.row!.mean > mlpOut.mean);
    lines.push(
      `- ${name}, c = ${c}: drop from in-context to out-of-context accuracy, in points: ` +
        `${drops.join('; ')}. Best out-of-context accuracy: ${METHOD_NAMES[best.m]} ` +
        `(${percent(best.row)}%). ` +
        (beating.length > 0
          ? `Generative routes above the feedforward MLP out of context: ${beating.map((x) => METHOD_NAMES[x.m]).join(', ')}.`
          : 'No generative route is above the feedforward MLP out of context.'),
    );
  }
  for (const name of datasets) {
    const drops = correlations.map(
      (c) => findRow(summary, { dataset: name, correlation: c, method: 'mlp' }, 'drop')?.mean,
    );
    if (drops.some((d) => d === undefined)) continue;
    const rising = drops.every((d, i) => i === 0 || d! >= drops[i - 1]!);
    lines.push(
      `- ${name}: the feedforward MLP's drop ${rising ? 'grows' : 'does not grow steadily'} with c ` +
        `(${correlations.map((c, i) => `${c}: ${(100 * drops[i]!).toFixed(1)}`).join(', ')} points)` +
        (rising ? ', as the anchor predicts.' : '.'),
    );
  }
  for (const name of datasets) {
    const c = Math.max(...correlations);
    const row = (method: string, metric: string) =>
      findRow(summary, { dataset: name, correlation: c, method }, metric);
    const accuracies = (m: string) =>
      `in context ${percent(row(m, 'inContext'))}%, out ${percent(row(m, 'outOfContext'))}%, ` +
      `drop ${percent(row(m, 'drop'))} points`;
    const mlp = row('mlp', 'drop');
    const fg = FIGURE_GROUND.filter((m) => row(m, 'drop'));
    if (!mlp || fg.length === 0) continue;
    const less = fg.filter((m) => row(m, 'drop')!.mean < mlp.mean);
    lines.push(
      `- ${name}, c = ${c}: does a generative model of the object lean on context less than the ` +
        `feedforward MLP (${accuracies('mlp')})? ` +
        fg.map((m) => `${METHOD_NAMES[m]}: ${accuracies(m)}`).join('; ') +
        '. ' +
        (less.length === fg.length
          ? 'Both read-outs drop less'
          : less.length > 0
            ? `Only ${less.map((m) => METHOD_NAMES[m]).join(', ')} drops less`
            : 'No: neither read-out drops less') +
        ' (a small drop counts only where the in-context accuracy is well above chance).',
    );
  }
  lines.push(
    '- The other generative routes model every pixel, background included: a textured background ' +
      "carries most of an image's pixels, so their latent codes and per-class likelihoods are pulled " +
      'by the texture too. The figure-ground route lets the background explain the texture; the mask ' +
      'tables show how much of the texture its object claims. Whether it suffers less than the MLP is ' +
      'read off the tables above, not assumed.',
  );
  return lines.join('\n');
}

/** One line per finished cell: its accuracies in and out of context and on unseen textures. */
function printCell(print: (line: string) => void, what: string, acc: Accuracies): void {
  print(
    `${what}: in-context ${(100 * acc.inContext).toFixed(1)}%, ` +
      `out-of-context ${(100 * acc.outOfContext).toFixed(1)}%, unseen ${(100 * acc.unseen).toFixed(1)}%`,
  );
}
