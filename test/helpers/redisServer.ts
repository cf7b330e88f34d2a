/**
 * A real Redis for a test file: Debian's `redis-server` started on a free port of 127.0.0.1,
 * with no persistence (`--save '' --appendonly no`) in a temporary folder, stopped and removed
 * afterwards. No mocks: the queue tests run against the server the users run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** Where Debian installs the server (`.ci/run` installs the `redis-server` package). */
export const REDIS_SERVER = process.env['REDIS_SERVER'] ?? '/usr/bin/redis-server';

/** A running test Redis: its URL (`redis://127.0.0.1:PORT`), port and process. */
export interface TestRedis {
  readonly url: string;
  readonly port: number;
  /** The server's process id (benchmarks read its CPU and memory). */
  readonly pid: number;
  /** Stop the server (SIGTERM, then SIGKILL after 3 s) and remove its folder. */
  stop(): Promise<void>;
}

/** A port nobody listens on now (the kernel's pick for port 0). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on `port`, rejects after `ms`. */
async function waitForPort(port: number, ms: number, child: ChildProcess): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`redis-server did not listen on ${port} in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Start a Redis of its own on a free port (see the file's comment), or on `port` (a test that
 * restarts Redis where its clients look for it); empty either way.
 */
export async function startRedis(port?: number): Promise<TestRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'neocortex-redis-'));
  port ??= await freePort();
  const child = spawn(
    REDIS_SERVER,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      // BullMQ asks for it: keys are never evicted under memory pressure.
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  try {
    await waitForPort(port, 10_000, child);
  } catch (error) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** One Redis for the whole test file: started before its tests, stopped after. Call at module level. */
export function useRedis(): { readonly url: string; readonly port: number } {
  const holder = { url: '', port: 0, redis: undefined as TestRedis | undefined };
  beforeAll(async () => {
    holder.redis = await startRedis();
    holder.url = holder.redis.url;
    holder.port = holder.redis.port;
  });
  afterAll(async () => {
    await holder.redis?.stop();
  });
  return holder;
}
