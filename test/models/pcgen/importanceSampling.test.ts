import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.ts';
import { buildHierarchy, type Hierarchy } from '../../../src/cortex/index.ts';
import {
  importanceSampledLogLikelihood,
  laplaceVariances,
  logJoint,
  logMeanExp,
} from '../../../src/models/pcgen/index.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

type Matrix = number[][];

/** Aᵀ (plain arrays). */
const transpose = (a: Matrix): Matrix => a[0]!.map((_, j) => a.map((row) => row[j]!));
/** A·B (plain arrays). */
const times = (a: Matrix, b: Matrix): Matrix =>
  a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
const plus = (a: Matrix, b: Matrix): Matrix => a.map((row, i) => row.map((v, j) => v + b[i]![j]!));
const diagonal = (values: number[]): Matrix =>
  values.map((v, i) => values.map((_, j) => (i === j ? v : 0)));

/** log N(x; mean, cov) by a Cholesky factorisation, in double precision. */
function logGaussian(x: number[], mean: number[], cov: Matrix): number {
  const n = x.length;
  const l: Matrix = cov.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = cov[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = i === j ? Math.sqrt(s) : s / l[j]![j]!;
    }
  }
  // Solve L y = x − mean; log N = −½|y|² − Σ log L_ii − (n/2) log 2π.
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    let s = x[i]! - mean[i]!;
    for (let k = 0; k < i; k++) s -= l[i]![k]! * y[k]!;
    y.push(s / l[i]![i]!);
  }
  const logDet = l.reduce((s, row, i) => s + Math.log(row[i]!), 0);
  return -0.5 * y.reduce((s, v) => s + v * v, 0) - logDet - 0.5 * n * Math.log(2 * Math.PI);
}

/** Set a feedback pathway's weights ([from, to], row form: drive = state · W). */
function setWeight(h: Hierarchy, from: string, to: string, w: Matrix): void {
  h.pathway(from, to).map.weight.assign(tf.tensor2d(w));
}

function setBias(h: Hierarchy, area: string, b: number[]): void {
  h.area(area).priorBias!.assign(tf.tensor1d(b));
}

describe('the importance-sampled log p(x) of a linear-Gaussian hierarchy', () => {
  it('is exact when the posterior is diagonal: every importance weight equals p(x)', () => {
    // z ~ N(0, I_2); x | z ~ N(z·W + b, I/4). W's rows are orthogonal, so the posterior
    // precision I + 4·W·Wᵀ = diag(9, 17) is diagonal and the Laplace proposal is the posterior.
    const h = buildHierarchy({
      areas: [
        { name: 'x', size: 3, precision: 4 },
        { name: 'z', size: 2 },
      ],
      pathways: [{ from: 'z', to: 'x', kind: 'feedback' }],
    });
    const w = [
      [1, 0, 1],
      [0, 2, 0],
    ];
    const b = [0.5, -0.3, 0.1];
    setWeight(h, 'z', 'x', w);
    setBias(h, 'x', b);
    const images = [
      [1.2, 0.4, -0.7],
      [-0.5, 2.0, 0.3],
    ];
    h.settle(images, { iterations: 300, stepSize: 0.1 });
    // The settled state is the posterior mean (x − b)·Wᵀ·4 / diag(9, 17).
    const z = h.readState('z');
    images.forEach((x, i) => {
      const r = x.map((v, j) => v - b[j]!);
      expect(z[2 * i]).toBeCloseTo((4 * (r[0]! + r[2]!)) / 9, 4);
      expect(z[2 * i + 1]).toBeCloseTo((4 * 2 * r[1]!) / 17, 4);
    });
    const variances = laplaceVariances(h);
    expect(Array.from(variances.get(h.area('z'))!.dataSync())).toEqual(
      [1 / 9, 1 / 17, 1 / 9, 1 / 17].map((v) => expect.closeTo(v, 6)),
    );
    tf.dispose([...variances.values()]);
    const covariance = plus(times(transpose(w), w), diagonal([0.25, 0.25, 0.25]));
    const result = importanceSampledLogLikelihood(h, { samples: 16, seed: 3 });
    images.forEach((x, i) => {
      const exact = logGaussian(x, b, covariance);
      expect(result.logLikelihood[i]).toBeCloseTo(exact, 3);
      for (const logWeight of result.logWeights[i]!) expect(logWeight).toBeCloseTo(exact, 3);
    });
    h.dispose();
  });

  it('converges to the closed form on a chain with correlated posteriors and per-unit precisions', () => {
    // z2 ~ N(0, I); z1 | z2 ~ N(z2·A + a, diag(1/π1)); x | z1 ~ N(z1·B + c, I/2).
    const pi1 = [1.5, 0.5];
    const h = buildHierarchy({
      areas: [
        { name: 'x', size: 3, precision: 2 },
        { name: 'z1', size: 2, precision: pi1 },
        { name: 'z2', size: 2 },
      ],
      pathways: [
        { from: 'z1', to: 'x', kind: 'feedback' },
        { from: 'z2', to: 'z1', kind: 'feedback' },
      ],
    });
    const a = [
      [0.8, -0.6],
      [0.5, 1.1],
    ];
    const bz = [0.2, -0.4];
    const bmat = [
      [1.0, 0.7, -0.4],
      [0.3, -1.2, 0.9],
    ];
    const c = [0.1, 0.3, -0.2];
    setWeight(h, 'z2', 'z1', a);
    setBias(h, 'z1', bz);
    setWeight(h, 'z1', 'x', bmat);
    setBias(h, 'x', c);
    const images = [
      [0.9, -0.4, 1.1],
      [-1.3, 0.8, 0.2],
    ];
    h.settle(images, { iterations: 400, stepSize: 0.2 });
    const z1Cov = plus(times(transpose(a), a), diagonal(pi1.map((p) => 1 / p)));
    const xCov = plus(times(times(transpose(bmat), z1Cov), bmat), diagonal([0.5, 0.5, 0.5]));
    const xMean = times([bz], bmat)[0]!.map((v, j) => v + c[j]!);
    const result = importanceSampledLogLikelihood(h, { samples: 20_000, seed: 5 });
    images.forEach((x, i) => {
      const exact = logGaussian(x, xMean, xCov);
      expect(Math.abs(result.logLikelihood[i]! - exact)).toBeLessThan(0.02);
      // One sample is a noisy lower bound: its weights spread, so K matters here.
      const weights = result.logWeights[i]!;
      const spread = Math.max(...weights) - Math.min(...weights);
      expect(spread).toBeGreaterThan(0.5);
    });
    h.dispose();
  });
});

