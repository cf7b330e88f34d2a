/**
 * Reader for the IDX format of MNIST-like data sets (LeCun's format): a
 * big-endian header - two zero bytes, a type code (0x08 = unsigned byte), the
 * number of dimensions, then each dimension's size as u32 - followed by the
 * data. Files may be gzip-compressed; that is detected by the gzip magic
 * bytes 0x1f 0x8b, not by the file name.
 */
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DataError } from './types.ts';

const gunzipAsync = promisify(gunzip);

/** unsigned byte, 3 dimensions (count, rows, columns). */
export const IDX_IMAGES_MAGIC = 0x00000803;
/** unsigned byte, 1 dimension (count). */
export const IDX_LABELS_MAGIC = 0x00000801;

/** The images of an IDX file: their count and size, and the raw bytes. */
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

/** The file's bytes, gunzipped if they are gzip data. */
export async function readMaybeGzip(path: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataError(path, code === 'ENOENT' ? 'file not found' : `cannot read (${code})`);
  }
  if (!isGzip(bytes)) return bytes;
  try {
    return await gunzipAsync(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DataError(path, `corrupt or truncated gzip data (${reason})`);
  }
}

function describeMagic(magic: number): string {
  if (magic === IDX_IMAGES_MAGIC) return 'an IDX image file';
  if (magic === IDX_LABELS_MAGIC) return 'an IDX label file';
  return 'not an unsigned-byte IDX file of the expected kind';
}

/** Check the header of an IDX file and return its dimension sizes. */
function parseHeader(path: string, bytes: Buffer, magic: number, dims: number): number[] {
  const headerBytes = 4 + 4 * dims;
  if (bytes.length < 4) {
    throw new DataError(
      path,
      `truncated: ${bytes.length} bytes, too short for an IDX magic number`,
    );
  }
  const found = bytes.readUInt32BE(0);
  if (found !== magic) {
    throw new DataError(
      path,
      `wrong magic number: expected ${hex(magic)}, found ${hex(found)} (${describeMagic(found)})`,
    );
  }
  if (bytes.length < headerBytes) {
    throw new DataError(
      path,
      `truncated header: expected at least ${headerBytes} bytes, found ${bytes.length}`,
    );
  }
  const sizes: number[] = [];
  for (let d = 0; d < dims; d++) sizes.push(bytes.readUInt32BE(4 + 4 * d));
  const expected = headerBytes + sizes.reduce((a, b) => a * b, 1);
  if (bytes.length < expected) {
    throw new DataError(
      path,
      `truncated: header (${sizes.join(' x ')}) implies ${expected} bytes, found ${bytes.length}`,
    );
  }
  if (bytes.length > expected) {
    throw new DataError(
      path,
      `${bytes.length - expected} trailing bytes: header (${sizes.join(' x ')}) implies ` +
        `${expected} bytes, found ${bytes.length}`,
    );
  }
  return sizes;
}

/** Read an IDX image file (magic 0x00000803), raw or gzipped. */
export async function readIdxImages(path: string): Promise<IdxImages> {
  const bytes = await readMaybeGzip(path);
  const [count = 0, height = 0, width = 0] = parseHeader(path, bytes, IDX_IMAGES_MAGIC, 3);
  const pixels = new Uint8Array(bytes.buffer, bytes.byteOffset + 16, count * height * width);
  return { count, height, width, pixels };
}

/** Read an IDX label file (magic 0x00000801), raw or gzipped. */
export async function readIdxLabels(path: string): Promise<Uint8Array> {
  const bytes = await readMaybeGzip(path);
  const [count = 0] = parseHeader(path, bytes, IDX_LABELS_MAGIC, 1);
  return new Uint8Array(bytes.subarray(8, 8 + count));
}
