/**
 * The per-cell result cache that lets an interrupted experiment resume: each
 * finished cell is one JSON file, written atomically (a crash leaves either the
 * whole file or none), holding its key, the config it was computed with, and
 * its value. A cell is reused only when its config is the same.
 */
import { join } from 'node:path';
import { writeJsonAtomic } from '../io/atomicWrite.ts';
import { FileReadError } from '../io/boundedRead.ts';
import { fileCap } from '../io/fileCaps.ts';
import { readBoundedJson } from '../io/jsonFile.ts';

interface CellFile {
  key: string;
  config: unknown;
  value: unknown;
  finishedAt: string;
}

/**
 * Where cell `key` of the run in `dir` is kept: `dir/cells/<key>.json`. A key
 * may hold only letters, digits, `.`, `_` and `-`; any other is an error.
 */
export function cellPath(dir: string, key: string): string {
  if (!/^[\w.-]+$/.test(key)) throw new Error(`cell key "${key}": use letters, digits, . _ -`);
  return join(dir, 'cells', `${key}.json`);
}

/**
 * The cached value of a cell, or undefined when missing, unreadable, not a
 * regular file under its cap (a pipe or a link to a device is never opened
 * for reading) or made with another config: such a cell is computed again.
 */
export async function readCell(dir: string, key: string, config: unknown): Promise<unknown> {
  let file: CellFile;
  try {
    file = (await readBoundedJson(cellPath(dir, key), fileCap('cell'))) as CellFile;
  } catch (error) {
    if (error instanceof FileReadError) return undefined;
    throw error;
  }
  if (file === null || typeof file !== 'object') return undefined;
  return JSON.stringify(file.config) === JSON.stringify(config) ? file.value : undefined;
}

/**
 * Keep a finished cell: its key, the config it was computed with, its value
 * and the time, written atomically to {@link cellPath}.
 */
export async function writeCell(
  dir: string,
  key: string,
  config: unknown,
  value: unknown,
): Promise<void> {
  const file: CellFile = { key, config, value, finishedAt: new Date().toISOString() };
  await writeJsonAtomic(cellPath(dir, key), file);
}
