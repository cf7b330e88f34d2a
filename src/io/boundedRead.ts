/**
 * Read a file a user names (a spec, a results.json, a checkpoint) only when it
 * is a regular file under a size cap, checked before a byte is read: a named
 * pipe would block forever, a link to /dev/zero would fill the memory, a huge
 * file would cost many times its size once parsed. Symbolic links are followed
 * and their target checked. The file is opened without blocking, checked again
 * through the open handle (it may have been swapped meanwhile), and read in
 * chunks that stop at the cap, so a file that grows while it is read is refused
 * too. Refusals are {@link FileReadError}s that name the file, the problem and
 * the cap, and quote none of the file's bytes.
 */
import { constants, type Stats } from 'node:fs';
import { lstat, open, realpath, stat, type FileHandle } from 'node:fs/promises';
import { NeocortexError, type ErrorCode } from '../errors.ts';
import { kindOfFile } from './fileKind.ts';
import { describeSystemError } from './systemErrors.ts';

/** How to read one kind of file: its cap, its name in messages, its error code. */
export interface BoundedReadOptions {
  /** The most bytes the file may hold. */
  maxBytes: number;
  /** What the file is, for messages: "spec", "results file", "checkpoint". */
  what: string;
  /** The code of the errors: `SPEC_INVALID` for a spec, `CHECKPOINT_INVALID` for a checkpoint. */
  code: ErrorCode;
  /** How a user may allow a larger file, told when the file is over the cap. */
  raise?: string;
}

/** Why a file was not read. */
export type FileReadProblem = 'missing' | 'not-regular' | 'too-large' | 'unreadable' | 'not-json';

/** A file that was not read, or not parsed: names the file and the problem, quotes none of it. */
export class FileReadError extends NeocortexError {
  /**
   * @param path - the file as the user named it
   * @param reason - why it was not read, for code
   * @param problem - why it was not read, for a person
   * @param message - the whole message
   * @param code - the error code of this kind of file
   * @param cause - the underlying system error, if any
   */
  constructor(
    readonly path: string,
    readonly reason: FileReadProblem,
    readonly problem: string,
    message: string,
    code: ErrorCode,
    cause?: unknown,
  ) {
    super(code, message, { cause });
  }
}

/** Bytes read at a time when a file's size is unknown (/proc files say 0). */
const CHUNK_BYTES = 64 * 1024;
/** Opening a named pipe swapped in after the check must not wait for a writer. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** `bytes` for a person: "512 bytes", "1.5 KiB", "50.0 MiB", "2 GiB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${bytes} bytes`;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

/** A refusal of `path` for `reason`, said as `problem`. */
function refuse(
  path: string,
  options: BoundedReadOptions,
  reason: FileReadProblem,
  problem: string,
  cause?: unknown,
): FileReadError {
  const message = `cannot read ${options.what} ${path}: ${problem}`;
  return new FileReadError(path, reason, problem, message, options.code, cause);
}

/** The refusal of a file over the cap; `size` undefined when it grew past the cap while read. */
function tooLarge(path: string, options: BoundedReadOptions, size?: number): FileReadError {
  const held = size === undefined ? 'it grew' : `it holds ${formatBytes(size)}`;
  const raise = options.raise === undefined ? '' : ` (${options.raise})`;
  return refuse(
    path,
    options,
    'too-large',
    `${held}, more than the ${formatBytes(options.maxBytes)} a ${options.what} may hold${raise}`,
  );
}

/** A system error of reading `path` as a refusal. */
function systemRefusal(path: string, options: BoundedReadOptions, error: unknown): FileReadError {
  const missing = (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
  const problem = describeSystemError(error, {
    ENOENT: 'no such file',
    EISDIR: 'it is a folder, not a file',
  });
  return refuse(path, options, missing ? 'missing' : 'unreadable', problem, error);
}

/** Refuse anything but a regular file under the cap, naming what a symbolic link points to. */
async function check(path: string, stats: Stats, options: BoundedReadOptions): Promise<void> {
  if (!stats.isFile()) {
    const link = (await lstat(path).catch(() => undefined))?.isSymbolicLink() === true;
    const target = link ? await realpath(path).catch(() => undefined) : undefined;
    const via = target === undefined ? '' : `a symbolic link to ${target}, `;
    throw refuse(
      path,
      options,
      'not-regular',
      `it is ${via}${kindOfFile(stats)}, not a regular file`,
    );
  }
  if (stats.size > options.maxBytes) throw tooLarge(path, options, stats.size);
}

/** Read all of `handle` but at most `maxBytes`; a file that holds more is refused. */
async function readUpTo(
  handle: FileHandle,
  size: number,
  path: string,
  options: BoundedReadOptions,
): Promise<Uint8Array> {
  const limit = options.maxBytes;
  // One byte past the expected size shows the end (or a file that grew) without a copy.
  let buffer = Buffer.allocUnsafe(Math.min(Math.max(size, CHUNK_BYTES - 1), limit) + 1);
  let filled = 0;
  for (;;) {
    if (filled === buffer.length) {
      if (filled > limit) throw tooLarge(path, options);
      const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit + 1));
      buffer.copy(grown, 0, 0, filled);
      buffer = grown;
    }
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  if (filled > limit) throw tooLarge(path, options);
  // A plain Uint8Array view: a Buffer's slice() would share memory where callers expect a copy.
  return new Uint8Array(buffer.buffer, buffer.byteOffset, filled);
}

/**
 * The bytes of the regular file `path` (symbolic links followed), or a
 * {@link FileReadError}: missing, not a regular file, over `maxBytes` or
 * unreadable. Nothing is opened before the checks; nothing past the cap is read.
 */
export async function readBoundedBytes(
  path: string,
  options: BoundedReadOptions,
): Promise<Uint8Array> {
  let handle: FileHandle;
  try {
    await check(path, await stat(path), options);
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    throw error instanceof FileReadError ? error : systemRefusal(path, options, error);
  }
  try {
    const opened = await handle.stat();
    await check(path, opened, options);
    return await readUpTo(handle, opened.size, path, options);
  } catch (error) {
    throw error instanceof FileReadError ? error : systemRefusal(path, options, error);
  } finally {
    await handle.close();
  }
}

/** The text (UTF-8) of the regular file `path`, read as {@link readBoundedBytes} does. */
export async function readBoundedText(path: string, options: BoundedReadOptions): Promise<string> {
  return new TextDecoder('utf-8').decode(await readBoundedBytes(path, options));
}
