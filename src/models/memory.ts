/**
 * Memory a model spec needs, estimated from the spec alone, and the check that refuses a spec
 * over a limit before anything is allocated: a pcvae of 50 areas of 4,096 units or an MLP of
 * 16 layers of 16,384 units is refused at once, naming its estimate, instead of filling the
 * machine's memory (or the wasm heap) minutes later. The limit is stated
 * ({@link DEFAULT_MEMORY_LIMIT}) and an explicit option raises it.
 */
import { NeocortexError } from '../errors.ts';
import type { MemoryEstimate } from './kind.ts';

/** The limit a run keeps to unless told otherwise: 2 GiB (half the wasm backend's heap). */
export const DEFAULT_MEMORY_LIMIT = 2 * 1024 ** 3;

/** Bytes of one float32 value. */
const FLOAT = 4;

/** The estimate's total in bytes. */
export function totalBytes(estimate: MemoryEstimate): number {
  return estimate.parameters + estimate.optimizer + estimate.activations;
}

/** Weights and biases of a chain of dense layers through `sizes` (e.g. [784, 400, 20]). */
export function denseParameters(sizes: readonly number[]): number {
  let count = 0;
  for (let i = 1; i < sizes.length; i++) count += sizes[i - 1]! * sizes[i]! + sizes[i]!;
  return count;
}

/**
 * The estimate of a model trained by gradient steps: `parameters` weights (float32), each
 * with a gradient and `optimizerSlots` values of optimizer state (Adam: 2), and
 * `unitsPerImage` activations per image of a batch, each kept with its gradient.
 */
export function trainingMemory(options: {
  parameters: number;
  optimizerSlots: number;
  unitsPerImage: number;
  batchSize: number;
}): MemoryEstimate {
  return {
    parameters: options.parameters * FLOAT,
    optimizer: options.parameters * (1 + options.optimizerSlots) * FLOAT,
    activations: options.unitsPerImage * options.batchSize * 2 * FLOAT,
  };
}

/** A size in bytes for people: `512 MB`, `3.2 GB` (powers of 1024). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

const multipliers: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
};

/**
 * A memory size as a person types it: `4GB`, `512 MB`, `2GiB`, `1.5g` or a number of bytes
 * (powers of 1024). Throws a NeocortexError (`OPTION_INVALID`) naming `what` otherwise.
 */
export function parseByteSize(text: string, what = '--max-memory'): number {
  const match = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const multiplier = match ? multipliers[match[2]!.toLowerCase()] : undefined;
  const bytes = match && multiplier !== undefined ? Number(match[1]) * multiplier : NaN;
  if (!Number.isFinite(bytes) || bytes <= 0) {
    throw new NeocortexError(
      'OPTION_INVALID',
      `${what} ${text}: expected a size such as 4GB, 512MB or a number of bytes`,
    );
  }
  return Math.round(bytes);
}

/**
 * Refuse a spec whose estimate is over `limit` bytes (`SPEC_INVALID`), naming the estimate,
 * its parts, the limit and `howToRaise` (e.g. `--max-memory 8GB`).
 * @param what - the spec, for the message (`the pcvae spec`)
 */
export function checkMemory(
  what: string,
  estimate: MemoryEstimate,
  limit: number,
  howToRaise: (needed: string) => string,
): void {
  const total = totalBytes(estimate);
  if (total <= limit) return;
  // A whole number of gigabytes, with room to spare.
  const needed = `${Math.ceil((total * 1.25) / 1024 ** 3)}GB`;
  throw new NeocortexError(
    'SPEC_INVALID',
    `${what} needs about ${formatBytes(total)} to train (weights ${formatBytes(estimate.parameters)}, ` +
      `gradients and optimizer state ${formatBytes(estimate.optimizer)}, ` +
      `activations of a batch ${formatBytes(estimate.activations)}), ` +
      `over the memory limit of ${formatBytes(limit)}; make it smaller, or ${howToRaise(needed)} ` +
      'if this machine has the memory',
  );
}
