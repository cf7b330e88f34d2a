/**
 * The live server under many viewers: `neocortex serve` runs as a child
 * process (its own core), 50 socket.io clients on loopback watch it, and for
 * each session mode we measure frames per second received per client, the
 * latency from the end of a tick to a client receiving its frame (same clock),
 * the session's ticks per second, the server's CPU use (all its threads, the
 * training worker's included) and memory, and the training samples per second
 * (from the curve points' step numbers; in train mode only).
 * Targets: >= 25 frames/s per client, p95 latency <= 100 ms.
 */
import { readFileSync } from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import type { ControlAck, Health, SessionMode, WireFrame } from '../src/server/wire.ts';
import { SessionSpec } from '../src/sim/session/sessionSpec.ts';
import { startServeChild } from './serveChild.ts';

export interface LiveModeResult {
  mode: SessionMode;
  clients: number;
  seconds: number;
  ticksPerSecond: number;
  framesPerSecondPerClient: { min: number; median: number; max: number };
  latencyMs: { p50: number; p95: number; max: number };
  serverCpuCores: number;
  serverRssMb: number;
  /** Images per second the training took (0 outside train mode). */
  trainingSamplesPerSecond: number;
}

export interface LiveFanoutOptions {
  clients?: number;
  /** Measured seconds per mode (after a warm-up). */
  seconds?: number;
  modes?: SessionMode[];
}

const TOKEN = 'bench-token';
/** `neocortex serve` trains with the default batch. */
const batchSize = SessionSpec.parse({}).batchSize;

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** CPU seconds (user + system) and resident memory of a process, from /proc (Linux). */
function processUsage(pid: number): { cpuSeconds: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ on Linux
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return { cpuSeconds, rssMb: rssKb / 1024 };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function liveFanout(options: LiveFanoutOptions = {}): Promise<LiveModeResult[]> {
  const clientCount = options.clients ?? 50;
  const seconds = options.seconds ?? 10;
  const modes = options.modes ?? ['train', 'recognize', 'settle', 'generate'];
  const { url, child, stop } = await startServeChild(['--no-web'], TOKEN);
  const sockets: Socket[] = [];
  try {
    // Per client: receive times and latencies of the frames in the current window.
    const counts = new Array<number>(clientCount).fill(0);
    let latencies: number[] = [];
    let measuring = false;
    // The newest training step any frame reported (curve points carry step numbers).
    let lastStep = 0;
    await Promise.all(
      Array.from({ length: clientCount }, (_, i) => {
        const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
        sockets.push(socket);
        socket.on('frame', (frame: WireFrame) => {
          for (const point of frame.curvePoints) lastStep = Math.max(lastStep, point.step);
          if (!measuring) return;
          counts[i] = counts[i]! + 1;
          latencies.push(Date.now() - frame.time);
        });
        return new Promise((resolve) => socket.once('hello', resolve));
      }),
    );
    const controller = sockets[0]!;
    const health = async (): Promise<Health> =>
      (await (await fetch(new URL('healthz', url))).json()) as Health;
    const results: LiveModeResult[] = [];
    for (const mode of modes) {
      const ack = (await controller.emitWithAck('control', {
        token: TOKEN,
        action: 'mode',
        mode,
      })) as ControlAck;
      if (!ack.ok) throw new Error(`mode ${mode}: ${ack.error}`);
      await sleep(2000);
      // The training worker takes a few seconds to start: measure train mode once it trains.
      for (let waited = 0; mode === 'train' && lastStep === 0 && waited < 120; waited++) {
        await sleep(1000);
      }
      counts.fill(0);
      latencies = [];
      const tickBefore = (await health()).tick;
      const usageBefore = processUsage(child.pid!);
      const stepBefore = lastStep;
      const started = performance.now();
      measuring = true;
      await sleep(seconds * 1000);
      measuring = false;
      const elapsed = (performance.now() - started) / 1000;
      const steps = lastStep - stepBefore;
      const usageAfter = processUsage(child.pid!);
      const tickAfter = (await health()).tick;
      const fps = counts.map((c) => c / elapsed).sort((a, b) => a - b);
      const sorted = [...latencies].sort((a, b) => a - b);
      results.push({
        mode,
        clients: clientCount,
        seconds: elapsed,
        ticksPerSecond: (tickAfter - tickBefore) / elapsed,
        framesPerSecondPerClient: {
          min: fps[0]!,
          median: quantile(fps, 0.5),
          max: fps.at(-1)!,
        },
        latencyMs: { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted.at(-1)! },
        serverCpuCores: (usageAfter.cpuSeconds - usageBefore.cpuSeconds) / elapsed,
        serverRssMb: usageAfter.rssMb,
        trainingSamplesPerSecond: (steps * batchSize) / elapsed,
      });
    }
    return results;
  } finally {
    for (const socket of sockets) socket.close();
    stop();
  }
}
