import { describe, expect, it } from 'vitest';
import { ratiosOf } from '../../bench/ratios.ts';

describe('the bench ratios against PyTorch', () => {
  it('sets each of our throughputs against the best PyTorch thread setting of the same network', () => {
    const records = [
      {
        bench: 'vae-train-throughput',
        backend: 'wasm',
        model: 'vae 784-400-20',
        threads: 1,
        samplesPerSecond: 3000,
      },
      {
        bench: 'vae-train-throughput',
        backend: 'wasm',
        model: 'pcvae 784-400-20',
        threads: 2,
        samplesPerSecond: 4000,
      },
      {
        bench: 'vae-train-throughput',
        backend: 'wasm-stock',
        model: 'vae 784-400-20',
        samplesPerSecond: 600,
      },
      {
        bench: 'vae-train-throughput',
        backend: 'pytorch-1.13-cpu-1thread',
        samplesPerSecond: 6000,
      },
      {
        bench: 'vae-train-throughput',
        backend: 'pytorch-1.13-cpu-2thread',
        samplesPerSecond: 8000,
      },
      {
        bench: 'pc-learn-throughput',
        backend: 'wasm',
        inferenceSteps: 20,
        localSamplesPerSecond: 200,
        backpropSamplesPerSecond: 5000,
      },
      {
        bench: 'pc-learn-throughput',
        backend: 'pytorch-1.13-cpu-1thread',
        learning: 'local',
        samplesPerSecond: 1000,
      },
      {
        bench: 'pc-learn-throughput',
        backend: 'pytorch-1.13-cpu-1thread',
        learning: 'backprop',
        samplesPerSecond: 10000,
      },
      {
        bench: 'classifier-train-throughput',
        backend: 'wasm',
        model: 'mlp',
        batchSize: 32,
        samplesPerSecond: 1200,
      },
      {
        bench: 'classifier-train-throughput',
        backend: 'pytorch-1.13-cpu-1thread',
        model: 'mlp',
        samplesPerSecond: 4000,
      },
      {
        bench: 'classifier-train-throughput',
        backend: 'pytorch-1.13-cpu-2thread',
        model: 'mlp',
        samplesPerSecond: 1700,
      },
      {
        bench: 'classifier-train-throughput',
        backend: 'wasm',
        model: 'conv',
        batchSize: 128,
        samplesPerSecond: 300,
      },
    ];
    const ratios = ratiosOf(records);
    expect(ratios.map((r) => [r.what, r.threads, r.pytorchThreads, r.ratio])).toEqual([
      ['vae on wasm', 1, 2, 0.38],
      ['pcvae on wasm', 2, 2, 0.5],
      ['pcn local learning, T = 20', 1, 1, 0.2],
      ['pcn by backprop', 1, 1, 0.5],
      ['mlp, batch 32', 1, 1, 0.3],
    ]);
  });

  it('gives no ratio where PyTorch did not run', () => {
    const records = [
      { bench: 'vae-train-throughput', backend: 'wasm', model: 'vae', samplesPerSecond: 3000 },
      { bench: 'vae-train-throughput', backend: 'pytorch', skipped: 'PyTorch is not importable' },
    ];
    expect(ratiosOf(records)).toEqual([]);
  });
});
