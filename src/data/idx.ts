/**
 * Reader for the IDX format of MNIST-like data sets (LeCun's format): a
 * big-endian header - two zero bytes, a type code (0x08 = unsigned byte), the
 * number of dimensions, then each dimension's size as u32 - followed by the
 * data. Files may be gzip-compressed; that is detected by the gzip magic
 * bytes 0x1f 0x8b, not by the file name.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { DataError } from './types.ts';

/**
 * The largest IDX file accepted, uncompressed, in bytes (1 GiB; EMNIST's largest
 * file, byclass train images, is 547 MB). A header implying more is refused
 * before anything is read or inflated.
 */
export const MAX_IDX_BYTES = 1024 ** 3;

/** unsigned byte, 3 dimensions (count, rows, columns). */
export const IDX_IMAGES_MAGIC = 0x00000803;
/** unsigned byte, 1 dimension (count). */
export const IDX_LABELS_MAGIC = 0x00000801;

export interface IdxImages {
  count: number;
  height: number;
  width: number;
  /** count * height * width bytes, row-major (a view into the file's bytes). */
  pixels: Uint8Array;
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function describeMagic(magic: number): string {
  if (magic === IDX_IMAGES_MAGIC) return 'an IDX image file';
  if (magic === IDX_LABELS_MAGIC) return 'an IDX label file';
  return 'not an unsigned-byte IDX file of the expected kind';
}

/** What an IDX header says: the dimension sizes and the file's whole length. */
interface IdxLayout {
  sizes: number[];
  /** Header plus data, in bytes. */
  expected: number;
}

/**
 * Check the header of an IDX file (its first bytes, `found` being the file's
 * whole length when known) and return what it implies, refusing a size over
 * `maxBytes` before any data is read.
 */
function parseHeader(
  path: string,
  head: Buffer,
  found: number,
  magic: number,
  dims: number,
  maxBytes: number,
): IdxLayout {
  const headerBytes = 4 + 4 * dims;
  if (head.length < 4) {
    throw new DataError(path, `truncated: ${found} bytes, too short for an IDX magic number`);
  }
  const foundMagic = head.readUInt32BE(0);
  if (foundMagic !== magic) {
    throw new DataError(
      path,
      `wrong magic number: expected ${hex(magic)}, found ${hex(foundMagic)} (${describeMagic(foundMagic)})`,
    );
  }
  if (head.length < headerBytes) {
    throw new DataError(
      path,
      `truncated header: expected at least ${headerBytes} bytes, found ${found}`,
    );
  }
  const sizes: number[] = [];
  for (let d = 0; d < dims; d++) sizes.push(head.readUInt32BE(4 + 4 * d));
  const expected = headerBytes + sizes.reduce((a, b) => a * b, 1);
  if (expected > maxBytes) {
    throw new DataError(
      path,
      `too large: header (${sizes.join(' x ')}) implies ${expected} bytes, over the limit of ` +
        `${maxBytes} bytes`,
    );
  }
  return { sizes, expected };
}

function checkLength(path: string, layout: IdxLayout, found: number): void {
  const { sizes, expected } = layout;
  if (found < expected) {
    throw new DataError(
      path,
      `truncated: header (${sizes.join(' x ')}) implies ${expected} bytes, found ${found}`,
    );
  }
  if (found > expected) {
    throw new DataError(
      path,
      `${found - expected} trailing bytes: header (${sizes.join(' x ')}) implies ` +
        `${expected} bytes, found ${found}`,
    );
  }
}

async function openForReading(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataError(path, code === 'ENOENT' ? 'file not found' : `cannot read (${code})`);
  }
}

/** A raw IDX file: its header is checked against the file's size before the data is read. */
async function readRaw(
  path: string,
  file: FileHandle,
  magic: number,
  dims: number,
  maxBytes: number,
): Promise<{ layout: IdxLayout; bytes: Buffer }> {
  const size = (await file.stat()).size;
  const head = Buffer.alloc(Math.min(size, 4 + 4 * dims));
  await file.read(head, 0, head.length, 0);
  const layout = parseHeader(path, head, size, magic, dims, maxBytes);
  checkLength(path, layout, size);
  const bytes = Buffer.allocUnsafe(size);
  await file.read(bytes, 0, size, 0);
  return { layout, bytes };
}

