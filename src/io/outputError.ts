/**
 * System errors of writing output (ENOENT, EEXIST, ENOTDIR, EACCES, EROFS,
 * ENOSPC...) as one {@link NeocortexError} with code `OUTPUT_UNWRITABLE`, whose
 * message names the path and says the cause in words.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { NeocortexError } from '../errors.ts';

const causes: Record<string, string> = {
  EEXIST: 'a file is in the way where a folder is needed',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  ENOENT: 'a folder on the path does not exist and cannot be created',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  ENAMETOOLONG: 'the name is too long',
  EIO: 'an input/output error of the device',
};

/** An output folder or file that cannot be created or written (code `OUTPUT_UNWRITABLE`). */
export class OutputError extends NeocortexError {
  /**
   * @param path - the folder or file that could not be written
   * @param problem - what went wrong, in words
   * @param cause - the underlying system error, if any
   */
  constructor(
    readonly path: string,
    readonly problem: string,
    cause?: unknown,
  ) {
    super('OUTPUT_UNWRITABLE', `${path}: ${problem}`, { cause });
  }
}

/**
 * `error` as an {@link OutputError} naming `path`: `action` is what was tried
 * ("create the output folder", "write"). An OutputError passes unchanged.
 */
export function outputError(path: string, action: string, error: unknown): OutputError {
  if (error instanceof OutputError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const cause =
    code !== undefined && causes[code] !== undefined
      ? `${causes[code]} (${code})`
      : error instanceof Error
        ? error.message
        : String(error);
  return new OutputError(path, `cannot ${action}: ${cause}`, error);
}

/**
 * `mkdir -p dir`, or an {@link OutputError} with the real cause: a recursive
 * mkdir reports EEXIST for a file on the path and ENOENT for a read-only file
 * system, so on failure the nearest existing ancestor is looked at and the next
 * folder made alone, which gives the true error.
 */
export async function createFolder(dir: string, action: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    return;
  } catch (error) {
    // Walk up to the nearest path that exists: a file there is the cause; a
    // folder there is where the next folder, made alone, gives the true error.
    let below: string | undefined;
    for (let path = resolve(dir); ; below = path, path = dirname(path)) {
      const found = await stat(path).catch(() => undefined);
      if (found !== undefined) {
        if (!found.isDirectory()) {
          throw new OutputError(dir, `cannot ${action}: ${path} is a file, not a folder`, error);
        }
        const alone =
          below === undefined
            ? undefined
            : await mkdir(below).then(
                () => undefined,
                (e: unknown) => e,
              );
        throw outputError(dir, action, alone ?? error);
      }
      if (dirname(path) === path) throw outputError(dir, action, error);
    }
  }
}
