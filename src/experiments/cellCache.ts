/**
 * The per-cell result cache that lets an interrupted experiment resume: each
 * finished cell is one JSON file, written atomically (a crash leaves either the
 * whole file or none), holding its key, the config it was computed with, and
 * its value. A cell is reused only when its config is the same.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from '../io/atomicWrite.ts';

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

/** The cached value of a cell, or undefined when missing, unreadable or made with another config. */
export async function readCell(dir: string, key: string, config: unknown): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(cellPath(dir, key), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const file = JSON.parse(text) as CellFile;
    return JSON.stringify(file.config) === JSON.stringify(config) ? file.value : undefined;
  } catch {
    return undefined;
  }
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
