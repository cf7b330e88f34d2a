/** `neocortex serve` as a child process for the live benchmarks: its URL once it listens. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const bin = join(import.meta.dirname, '..', 'test', 'helpers', 'neocortexSource.js');

export interface ServeChild {
  url: string;
  child: ChildProcess;
  stop(): void;
}

export async function startServeChild(args: string[], token: string): Promise<ServeChild> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', ...args], {
    env: { ...process.env, NEOCORTEX_TOKEN: token },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`)));
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /^listening on (\S+)$/m.exec(out);
        if (match) resolve(match[1]!);
      });
    });
    return { url, child, stop: () => child.kill('SIGTERM') };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