/**
 * A gzipped IDX file, inflated as a stream: the header is checked as soon as it
 * is inflated, and inflating stops at the first byte past the size it implies,
 * so a small file that would expand to gigabytes costs no more than its header says.
 */
async function readGzip(
  path: string,
  file: FileHandle,
  magic: number,
  dims: number,
  maxBytes: number,
): Promise<{ layout: IdxLayout; bytes: Buffer }> {
  const headerBytes = 4 + 4 * dims;
  let layout: IdxLayout | undefined;
  let bytes: Buffer | undefined;
  let filled = 0;
  const head: Buffer[] = [];
  let headLength = 0;
  let refused: unknown;
  const take = (chunk: Buffer): void => {
    if (bytes === undefined || layout === undefined) {
      head.push(chunk);
      headLength += chunk.length;
      if (headLength < headerBytes) return;
      const first = Buffer.concat(head);
      layout = parseHeader(path, first, headLength, magic, dims, maxBytes);
      bytes = Buffer.allocUnsafe(layout.expected);
      chunk = first;
    }
    if (filled + chunk.length > layout.expected) {
      throw new DataError(
        path,
        `more data than its header (${layout.sizes.join(' x ')}) implies: ${layout.expected} ` +
          `bytes; stopped inflating at ${filled + chunk.length}`,
      );
    }
    chunk.copy(bytes, filled);
    filled += chunk.length;
  };
  try {
    await pipeline(
      file.createReadStream({ start: 0, autoClose: false }),
      createGunzip(),
      async (chunks: AsyncIterable<Buffer>) => {
        for await (const chunk of chunks) {
          try {
            take(chunk);
          } catch (error) {
            refused = error;
            throw error;
          }
        }
      },
    );
  } catch (error) {
    // Stopping the pipeline aborts the inflater: report why it was stopped.
    if (refused !== undefined) throw refused;
    if (error instanceof DataError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DataError(path, `corrupt or truncated gzip data (${reason})`);
  }
  if (layout === undefined || bytes === undefined) {
    parseHeader(path, Buffer.concat(head), headLength, magic, dims, maxBytes);
    throw new DataError(path, 'truncated header'); // unreachable: parseHeader threw
  }
  checkLength(path, layout, filled);
  return { layout, bytes };
}

/**
 * An IDX file's bytes and dimension sizes, raw or gzipped (told by the gzip magic
 * bytes 0x1f 0x8b, not the name). The size its header implies is checked before
 * the data is read or inflated, and must not exceed `maxBytes`.
 */
export async function readIdxFile(
  path: string,
  magic: number,
  dims: number,
  maxBytes = MAX_IDX_BYTES,
): Promise<{ sizes: number[]; bytes: Buffer }> {
  const file = await openForReading(path);
  try {
    const start = Buffer.alloc(2);
    const { bytesRead } = await file.read(start, 0, 2, 0);
    const read = isGzip(start.subarray(0, bytesRead)) ? readGzip : readRaw;
    const { layout, bytes } = await read(path, file, magic, dims, maxBytes);
    return { sizes: layout.sizes, bytes };
  } catch (error) {
    if (error instanceof DataError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new DataError(path, `cannot read (${code})`);
  } finally {
    await file.close();
  }
}

/** Read an IDX image file (magic 0x00000803), raw or gzipped. */
export async function readIdxImages(path: string, maxBytes = MAX_IDX_BYTES): Promise<IdxImages> {
  const { sizes, bytes } = await readIdxFile(path, IDX_IMAGES_MAGIC, 3, maxBytes);
  const [count = 0, height = 0, width = 0] = sizes;
  const pixels = new Uint8Array(bytes.buffer, bytes.byteOffset + 16, count * height * width);
  return { count, height, width, pixels };
}

/** Read an IDX label file (magic 0x00000801), raw or gzipped. */
export async function readIdxLabels(path: string, maxBytes = MAX_IDX_BYTES): Promise<Uint8Array> {
  const { sizes, bytes } = await readIdxFile(path, IDX_LABELS_MAGIC, 1, maxBytes);
  const [count = 0] = sizes;
  return new Uint8Array(bytes.subarray(8, 8 + count));
}
