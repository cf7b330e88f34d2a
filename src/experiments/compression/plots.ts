/**
 * The plots of the conceptual-compression experiment: rate against distortion
 * (one curve per beta, a point per latent size), MIG against beta (mean ± std
 * and every seed), and the normalised factor-by-unit MI heatmap of each beta.
 */
import { heatmapSvg } from '../heatmapSvg.ts';
import { findRow } from '../stats.ts';
import { linePlotSvg } from '../svgPlot.ts';
import type { PlotFile } from '../types.ts';
import type { CompressionOutcome, CompressionSettings } from './types.ts';

/** Rate against distortion (one curve per beta), MIG against beta, and a heatmap per beta. */
export function compressionPlots(config: CompressionSettings, dis: CompressionOutcome): PlotFile[] {
  const { summary } = dis;
  const rdRow = (latent: number, beta: number, metric: string) =>
    findRow(summary, { part: 'rate-distortion', latent, beta }, metric);
  const rateDistortionPlot = linePlotSvg({
    title: 'Rate against distortion (points: latent sizes)',
    xLabel: 'rate: test KL(q(z|x) ‖ p(z)) (nats)',
    yLabel: 'distortion: −log p(x|z) (nats)',
    series: config.betas.map((beta) => ({
      name: `beta ${beta}`,
      points: config.latentSizes.flatMap((latent) => {
        const rate = rdRow(latent, beta, 'rate');
        const distortion = rdRow(latent, beta, 'distortion');
        return rate && distortion
          ? [{ x: rate.mean, y: distortion.mean, spread: distortion.std }]
          : [];
      }),
    })),
  });
  const migRow = (beta: number) => findRow(summary, { part: 'disentanglement', beta }, 'mig');
  const seeds = [...new Set(dis.matrices.map((m) => m.seed))];
  const migPlot = linePlotSvg({
    title: `MIG on the letters against beta (latent ${config.migLatent})`,
    xLabel: 'beta (weight on the KL)',
    yLabel: 'MIG',
    xScale: config.migBetas.length > 1 && Math.min(...config.migBetas) > 0 ? 'log' : 'linear',
    series: [
      {
        name: 'mean ± std over seeds',
        points: config.migBetas.flatMap((beta) => {
          const row = migRow(beta);
          return row ? [{ x: beta, y: row.mean, spread: row.std }] : [];
        }),
      },
      ...seeds.map((seed) => ({
        name: `seed ${seed}`,
        dashed: true,
        points: dis.matrices
          .filter((m) => m.seed === seed)
          .map((m) => ({ x: m.beta, y: m.mig.mig })),
      })),
    ],
  });
  const heatmaps = dis.matrices
    .filter((m) => m.seed === seeds[0])
    .map((m) => ({
      file: `mi-matrix-beta${m.beta}.svg`,
      svg: heatmapSvg({
        title: `I(factor; unit) / H(factor), letters, beta ${m.beta}, seed ${m.seed} (MIG ${m.mig.mig.toFixed(3)})`,
        rowLabels: m.mig.factors,
        columnLabels: m.mig.mutualInformation[0]!.map((_, j) => `z${j + 1}`),
        values: m.mig.mutualInformation.map((row, k) =>
          row.map((v) => v / m.mig.factorEntropy[k]!),
        ),
        domain: [0, 1],
        valueLabel: 'normalised MI',
      }),
    }));
  return [
    { file: 'rate-distortion.svg', svg: rateDistortionPlot },
    { file: 'mig.svg', svg: migPlot },
    ...heatmaps,
  ];
}
