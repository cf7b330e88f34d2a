/**
 * Checkpoints: one file holding a model's spec, the training config, the epoch
 * reached, the history so far, and named float32 tensors (model weights and
 * optimizer state). Written atomically (write a temporary file, then rename),
 * so a crash leaves the previous checkpoint intact; read back with a checksum
 * check, so a damaged file is refused rather than trusted.
 *
 * Layout: "NCSCKPT1" (8 bytes) | header length (uint32 LE) | header JSON (UTF-8)
 * | zero padding to a multiple of 4 | float32 payload (little-endian).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../io/atomicWrite.ts';
import { NeocortexError } from '../errors.ts';

const MAGIC = 'NCSCKPT1';
export const CHECKPOINT_FORMAT = 1;

export class CheckpointError extends NeocortexError {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super('CHECKPOINT_INVALID', `${file}: ${problem}`);
  }
}

/** One named tensor of a checkpoint: its shape and values. */
export interface NamedArray {
  name: string;
  shape: number[];
  values: Float32Array;
}

const TensorEntry = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  offset: z.number().int().nonnegative(),
  length: z.number().int().nonnegative(),
});

const Header = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  model: z.string(),
  spec: z.unknown(),
  config: z.record(z.string(), z.unknown()),
  epoch: z.number().int().nonnegative(),
  history: z.array(z.unknown()),
  savedAt: z.string(),
  version: z.string(),
  sha256: z.string(),
  tensors: z.array(TensorEntry),
});
/** A checkpoint's header: format, model kind and spec, config, seed and training history. */
export type CheckpointHeader = z.infer<typeof Header>;

/**
 * Everything a checkpoint holds: the header fields and the named tensors (weights and optimiser
 * state).
 */
export interface CheckpointContent {
  model: string;
  spec: unknown;
  config: Record<string, unknown>;
  epoch: number;
  history: unknown[];
  version: string;
  tensors: NamedArray[];
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function encodeCheckpoint(content: CheckpointContent): Uint8Array {
  let offset = 0;
  const entries = content.tensors.map((t) => {
    const expected = t.shape.reduce((a, b) => a * b, 1);
    if (expected !== t.values.length) {
      throw new Error(
        `checkpoint tensor ${t.name}: shape ${t.shape} has ${expected} values, got ${t.values.length}`,
      );
    }
    const entry = { name: t.name, shape: t.shape, offset, length: t.values.length };
    offset += t.values.length;
    return entry;
  });
  const payload = new Float32Array(offset);
  content.tensors.forEach((t, i) => payload.set(t.values, entries[i]!.offset));
  const payloadBytes = new Uint8Array(payload.buffer);
  const header: CheckpointHeader = {
    format: CHECKPOINT_FORMAT,
    model: content.model,
    spec: content.spec,
    config: content.config,
    epoch: content.epoch,
    history: content.history,
    savedAt: new Date().toISOString(),
    version: content.version,
    sha256: sha256(payloadBytes),
    tensors: entries,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const prefix = 8 + 4 + headerBytes.length;
  const padded = Math.ceil(prefix / 4) * 4;
  const out = new Uint8Array(padded + payloadBytes.length);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, headerBytes.length, true);
  out.set(headerBytes, 12);
  out.set(payloadBytes, padded);
  return out;
}

export function decodeCheckpoint(
  bytes: Uint8Array,
  file: string,
): { header: CheckpointHeader; tensors: Map<string, NamedArray> } {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw new CheckpointError(file, 'not a neocortex-sim checkpoint (wrong magic bytes)');
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(
    8,
    true,
  );
  if (12 + headerLength > bytes.length) {
    throw new CheckpointError(file, `truncated: the header needs ${headerLength} bytes`);
  }
  let header: CheckpointHeader;
  try {
    header = Header.parse(
      JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))),
    );
  } catch (error) {
    throw new CheckpointError(file, `damaged header (${(error as Error).message.split('\n')[0]})`);
  }
  const start = Math.ceil((12 + headerLength) / 4) * 4;
  const total = header.tensors.reduce((sum, t) => sum + t.length, 0);
  if (bytes.length !== start + total * 4) {
    throw new CheckpointError(
      file,
      `truncated or padded: expected ${start + total * 4} bytes, found ${bytes.length}`,
    );
  }
  const payloadBytes = bytes.slice(start);
  if (sha256(payloadBytes) !== header.sha256) {
    throw new CheckpointError(file, 'corrupt: the weights do not match their checksum');
  }
  const payload = new Float32Array(payloadBytes.buffer, 0, total);
  const tensors = new Map<string, NamedArray>();
  for (const t of header.tensors) {
    tensors.set(t.name, {
      name: t.name,
      shape: t.shape,
      values: payload.subarray(t.offset, t.offset + t.length),
    });
  }
  return { header, tensors };
}

/** Write a checkpoint to `path` atomically: one file with a SHA-256 checksum. */
export async function saveCheckpoint(path: string, content: CheckpointContent): Promise<void> {
  await writeFileAtomic(path, encodeCheckpoint(content));
}

/**
 * Read a checkpoint; a missing, corrupt, truncated or foreign file is a {@link CheckpointError}
 * naming the file and the problem.
 */
export async function loadCheckpoint(
  path: string,
): Promise<{ header: CheckpointHeader; tensors: Map<string, NamedArray> }> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CheckpointError(
      path,
      code === 'ENOENT' ? 'no checkpoint here' : (error as Error).message,
    );
  }
  return decodeCheckpoint(bytes, path);
}

/**
 * Refuse a checkpoint made with another model or config: every key of the
 * expected config must match exactly (epochs may differ: resuming may extend a run).
 */
export function assertSameConfig(
  header: CheckpointHeader,
  file: string,
  model: string,
  config: Record<string, unknown>,
  ignore: readonly string[] = ['epochs'],
): void {
  if (header.model !== model) {
    throw new CheckpointError(file, `holds a "${header.model}" model, not "${model}"`);
  }
  const differences: string[] = [];
  const keys = new Set([...Object.keys(config), ...Object.keys(header.config)]);
  for (const key of keys) {
    if (ignore.includes(key)) continue;
    const a = JSON.stringify(header.config[key]);
    const b = JSON.stringify(config[key]);
    if (a !== b) differences.push(`${key}: checkpoint ${a ?? 'unset'}, now ${b ?? 'unset'}`);
  }
  if (differences.length > 0) {
    throw new CheckpointError(
      file,
      `was made with another config, refusing to resume (${differences.join('; ')})`,
    );
  }
}
