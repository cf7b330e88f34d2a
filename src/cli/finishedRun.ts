/**
 * A run folder that already holds a run: `neocortex train` into it without
 * `--resume` would replace a finished run's metrics and checkpoint silently, so
 * it is refused unless `--overwrite` says to replace them.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { NeocortexError } from '../errors.ts';
import { outputError } from '../io/outputError.ts';

/** Files that show a run was made in a folder: its figures and its checkpoints. */
function isRunFile(name: string): boolean {
  return name === 'metrics.json' || /^checkpoint[\w.-]*\.bin$/.test(name);
}

/** The run files in `dir`, sorted (none when it does not exist or is not a folder). */
export async function runFilesIn(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => []);
  return names.filter(isRunFile).sort();
}

/**
 * Refuse to train into `dir` when it holds a run (metrics.json or a checkpoint),
 * naming the folder, what it holds and the ways on: `--resume`, another `--out`
 * or `--overwrite`. Returns the run files `--overwrite` will replace (none with
 * `--resume`, which continues the run). Touches nothing.
 */
export async function refuseFinishedRun(
  dir: string,
  options: { resume: boolean; overwrite: boolean },
): Promise<string[]> {
  if (options.resume) return [];
  const found = await runFilesIn(dir);
  if (found.length > 0 && !options.overwrite) {
    const what = found.includes('metrics.json') ? 'a finished run' : 'an unfinished run';
    throw new NeocortexError(
      'OPTION_INVALID',
      `${dir} already holds ${what} (${found.join(', ')}); refusing to overwrite it. ` +
        `Continue it with --resume, train into a new folder with another --out, ` +
        `or replace it with --overwrite`,
    );
  }
  return found;
}

/**
 * Remove an old run's `files` from `dir` before a new run starts there
 * (`--overwrite`), so the folder never mixes the old run's figures with the
 * new run's checkpoint.
 */
export async function removeRunFiles(dir: string, files: readonly string[]): Promise<void> {
  for (const name of files) {
    const path = join(dir, name);
    await rm(path, { force: true }).catch((error: unknown) => {
      throw outputError(path, "remove the old run's file", error);
    });
  }
}
