/** Small IDX files for tests, written into temporary folders. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The test pattern's byte at image n, row i, column j. */
export function patternByte(n: number, i: number, j: number): number {
  return (n * 37 + i * 11 + j * 3) % 256;
}

export function idxImagesBytes(count: number, height: number, width: number): Buffer {
  const bytes = Buffer.alloc(16 + count * height * width);
  bytes.writeUInt32BE(0x00000803, 0);
  bytes.writeUInt32BE(count, 4);
  bytes.writeUInt32BE(height, 8);
  bytes.writeUInt32BE(width, 12);
  let at = 16;
  for (let n = 0; n < count; n++) {
    for (let i = 0; i < height; i++) {
      for (let j = 0; j < width; j++) bytes[at++] = patternByte(n, i, j);
    }
  }
  return bytes;
}

export function idxLabelsBytes(labels: number[]): Buffer {
  const bytes = Buffer.alloc(8 + labels.length);
  bytes.writeUInt32BE(0x00000801, 0);
  bytes.writeUInt32BE(labels.length, 4);
  labels.forEach((label, i) => (bytes[8 + i] = label));
  return bytes;
}

/** Labels 0, 1, ..., classes-1, 0, 1, ... */
export function cyclicLabels(count: number, classes = 10): number[] {
  return Array.from({ length: count }, (_, i) => i % classes);
}

export type IdxRole = 'train-images' | 'train-labels' | 't10k-images' | 't10k-labels';

export interface FixtureOptions {
  gzip?: boolean;
  trainCount?: number;
  testCount?: number;
  height?: number;
  width?: number;
  /** Prefix such as 'emnist-letters' (then 'test-' is used instead of 't10k-'). */
  prefix?: string;
  /** Replace a file's (uncompressed) contents. */
  replace?: Partial<Record<IdxRole, Buffer>>;
  /** Leave files out. */
  omit?: IdxRole[];
}

export function idxFileName(role: IdxRole, gzip: boolean, prefix?: string): string {
  const kind = role.endsWith('images') ? 'idx3-ubyte' : 'idx1-ubyte';
  const base = prefix === undefined ? role : `${prefix}-${role.replace('t10k', 'test')}`;
  return `${base}-${kind}${gzip ? '.gz' : ''}`;
}

/** Write an IDX data set (default 12 train + 7 test 28x28 images, labels cycling 0..9). */
export async function writeIdxDataset(dir: string, options: FixtureOptions = {}): Promise<void> {
  const gzip = options.gzip ?? false;
  const height = options.height ?? 28;
  const width = options.width ?? 28;
  const trainCount = options.trainCount ?? 12;
  const testCount = options.testCount ?? 7;
  const contents: Record<IdxRole, Buffer> = {
    'train-images': idxImagesBytes(trainCount, height, width),
    'train-labels': idxLabelsBytes(cyclicLabels(trainCount)),
    't10k-images': idxImagesBytes(testCount, height, width),
    't10k-labels': idxLabelsBytes(cyclicLabels(testCount)),
    ...options.replace,
  };
  for (const [role, bytes] of Object.entries(contents) as [IdxRole, Buffer][]) {
    if (options.omit?.includes(role)) continue;
    const name = idxFileName(role, gzip, options.prefix);
    await writeFile(join(dir, name), gzip ? gzipSync(bytes) : bytes);
  }
}

/** A fresh temporary folder under the system temp dir. */
export async function makeTempDir(label = 'neocortex-data-'): Promise<string> {
  return mkdtemp(join(tmpdir(), label));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
