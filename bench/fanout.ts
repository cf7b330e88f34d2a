/**
 * Viewers at scale (`npm run bench -- fanout`), all on this machine:
 *
 * 1. One process: `neocortex serve` in train mode with 1 viewer (its tick rate without
 *    viewers to speak of), then 200 viewers; then 1,000 connection attempts at once (the
 *    process serves at most 200: the rest must be refused while the simulation goes on).
 * 2. Two relays: `serve --redis` on a Redis of the bench's own and two `neocortex relay`
 *    processes, 100 viewers on each.
 *
 * For each: the simulation's ticks per second, frames per second per viewer (min and
 * median), tick-to-viewer latency (p50, p95, max; frames carry the tick's wall time),
 * CPU cores and resident memory of each process (the server, each relay, Redis).
 * Targets (issue #24): one process keeps >= 90% of its tick rate with 200 viewers and
 * under the flood, every viewer >= 20 frames/s; with two relays every viewer >= 20
 * frames/s and p95 <= 150 ms.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { ControlAck, Health, WireFrame } from '../src/server/wire.ts';
import { startRedis } from '../test/helpers/redisServer.ts';

const TOKEN = 'bench-token';
const bin = join(import.meta.dirname, '..', 'test', 'helpers', 'neocortexSource.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU seconds (user + system) and resident MB of a process, from /proc (Linux). */
function usage(pid: number): { cpuSeconds: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / 100;
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return { cpuSeconds, rssMb: rssKb / 1024 };
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** A `neocortex` command as a child process, once it prints `listening on URL`. */
async function startChild(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, NEOCORTEX_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${args[0]} exited (${code}):\n${out}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^listening on (\S+)/m.exec(out);
      if (match) resolve(match[1]!);
    });
  });
  return { url, child };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  return exited;
}

/** Viewers on the given URLs (round robin), each counting frames and latencies. */
class Viewers {
  readonly sockets: Socket[] = [];
  counts: number[] = [];
  latencies: number[] = [];
  measuring = false;

  async open(urls: string[], n: number): Promise<void> {
    const start = this.sockets.length;
    this.counts.push(...new Array<number>(n).fill(0));
    await Promise.all(
      Array.from({ length: n }, (_, k) => {
        const i = start + k;
        const socket = io(urls[k % urls.length]!, {
          transports: ['websocket'],
          forceNew: true,
          reconnection: false,
        });
        this.sockets.push(socket);
        socket.on('frame', (frame: WireFrame) => {
          if (!this.measuring) return;
          this.counts[i] = this.counts[i]! + 1;
          this.latencies.push(Date.now() - frame.time);
        });
        return new Promise<void>((resolve, reject) => {
          socket.once('hello', () => resolve());
          socket.once('connect_error', (error) => reject(error));
        });
      }),
    );
  }

  close(): void {
    for (const socket of this.sockets) socket.close();
    this.sockets.length = 0;
    this.counts = [];
  }
}

/** One measured window: the simulation's tick rate, the viewers' frames and latencies, processes' use. */
async function measure(
  serverUrl: string,
  viewers: Viewers,
  processes: Record<string, number>,
  seconds: number,
) {
  const health = async (): Promise<Health> =>
    (await (await fetch(new URL('healthz', serverUrl))).json()) as Health;
  viewers.counts.fill(0);
  viewers.latencies = [];
  const before = Object.fromEntries(Object.entries(processes).map(([k, pid]) => [k, usage(pid)]));
  const tick0 = (await health()).tick;
  const started = performance.now();
  viewers.measuring = true;
  await sleep(seconds * 1000);
  viewers.measuring = false;
  const elapsed = (performance.now() - started) / 1000;
  const tick1 = (await health()).tick;
  const fps = viewers.counts.map((c) => c / elapsed).sort((a, b) => a - b);
  const latency = [...viewers.latencies].sort((a, b) => a - b);
  const use = Object.fromEntries(
    Object.entries(processes).map(([k, pid]) => {
      const after = usage(pid);
      return [
        k,
        {
          cpuCores: (after.cpuSeconds - before[k]!.cpuSeconds) / elapsed,
          rssMb: after.rssMb,
        },
      ];
    }),
  );
  return {
    ticksPerSecond: (tick1 - tick0) / elapsed,
    viewers: fps.length,
    framesPerSecond:
      fps.length > 0 ? { min: fps[0]!, median: quantile(fps, 0.5) } : { min: NaN, median: NaN },
    latencyMs: { p50: quantile(latency, 0.5), p95: quantile(latency, 0.95), max: latency.at(-1)! },
    processes: use,
  };
}

