/**
 * `neocortex worker` processes for the queue tests, run from the sources, each in a process
 * group of its own (so a kill -9 takes its job's child process with it), their output kept.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { neocortexBin } from '../helpers/killAndResume.ts';

/** A worker process: its output so far, and how to stop or kill it. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Everything it printed (stdout and stderr). */
  output(): string;
  /** SIGTERM (it finishes its running job, then exits); resolves when it exited. */
  stop(): Promise<void>;
  /** kill -9 of its whole process group (the worker and its job's process). */
  kill(): Promise<void>;
}

/** Short lock and stalled checks, so a killed worker's job is taken back within seconds. */
export const TEST_STALLED = ['--lock-duration', '2000', '--stalled-interval', '1000'];

/** Start `neocortex worker --queue url` on the cpu backend with the test's stalled settings. */
export function startWorker(url: string, extra: string[] = []): WorkerProcess {
  const child = spawn(
    process.execPath,
    [neocortexBin, 'worker', '--queue', url, '--backend', 'cpu', ...TEST_STALLED, ...extra],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => text,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      process.kill(-child.pid!, 'SIGKILL');
      await exited;
    },
  };
}
