/**
 * `npm run bench [-- name ...]`: benchmarks, one JSON object per line on stdout.
 * Names: mnist-load, profile, vae-train, pytorch, settle, eval, pc-learn, classifiers, live, soak, fuzz, queue, fanout. With no names,
 * all run but soak (an hour of the page in Chromium), fuzz (a minute of hostile
 * messages), queue (minutes of workers on a Redis of its own) and fanout (serve, relays, Redis
 * and 200 viewers as processes): those only when named.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  initBackend,
  installFastTransposedMatMul,
  installFusedKernels,
  uninstallFastTransposedMatMul,
  uninstallFusedKernels,
  type BackendName,
} from '../src/backend/index.ts';
import { loadMnist } from '../src/data/index.ts';
import { fuzzServer } from './fuzz.ts';
import { liveFanout } from './liveFanout.ts';
import { classifierThroughput } from './classifierThroughput.ts';
import { localLearningThroughput } from './localLearning.ts';
import { pageSoak, slope } from './pageSoak.ts';
import { profileTrainingStep } from './profile.ts';
import { settleOverhead } from './settleOverhead.ts';
import { vaeTrainingThroughput } from './vaeThroughput.ts';
import { ratiosOf, type BenchRecord } from './ratios.ts';
import { evaluationTimings } from './evaluation.ts';

const wanted = new Set(process.argv.slice(2));
const runs = (name: string): boolean => wanted.size === 0 || wanted.has(name);
/** Every record printed so far: the closing ratios are computed from them. */
const records: BenchRecord[] = [];
const emit = (record: Record<string, unknown>): void => {
  records.push(record);
  console.log(JSON.stringify({ ...record, node: process.version, time: new Date().toISOString() }));
};
const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