describe('the joint density', () => {
  it('adds the Gaussian normalisers to the free energy, and a Bernoulli sensory area has none', () => {
    const h = buildHierarchy({
      areas: [
        { name: 'x', size: 2, activation: 'sigmoid', likelihood: 'bernoulli' },
        { name: 'z1', size: 2, activation: 'tanh', precision: 3 },
        { name: 'z2', size: 1 },
      ],
      pathways: [
        { from: 'z1', to: 'x', kind: 'feedback' },
        { from: 'z2', to: 'z1', kind: 'feedback' },
      ],
    });
    setWeight(h, 'z1', 'x', [
      [1, -2],
      [0.5, 1],
    ]);
    setBias(h, 'x', [0.1, -0.2]);
    setWeight(h, 'z2', 'z1', [[2, -1]]);
    setBias(h, 'z1', [0.3, 0]);
    const x = [1, 0];
    const z1 = [0.4, -0.7];
    const z2 = [0.6];
    const states = new Map([
      [h.area('x'), tf.tensor2d([x])],
      [h.area('z1'), tf.tensor2d([z1])],
      [h.area('z2'), tf.tensor2d([z2])],
    ]);
    const value = logJoint(h, states).dataSync()[0]!;
    tf.dispose([...states.values()]);
    // By hand: log Bern(x; σ(z1·W + b)) + log N(z1; tanh(z2·A + a), I/3) + log N(z2; 0, 1).
    const u0 = [0.4 * 1 + -0.7 * 0.5 + 0.1, 0.4 * -2 + -0.7 * 1 - 0.2];
    const logBern = x.reduce((s, xi, j) => s + xi * u0[j]! - Math.log1p(Math.exp(u0[j]!)), 0);
    const mu1 = [Math.tanh(0.6 * 2 + 0.3), Math.tanh(0.6 * -1)];
    const logN1 = z1.reduce(
      (s, v, j) => s - 1.5 * (v - mu1[j]!) ** 2 - 0.5 * Math.log((2 * Math.PI) / 3),
      0,
    );
    const logN2 = -0.5 * 0.36 - 0.5 * Math.log(2 * Math.PI);
    expect(value).toBeCloseTo(logBern + logN1 + logN2, 4);
    h.dispose();
  });

  it('log-mean-exp is stable far from zero', () => {
    expect(logMeanExp([-1000, -1000])).toBeCloseTo(-1000, 10);
    expect(logMeanExp([0, Math.log(3)])).toBeCloseTo(Math.log(2), 10);
  });
});
