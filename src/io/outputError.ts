/**
 * System errors of writing output (ENOENT, EEXIST, ENOTDIR, EACCES, EROFS,
 * ENOSPC...) as one {@link NeocortexError} with code `OUTPUT_UNWRITABLE`, whose
 * message names the path and says the cause in words.
 */
import type { Stats } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { NeocortexError } from '../errors.ts';
import { kindOfFile } from './fileKind.ts';
import { describeSystemError, systemErrorCode } from './systemErrors.ts';

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
 * ("create the output folder", "write"); `overrides` words some system error
 * codes for the situation. An OutputError passes unchanged.
 */
export function outputError(
  path: string,
  action: string,
  error: unknown,
  overrides?: Readonly<Record<string, string>>,
): OutputError {
  if (error instanceof OutputError) return error;
  return new OutputError(path, `cannot ${action}: ${describeSystemError(error, overrides)}`, error);
}

/**
 * `mkdir -p dir` that ends, or an {@link OutputError} with the real cause.
 * Node's recursive mkdir is not used: it misreports a file on the path (EEXIST)
 * and a read-only file system (ENOENT), and where a folder refuses new entries
 * with ENOENT (`/proc/1/nope`) it retries forever. Instead the nearest existing
 * ancestor is found, then each missing folder is made alone, top-down: at most
 * two system calls per part of the path, and the first failure is the cause.
 */
export async function createFolder(dir: string, action: string): Promise<void> {
  const missing: string[] = [];
  for (let path = resolve(dir); ; path = dirname(path)) {
    let found: Stats;
    try {
      found = await stat(path);
    } catch (error) {
      const code = systemErrorCode(error);
      // ENOTDIR: a file further up; walk on to name it.
      if ((code === 'ENOENT' || code === 'ENOTDIR') && dirname(path) !== path) {
        missing.push(path);
        continue;
      }
      throw outputError(dir, action, error);
    }
    if (!found.isDirectory()) {
      throw new OutputError(dir, `cannot ${action}: ${path} is ${kindOfFile(found)}, not a folder`);
    }
    break;
  }
  for (const folder of missing.reverse()) {
    try {
      await mkdir(folder);
    } catch (error) {
      // Another process made it meanwhile: that is as good.
      if (systemErrorCode(error) === 'EEXIST' && (await isFolder(folder))) continue;
      const parent = dirname(folder);
      throw new OutputError(
        dir,
        `cannot ${action}: ${describeSystemError(error, {
          ENOENT: `${parent} takes no new folders`,
          EACCES: `permission denied in ${parent}`,
          EPERM: `operation not permitted in ${parent}`,
        })}`,
        error,
      );
    }
  }
}

/** Whether `path` is a folder now. */
async function isFolder(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}