async function benchMnistLoad(): Promise<void> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'neocortex-bench-'));
  try {
    let t = performance.now();
    await loadMnist({ cacheDir });
    const coldMs = performance.now() - t;
    t = performance.now();
    await loadMnist({ cacheDir });
    const cachedMs = performance.now() - t;
    emit({ bench: 'mnist-load', coldMs: round(coldMs), cachedMs: round(cachedMs) });
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

async function benchVaeTraining(): Promise<void> {
  const { train } = await loadMnist();
  // variant: 'unfused' = fast transposed matMul without the fused kernels (Adam,
  // dense, loss); 'stock' = every stock tfjs wasm kernel.
  const plan: {
    backend: BackendName;
    steps: number;
    variant?: 'unfused' | 'stock';
    kind?: 'pcvae';
    /** 2: data-parallel on two threads (sim/dataParallel). */
    workers?: 2;
  }[] = [
    { backend: 'tensorflow', steps: 100 },
    { backend: 'wasm', steps: 100 },
    { backend: 'wasm', steps: 100, workers: 2 },
    { backend: 'wasm', steps: 100, variant: 'unfused' },
    { backend: 'wasm', steps: 100, kind: 'pcvae' },
    { backend: 'wasm', steps: 100, kind: 'pcvae', workers: 2 },
    { backend: 'wasm', steps: 10, variant: 'stock' },
    { backend: 'cpu', steps: 3 },
  ];
  for (const { backend, steps, variant, kind, workers } of plan) {
    try {
      await initBackend(backend);
    } catch (error) {
      emit({
        bench: 'vae-train-throughput',
        backend,
        skipped: (error as Error).message.split('\n')[0],
      });
      continue;
    }
    if (variant !== undefined) uninstallFusedKernels();
    if (variant === 'stock') uninstallFastTransposedMatMul();
    try {
      const result = await vaeTrainingThroughput(train, steps, 3, kind ?? 'vae', workers ?? 1);
      emit({
        bench: 'vae-train-throughput',
        backend: variant === undefined ? backend : `wasm-${variant}`,
        model: `${kind ?? 'vae'} 784-400-20-400-784 bernoulli`,
        threads: workers ?? 1,
        batchSize: 128,
        samplesPerSecond: round(result.samplesPerSecond),
        msPerStep: round(result.msPerStep, 2),
        steps: result.steps,
        startSeconds: result.startSeconds === undefined ? undefined : round(result.startSeconds, 2),
        target: backend === 'wasm' && variant === undefined ? 2500 : undefined,
        numTensors: tf.memory().numTensors,
      });
    } finally {
      if (variant === 'stock') installFastTransposedMatMul();
      if (variant !== undefined) installFusedKernels();
    }
  }
}

/**
 * Run a PyTorch reference script of bench/reference/ with `args` under the first
 * interpreter that can import torch; its JSON lines, or undefined when none can.
 */
function pytorchRecords(name: string, args: string[]): Record<string, unknown>[] | undefined {
  const script = join(import.meta.dirname, 'reference', name);
  for (const python of ['/usr/bin/python3', 'python3']) {
    try {
      const out = execFileSync(python, [script, ...args], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return out
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    } catch {
      // try the next interpreter
    }
  }
  return undefined;
}

/** The PyTorch twin of the VAE step, with 1 and 2 threads (the ratios take its best). */
function benchPytorchReference(): void {
  for (const threads of ['1', '2']) {
    const records = pytorchRecords('vae_pytorch.py', [threads, '200']);
    if (records === undefined) {
      emit({
        bench: 'vae-train-throughput',
        backend: 'pytorch',
        skipped: 'PyTorch is not importable (Debian: apt-get install python3-torch)',
      });
      return;
    }
    emit(records.at(-1)!);
  }
}

async function benchSettle(): Promise<void> {
  await initBackend('wasm');
  const { test } = await loadMnist();
  const r = settleOverhead(test);
  emit({
    bench: 'settle-overhead',
    backend: 'wasm',
    hierarchy: '784-256-32',
    batch: 1,
    iterationsPerSecond: round(r.iterationsPerSecond),
    directIterationsPerSecond: round(r.directIterationsPerSecond),
    overheadShare: round(r.overheadShare, 3),
    overheadShareQuartiles: r.overheadShareQuartiles.map((q) => round(q, 3)),
    target: 0.1,
    withViewerIterationsPerSecond: round(r.withViewerIterationsPerSecond),
    maxEnergyDifference: r.maxEnergyDifference,
  });
}

/**
 * Kernels of one training step (tf.profile), on wasm with the fused kernels and
 * with the stock tfjs kernels (the fast transposed matMul in both). Counts are
 * exact; the time shares move with the machine's load.
 */
async function benchProfile(): Promise<void> {
  await initBackend('wasm');
  for (const fused of [false, true]) {
    if (!fused) uninstallFusedKernels();
    try {
      for (const kind of ['vae', 'pcvae'] as const) {
        const p = await profileTrainingStep(kind);
        emit({
          bench: 'train-step-profile',
          backend: fused ? 'wasm' : 'wasm-stock-kernels',
          model: p.model,
          batchSize: p.batchSize,
          kernels: p.kernels,
          kernelMs: round(p.kernelMs, 2),
          byName: p.byName.map((g) => ({
            name: g.name,
            count: g.count,
            ms: round(g.ms, 2),
            share: round(g.share, 3),
          })),
        });
      }
    } finally {
      installFusedKernels();
    }
  }
}

if (runs('mnist-load')) await benchMnistLoad();
if (runs('profile')) await benchProfile();
if (runs('vae-train')) await benchVaeTraining();
if (runs('pytorch')) benchPytorchReference();
if (runs('settle')) await benchSettle();

/** The pcvae's test stages: settling the test set and -log p(x) (issue #15). */
async function benchEvaluation(): Promise<void> {
  await initBackend('wasm');
  const { test } = await loadMnist();
  for (const t of evaluationTimings(test)) {
    emit({
      bench: 'pcvae-test-stage',
      backend: 'wasm',
      model: 'pcvae 784-400-20',
      stage: t.stage,
      images: t.images,
      seconds: round(t.seconds, 2),
      imagesPerSecond: round(t.imagesPerSecond),
    });
  }
}

if (runs('eval')) await benchEvaluation();

async function benchLocalLearning(): Promise<void> {
  await initBackend('wasm');
  const { train } = await loadMnist();
  const r = localLearningThroughput(train);
  emit({
    bench: 'pc-learn-throughput',
    backend: 'wasm',
    network: '784-256-256-10 tanh, predictions up',
    batchSize: r.batchSize,
    inferenceSteps: r.inferenceSteps,
    localSamplesPerSecond: round(r.localSamplesPerSecond),
    backpropSamplesPerSecond: round(r.backpropSamplesPerSecond),
    settleIterationsPerSecond: round(r.settleIterationsPerSecond),
  });
  const records = pytorchRecords('pcn_pytorch.py', ['1', '10', String(r.inferenceSteps)]);
  if (records === undefined) {
    emit({
      bench: 'pc-learn-throughput',
      backend: 'pytorch',
      skipped: 'PyTorch is not importable',
    });
    return;
  }
  for (const record of records) emit(record);
}

if (runs('pc-learn')) await benchLocalLearning();

/** The MLP (batch 32) and the conv net (batch 128) on wasm, then PyTorch with 1 and 2 threads. */
async function benchClassifiers(): Promise<void> {
  await initBackend('wasm');
  const { train } = await loadMnist();
  for (const r of classifierThroughput(train)) {
    emit({
      bench: 'classifier-train-throughput',
      backend: 'wasm',
      model: r.model,
      batchSize: r.batchSize,
      samplesPerSecond: round(r.samplesPerSecond),
      msPerStep: round(r.msPerStep, 2),
      steps: r.steps,
    });
  }
  for (const threads of ['1', '2']) {
    const records = pytorchRecords('classifier_pytorch.py', [threads, '3']);
    if (records === undefined) {
      emit({
        bench: 'classifier-train-throughput',
        backend: 'pytorch',
        skipped: 'PyTorch is not importable',
      });
      return;
    }
    for (const record of records) emit(record);
  }
}

if (runs('classifiers')) await benchClassifiers();

async function benchLive(): Promise<void> {
  for (const r of await liveFanout()) {
    emit({
      bench: 'live-fanout',
      mode: r.mode,
      clients: r.clients,
      seconds: round(r.seconds),
      ticksPerSecond: round(r.ticksPerSecond),
      framesPerSecondPerClient: {
        min: round(r.framesPerSecondPerClient.min),
        median: round(r.framesPerSecondPerClient.median),
        max: round(r.framesPerSecondPerClient.max),
      },
      latencyMs: r.latencyMs,
      target: { framesPerSecondPerClient: 25, p95LatencyMs: 100 },
      serverCpuCores: round(r.serverCpuCores, 2),
      serverRssMb: round(r.serverRssMb),
      trainingSamplesPerSecond: round(r.trainingSamplesPerSecond),
    });
  }
}

if (runs('live')) await benchLive();

/** Opt-in (an hour by default): SOAK_MINUTES and SOAK_INTERVAL_SECONDS set its length. */
async function benchSoak(): Promise<void> {
  const minutes = Number(process.env['SOAK_MINUTES'] ?? 60);
  const intervalSeconds = Number(process.env['SOAK_INTERVAL_SECONDS'] ?? 60);
  if (!(minutes > 0 && intervalSeconds > 0)) {
    throw new Error('SOAK_MINUTES and SOAK_INTERVAL_SECONDS must be positive numbers');
  }
  const samples = await pageSoak({
    minutes,
    intervalSeconds,
    onSample: (sample) => emit({ bench: 'page-soak-sample', ...sample }),
  });
  // From the first frame on (before it the page is still being built).
  const live = samples.filter((s) => Number.isFinite(s.tick));
  const later = live.slice(Math.floor(live.length / 2));
  emit({
    bench: 'page-soak',
    minutes,
    samples: live.length,
    domNodes: {
      min: Math.min(...live.map((s) => s.domNodes)),
      max: Math.max(...live.map((s) => s.domNodes)),
    },
    heapMb: {
      min: Math.min(...live.map((s) => s.heapMb)),
      max: Math.max(...live.map((s) => s.heapMb)),
      // MB per hour over the second half (after warm-up); near 0 when nothing leaks.
      slopePerHourLaterHalf: round(
        60 *
          slope(
            later.map((s) => s.minute),
            later.map((s) => s.heapMb),
          ),
        2,
      ),
    },
    ticks: samples.at(-1)!.tick,
    pageErrors: samples.at(-1)!.pageErrors,
  });
}

// Only when named: it takes an hour.
if (wanted.has('soak')) await benchSoak();

async function benchFuzz(): Promise<void> {
  const result = await fuzzServer();
  const fps = result.viewerFramesPerSecond;
  emit({
    bench: 'fuzz',
    ...result,
    targets: {
      crashes: result.crashes === 0,
      stateChanges: result.stateChanges === 0,
      viewerAbove20: Math.min(fps.before.min, fps.during.min, fps.after.min) > 20,
      rssGrowthUnder5Percent: result.rssMb.growthPercent < 5,
    },
  });
}
if (wanted.has('fuzz')) await benchFuzz();

// Only when named: serve, relays and a redis-server as processes, 200 viewers (bench/fanout.ts).
if (wanted.has('fanout')) {
  const { fanoutBench } = await import('./fanout.ts');
  for (const record of await fanoutBench()) emit(record);
}

// Only when named: it starts a redis-server and workers, and takes minutes (bench/queue.ts).
if (wanted.has('queue')) {
  const { queueBench } = await import('./queue.ts');
  for (const record of await queueBench()) emit(record);
}

// Issue #15's ratios: ours against PyTorch's best thread setting, from this run's records.
for (const r of ratiosOf(records)) {
  emit({ bench: 'ratio-to-pytorch', ...r, ratio: r.ratio, target: 0.5 });
}
