/**
 * The plots of `predictive-coding`: −ELBO against settling iterations with the
 * −log p(x) line, latent-classifier accuracy against input noise, pcn accuracy
 * per epoch and against inference steps T, and pcgen's −log p(x) per epoch.
 */
import type { PlotFile } from '../types.ts';
import { linePlotSvg, type PlotSeries } from '../svgPlot.ts';
import { figure, type PredictiveCodingView } from './view.ts';

/** A series of (x, mean ± std) points from the summary, skipping unmeasured ones. */
function series(
  view: PredictiveCodingView,
  name: string,
  xs: readonly number[],
  key: (x: number) => Record<string, string | number>,
  metric: string,
  options: { scale?: number; xOf?: (x: number) => number; dashed?: boolean; colour?: number } = {},
): PlotSeries {
  const scale = options.scale ?? 1;
  return {
    name,
    ...(options.dashed ? { dashed: true } : {}),
    ...(options.colour !== undefined ? { colour: options.colour } : {}),
    points: xs.flatMap((x) => {
      const row = figure(view, key(x), metric);
      return row
        ? [{ x: options.xOf ? options.xOf(x) : x, y: scale * row.mean, spread: scale * row.std }]
        : [];
    }),
  };
}

/** Every plot of the run. */
export function predictiveCodingPlots(view: PredictiveCodingView): PlotFile[] {
  const { size } = view;
  const iterations = size.gap.iterations;
  const xMax = iterations.at(-1)! + 1;
  const gapSeries = view.models.flatMap((model, i) => {
    const nll = figure(view, { part: 'gap-split', model }, 'nll');
    return [
      series(
        view,
        `${model} −ELBO`,
        iterations,
        (t) => ({ part: 'gap', model, iterations: t }),
        'negElbo',
        {
          xOf: (t) => t + 1,
          colour: i,
        },
      ),
      ...(nll
        ? [
            {
              name: `${model} −log p(x), IWAE K=${size.gap.iwaeK}`,
              dashed: true,
              colour: i,
              points: [
                { x: 1, y: nll.mean },
                { x: xMax, y: nll.mean },
              ],
            },
          ]
        : []),
    ];
  });
  const epochs = Array.from({ length: size.pcn.epochs }, (_, e) => e + 1);
  const pcgenEpochs = Array.from({ length: size.pcgen.epochs }, (_, e) => e + 1);
  return [
    {
      file: 'amortization-gap.svg',
      svg: linePlotSvg({
        title: `Test −ELBO against settling iterations from the encoder's guess (${view.dataset})`,
        xLabel: 'settling iterations + 1 (log scale; 1 = the encoder alone)',
        yLabel: 'nats per image (mean ± std over seeds)',
        xScale: 'log',
        series: gapSeries,
      }),
    },
    {
      file: 'noise.svg',
      svg: linePlotSvg({
        title: `Latent classifier under ${size.noise.kind} input noise (${view.dataset})`,
        xLabel:
          size.noise.kind === 'gaussian'
            ? 'noise standard deviation'
            : 'fraction of pixels flipped to 0 or 1',
        yLabel: 'test accuracy (%)',
        series: view.models.flatMap((model, i) =>
          (['encoder', 'settled'] as const).map((latent) =>
            series(
              view,
              `${model}: z1 from ${latent === 'encoder' ? 'the encoder' : `settling (T=${size.noise.iterations})`}`,
              size.noise.levels,
              (level) => ({ part: 'noise', model, level, latent }),
              'accuracy',
              { scale: 100, colour: i, dashed: latent === 'settled' },
            ),
          ),
        ),
      }),
    },
    {
      file: 'pcn-learning-curves.svg',
      svg: linePlotSvg({
        title: `pcn: test accuracy per epoch, local against backprop (${view.dataset})`,
        xLabel: 'epoch',
        yLabel: 'test accuracy (%)',
        series: [
          series(
            view,
            `local (T=${size.pcn.inferenceSteps})`,
            epochs,
            (epoch) => ({ part: 'pcn', learning: 'local', T: size.pcn.inferenceSteps, epoch }),
            'accuracy',
            { scale: 100 },
          ),
          series(
            view,
            'backprop',
            epochs,
            (epoch) => ({ part: 'pcn', learning: 'backprop', T: 0, epoch }),
            'accuracy',
            { scale: 100 },
          ),
        ],
      }),
    },
    {
      file: 'pcn-inference-steps.svg',
      svg: linePlotSvg({
        title: `pcn, local learning: test accuracy after ${size.pcn.epochs} epochs against T`,
        xLabel: 'settle iterations T per training step (log scale)',
        yLabel: 'test accuracy (%)',
        xScale: 'log',
        series: [
          series(
            view,
            'local',
            view.localSteps,
            (T) => ({ part: 'pcn', learning: 'local', T, epoch: size.pcn.epochs }),
            'accuracy',
            { scale: 100 },
          ),
        ],
      }),
    },
    {
      file: 'pcgen-learning-curves.svg',
      svg: linePlotSvg({
        title: `pcgen: test −log p(x) and free energy per epoch (${view.dataset})`,
        xLabel: 'epoch',
        yLabel: 'nats per image',
        series: (['local', 'backprop'] as const).flatMap((learning, i) => [
          series(
            view,
            `${learning}: −log p(x), IS K=${size.pcgen.samples}`,
            pcgenEpochs,
            (epoch) => ({ part: 'pcgen', learning, epoch }),
            'nll',
            { colour: i },
          ),
          series(
            view,
            `${learning}: settled free energy`,
            pcgenEpochs,
            (epoch) => ({ part: 'pcgen', learning, epoch }),
            'freeEnergy',
            { colour: i, dashed: true },
          ),
        ]),
      }),
    },
  ];
}
