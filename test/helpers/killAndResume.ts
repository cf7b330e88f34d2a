/** Run the CLI as a child process, kill it with SIGKILL at a checkpoint, run it to the end. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const neocortexBin = join(import.meta.dirname, '..', '..', 'bin', 'neocortex.js');

/** Run `node argv…` to its end; its exit code. */
export function runToEnd(argv: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { stdio: 'ignore' });
    child.on('exit', (code) => resolve(code));
  });
}

/**
 * Start `node argv…` and kill it (SIGKILL: no clean-up) as soon as `file` exists;
 * the signal it died of.
 */
export async function killWhenExists(argv: string[], file: string): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, argv, { stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  while (!existsSync(file)) await new Promise((r) => setTimeout(r, 10));
  child.kill('SIGKILL');
  return exited;
}