/** Put the session in train mode and wait until it trains. */
async function train(url: string): Promise<void> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  try {
    await new Promise((resolve) => socket.once('hello', resolve));
    for (const message of [{ action: 'mode', mode: 'train' }, { action: 'play' }] as const) {
      const ack = (await socket.emitWithAck('control', { token: TOKEN, ...message })) as ControlAck;
      if (!ack.ok) throw new Error(`${message.action}: ${ack.error}`);
    }
  } finally {
    socket.close();
  }
  // The training worker starts in a few seconds.
  await sleep(6000);
}

/** 1,000 connection attempts at once: how many were let in and refused, the tick rate meanwhile. */
async function flood(url: string, attempts: number, seconds: number) {
  const health = async (): Promise<Health> =>
    (await (await fetch(new URL('healthz', url))).json()) as Health;
  const sockets: Socket[] = [];
  let admitted = 0;
  let refused = 0;
  const tick0 = (await health()).tick;
  const started = performance.now();
  for (let i = 0; i < attempts; i++) {
    const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    socket.once('hello', () => (admitted += 1));
    socket.once('connect_error', () => (refused += 1));
    sockets.push(socket);
  }
  await sleep(seconds * 1000);
  const elapsed = (performance.now() - started) / 1000;
  const tick1 = (await health()).tick;
  for (const socket of sockets) socket.close();
  return { attempts, admitted, refused, ticksPerSecond: (tick1 - tick0) / elapsed };
}

/** The fan-out benchmark: records for bench/run.ts. */
export async function fanoutBench(options: { viewers?: number; seconds?: number } = {}) {
  const total = options.viewers ?? 200;
  const seconds = options.seconds ?? 10;
  const records: Record<string, unknown>[] = [];
  const limits = ['--max-viewers', String(total), '--max-viewers-per-address', '1000'];

  // 1. One process.
  const single = await startChild(['serve', '--port', '0', '--no-web', ...limits]);
  const viewers = new Viewers();
  try {
    await viewers.open([single.url], 1);
    await train(single.url);
    const alone = await measure(single.url, viewers, { server: single.child.pid! }, seconds);
    await viewers.open([single.url], total - 1);
    await sleep(2000);
    const many = await measure(single.url, viewers, { server: single.child.pid! }, seconds);
    viewers.close();
    await sleep(2000);
    const flooded = await flood(single.url, 1000, seconds);
    records.push({
      bench: 'fanout-one-process',
      alone,
      viewers: many,
      flood: flooded,
      targets: {
        tickRateKept90: many.ticksPerSecond >= 0.9 * alone.ticksPerSecond,
        everyViewerAtLeast20fps: many.framesPerSecond.min >= 20,
        floodTickRateKept90: flooded.ticksPerSecond >= 0.9 * alone.ticksPerSecond,
        floodExcessRefused: flooded.admitted <= total && flooded.refused >= 1000 - total,
      },
    });
  } finally {
    viewers.close();
    await stop(single.child);
  }

  // 2. Two relays.
  const redis = await startRedis();
  const server = await startChild([
    'serve',
    '--port',
    '0',
    '--no-web',
    '--redis',
    redis.url,
    ...limits,
  ]);
  const relays = [
    await startChild(['relay', '--redis', redis.url, '--port', '0', '--no-web', ...limits]),
    await startChild(['relay', '--redis', redis.url, '--port', '0', '--no-web', ...limits]),
  ];
  const relayed = new Viewers();
  try {
    await train(server.url);
    await relayed.open(
      relays.map((r) => r.url),
      total,
    );
    await sleep(2000);
    const result = await measure(
      server.url,
      relayed,
      {
        server: server.child.pid!,
        relay1: relays[0]!.child.pid!,
        relay2: relays[1]!.child.pid!,
        redis: redis.pid,
      },
      seconds,
    );
    records.push({
      bench: 'fanout-two-relays',
      ...result,
      targets: {
        everyViewerAtLeast20fps: result.framesPerSecond.min >= 20,
        p95AtMost150ms: result.latencyMs.p95 <= 150,
      },
    });
  } finally {
    relayed.close();
    for (const relay of relays) await stop(relay.child);
    await stop(server.child);
    await redis.stop();
  }
  return records;
}
