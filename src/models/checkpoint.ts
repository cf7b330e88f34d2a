/**
 * Checkpoints: one file holding a model's spec, the training config, the epoch
 * reached, the history so far, and named float32 tensors (model weights and
 * optimizer state). Written atomically (write a temporary file, then rename),
 * so a crash leaves the previous checkpoint intact; read back with a checksum
 * check over every byte (magic, header and weights), so an altered, damaged,
 * truncated or extended file is refused rather than trusted.
 *
 * Layout: "NCSCKPT2" (8 bytes) | header length (uint32 LE) | header JSON (UTF-8)
 * | zero padding to a multiple of 4 | float32 payload (little-endian)
 * | SHA-256 (32 bytes) of everything before it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { writeFileAtomic } from '../io/atomicWrite.ts';
import { FileReadError, readBoundedBytes } from '../io/boundedRead.ts';
import { fileCap } from '../io/fileCaps.ts';
import { NeocortexError } from '../errors.ts';

const MAGIC = 'NCSCKPT2';
/** Format 1 checksummed only the weights: its header could be altered unseen. */
const MAGIC_V1 = 'NCSCKPT1';
const DIGEST_BYTES = 32;
/** The checkpoint format this version writes and reads. */
export const CHECKPOINT_FORMAT = 2;

/** A checkpoint that is missing, damaged, altered or of another config (code `CHECKPOINT_INVALID`). */
export class CheckpointError extends NeocortexError {
  /**
   * @param file - the checkpoint's path
   * @param problem - what is wrong with it
   */
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

function sha256(bytes: Uint8Array): Uint8Array {
  return createHash('sha256').update(bytes).digest();
}

/** The bytes of a checkpoint file: header, weights and a SHA-256 of both. */
export function encodeCheckpoint(content: CheckpointContent): Uint8Array {
  let offset = 0;
  const entries = content.tensors.map((t) => {
    const expected = t.shape.reduce((a, b) => a * b, 1);
    if (expected !== t.values.length) {
      throw new NeocortexError(
        'SHAPE_MISMATCH',
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
    tensors: entries,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const prefix = 8 + 4 + headerBytes.length;
  const padded = Math.ceil(prefix / 4) * 4;
  const body = padded + payloadBytes.length;
  const out = new Uint8Array(body + DIGEST_BYTES);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, headerBytes.length, true);
  out.set(headerBytes, 12);
  out.set(payloadBytes, padded);
  out.set(sha256(out.subarray(0, body)), body);
  return out;
}

/**
 * Read a checkpoint's bytes: the whole file must match its SHA-256 before any of
 * it is believed; then the header is parsed and the weights laid out.
 */
export function decodeCheckpoint(
  bytes: Uint8Array,
  file: string,
): { header: CheckpointHeader; tensors: Map<string, NamedArray> } {
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic === MAGIC_V1) {
    throw new CheckpointError(
      file,
      'an older checkpoint format (NCSCKPT1) whose header carries no checksum, so it cannot ' +
        'be checked; train again without --resume',
    );
  }
  if (bytes.length < 12 || magic !== MAGIC) {
    throw new CheckpointError(file, 'not a neocortex-sim checkpoint (wrong magic bytes)');
  }
  if (bytes.length < 12 + DIGEST_BYTES) {
    throw new CheckpointError(file, `truncated: only ${bytes.length} bytes`);
  }
  const body = bytes.length - DIGEST_BYTES;
  const digest = sha256(bytes.subarray(0, body));
  if (!timingSafeEqual(digest, bytes.subarray(body))) {
    throw new CheckpointError(
      file,
      'corrupt: the file does not match its checksum (altered, damaged, truncated or appended to)',
    );
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(
    8,
    true,
  );
  if (12 + headerLength > body) {
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
  if (body !== start + total * 4) {
    throw new CheckpointError(
      file,
      `truncated or padded: expected ${start + total * 4 + DIGEST_BYTES} bytes, found ${bytes.length}`,
    );
  }
  const payload = new Float32Array(bytes.slice(start, body).buffer, 0, total);
  const tensors = new Map<string, NamedArray>();
  for (const t of header.tensors) {
    if (t.offset + t.length > total || t.length !== t.shape.reduce((a, b) => a * b, 1)) {
      throw new CheckpointError(file, `damaged header: tensor ${t.name} does not fit the weights`);
    }
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
 * naming the file and the problem. It is read only if it is a regular file (a link is
 * followed) of at most `options.maxBytes` (default: the checkpoint cap of src/io/fileCaps.ts,
 * 2 GiB, or NEOCORTEX_MAX_CHECKPOINT_MIB), checked before a byte is read.
 */
export async function loadCheckpoint(
  path: string,
  options: { maxBytes?: number } = {},
): Promise<{ header: CheckpointHeader; tensors: Map<string, NamedArray> }> {
  const cap = fileCap('checkpoint');
  if (options.maxBytes !== undefined) {
    cap.maxBytes = options.maxBytes;
    cap.raise = 'pass a larger maxBytes to allow more';
  }
  let bytes: Uint8Array;
  try {
    bytes = await readBoundedBytes(path, cap);
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    throw new CheckpointError(
      path,
      error.reason === 'missing' ? 'no checkpoint here' : error.problem,
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
