/**
 * Issue #15's ratios from one bench run's records: each of our training
 * throughputs against PyTorch's on the same network and machine, in the same
 * run. PyTorch's figure is its best thread setting where several were run.
 */

/** One line a bench printed (the fields the ratios read). */
export type BenchRecord = Record<string, unknown>;

/** One ratio: ours against PyTorch's best. */
export interface Ratio {
  what: string;
  ours: number;
  /** Threads ours trained on. */
  threads: number;
  pytorch: number;
  pytorchThreads: number;
  ratio: number;
}

const threadsOf = (backend: string): number => Number(/-(\d+)thread/.exec(backend)?.[1] ?? 1);
const isPytorch = (r: BenchRecord): boolean => String(r['backend']).startsWith('pytorch');
const speed = (r: BenchRecord, key = 'samplesPerSecond'): number => Number(r[key]);

/** PyTorch's fastest record among `records` (undefined when it did not run). */
function bestPytorch(records: BenchRecord[]): { samples: number; threads: number } | undefined {
  let best: { samples: number; threads: number } | undefined;
  for (const r of records) {
    if (!isPytorch(r) || !(speed(r) > 0)) continue;
    if (best === undefined || speed(r) > best.samples) {
      best = { samples: speed(r), threads: threadsOf(String(r['backend'])) };
    }
  }
  return best;
}

function ratio(
  what: string,
  ours: number,
  threads: number,
  best: { samples: number; threads: number },
): Ratio {
  return {
    what,
    ours,
    threads,
    pytorch: best.samples,
    pytorchThreads: best.threads,
    ratio: Math.round((ours / best.samples) * 100) / 100,
  };
}

/** Every ratio the records allow (a row whose PyTorch twin did not run is left out). */
export function ratiosOf(records: BenchRecord[]): Ratio[] {
  const out: Ratio[] = [];
  const vae = records.filter((r) => r['bench'] === 'vae-train-throughput');
  const vaeTorch = bestPytorch(vae);
  if (vaeTorch !== undefined) {
    for (const r of vae) {
      if (r['backend'] !== 'wasm' && r['backend'] !== 'tensorflow') continue;
      if (!(speed(r) > 0)) continue; // skipped: the backend did not load
      const model = String(r['model']).split(' ')[0]!;
      const threads = Number(r['threads'] ?? 1);
      out.push(ratio(`${model} on ${String(r['backend'])}`, speed(r), threads, vaeTorch));
    }
  }
  const pc = records.filter((r) => r['bench'] === 'pc-learn-throughput');
  const ours = pc.find((r) => r['backend'] === 'wasm');
  for (const learning of ['local', 'backprop'] as const) {
    const torch = bestPytorch(pc.filter((r) => r['learning'] === learning));
    if (ours === undefined || torch === undefined) continue;
    const key = learning === 'local' ? 'localSamplesPerSecond' : 'backpropSamplesPerSecond';
    const what =
      learning === 'local'
        ? `pcn local learning, T = ${String(ours['inferenceSteps'])}`
        : 'pcn by backprop';
    out.push(ratio(what, speed(ours, key), 1, torch));
  }
  const classifiers = records.filter((r) => r['bench'] === 'classifier-train-throughput');
  for (const r of classifiers.filter((c) => c['backend'] === 'wasm')) {
    const torch = bestPytorch(classifiers.filter((c) => c['model'] === r['model']));
    if (torch === undefined) continue;
    out.push(ratio(`${String(r['model'])}, batch ${String(r['batchSize'])}`, speed(r), 1, torch));
  }
  return out;
}
