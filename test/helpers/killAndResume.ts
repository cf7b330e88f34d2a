/** Run the CLI as a child process, kill it with SIGKILL at a checkpoint, run it to the end. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { processLanes } from './processLanes.ts';

export const neocortexBin = join(import.meta.dirname, 'neocortexSource.js');

/** Run `node argv…` to its end (in one of the file's process lanes); its exit code. */
export function runToEnd(argv: string[]): Promise<number | null> {
  return processLanes(
    () =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, argv, { stdio: 'ignore' });
        child.on('exit', (code) => resolve(code));
      }),
  );
}

/**
 * Start `node argv…` (in one of the file's process lanes) and kill it (SIGKILL: no clean-up)
 * as soon as `file` exists; the signal it died of.
 */
export function killWhenExists(argv: string[], file: string): Promise<NodeJS.Signals | null> {
  return processLanes(async () => {
    const child = spawn(process.execPath, argv, { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    while (!existsSync(file)) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    return exited;
  });
}

/**
 * Kill a `train` run (SIGKILL) as soon as `checkpoint` exists in its folder,
 * check it left no metrics, resume it to the end, and run the same command
 * whole in another folder: both runs' metrics.json, read back as M. The whole
 * run goes alongside the killed one and its resumption (separate folders, the
 * same read-only data), so a two-core machine runs both at once.
 */
export async function killResumeAndRunWhole<M>(
  args: (out: string, extra?: string[]) => string[],
  dir: string,
  checkpoint: string,
): Promise<{ resumed: M; whole: M }> {
  const killedDir = join(dir, 'killed');
  const wholeDir = join(dir, 'whole');
  const killAndResume = async (): Promise<void> => {
    expect(await killWhenExists(args(killedDir), join(killedDir, checkpoint))).toBe('SIGKILL');
    expect(existsSync(join(killedDir, 'metrics.json'))).toBe(false);
    expect(await runToEnd(args(killedDir, ['--resume']))).toBe(0);
  };
  const [, wholeCode] = await Promise.all([killAndResume(), runToEnd(args(wholeDir))]);
  expect(wholeCode).toBe(0);
  const read = async (folder: string) =>
    JSON.parse(await readFile(join(folder, 'metrics.json'), 'utf8')) as M;
  return { resumed: await read(killedDir), whole: await read(wholeDir) };
}
