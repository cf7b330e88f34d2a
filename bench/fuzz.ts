/**
 * The live server under hostile input: `neocortex serve` runs as a child
 * process, one viewer watches it, and several connections send 10,000 bad
 * messages: malformed payloads, oversized ones, unknown events,
 * prototype-pollution keys, a wrong token for every control action, binary
 * garbage, plus raw TCP and websocket garbage below socket.io. Measured: the
 * messages sent, crashes (the server process exiting or /healthz failing),
 * changes of the session's controls (any state field but tick and epoch), the
 * viewer's frames per second before, during and after, and the server's RSS
 * before and after. Targets: 0 crashes, 0 state changes, viewer > 20 frames/s
 * throughout, RSS growth < 5%.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import type { Health, Hello, SessionState } from '../src/server/wire.ts';
import { startServeChild } from './serveChild.ts';

export interface FuzzResult {
  messagesSent: number;
  /** Of the messages sent with an acknowledgement: refusals by reason kind. */
  refusedByReason: Record<string, number>;
  accepted: number;
  rawGarbageConnections: number;
  fuzzConnections: number;
  disconnectsByServer: number;
  crashes: number;
  stateChanges: number;
  viewerFramesPerSecond: Record<'before' | 'during' | 'after', { min: number; median: number }>;
  rssMb: { before: number; after: number; growthPercent: number };
  fuzzSeconds: number;
  health: Health | undefined;
}

export interface FuzzOptions {
  messages?: number;
  connections?: number;
  /** Seconds the viewer is watched before and after the fuzzing. */
  quietSeconds?: number;
  /** Seconds the server runs before the RSS is first read. */
  warmUpSeconds?: number;
}

const TOKEN = 'fuzz-bench-token-0123456789';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return kb / 1024;
}

/** The controls' settings: the state without what time changes. */
function controls(state: SessionState): string {
  return JSON.stringify({ ...state, tick: 0, epoch: 0 });
}

const actions = [
  { action: 'play' },
  { action: 'pause' },
  { action: 'step' },
  { action: 'speed', ticksPerSecond: 5 },
  { action: 'mode', mode: 'generate' },
  { action: 'input', pixels: Array.from({ length: 784 }, () => 1) },
  { action: 'next-input' },
  { action: 'occlude', occlusion: { x: 0, y: 0, width: 28, height: 14 } },
  { action: 'clamp', unit: 0, value: 2 },
  { action: 'lesion-feedback', lesioned: true },
];

/** The i-th hostile message: [event, payload, wants an acknowledgement]. */
function hostile(i: number): [string, unknown, boolean] {
  const pick = actions[i % actions.length]!;
  switch (i % 12) {
    case 0: // wrong token, every action in turn
      return ['control', { ...pick, token: `wrong-${i}` }, true];
    case 1: // no token
      return ['control', { ...pick }, true];
    case 2: // malformed
      return ['control', [null, 'x', i, { a: [] }][i % 4], true];
    case 3: // oversized (under the transport's limit, over the control limit)
      return ['control', { token: TOKEN, action: 'pause', padding: 'x'.repeat(20_000) }, true];
    case 4: // prototype pollution
      return [
        'control',
        JSON.parse(
          `{"__proto__":{"polluted":true,"token":"${TOKEN}"},"action":"mode","mode":"generate"}`,
        ),
        true,
      ];
    case 5:
      return [
        'control',
        { constructor: { prototype: { token: TOKEN } }, action: 'lesion-feedback', lesioned: true },
        true,
      ];
    case 6: // binary garbage
      return ['control', randomBytes(1 + (i % 512)), true];
    case 7: // binary nested in a valid-looking message with a wrong token
      return ['control', { token: 'nope', action: 'input', pixels: randomBytes(784) }, true];
    case 8: // unknown events
      return [
        ['evil', '__proto__', 'constructor', 'hello', 'frame', 'state'][i % 6]!,
        { token: TOKEN },
        false,
      ];
    case 9: // control without an acknowledgement
      return ['control', { ...pick, token: TOKEN }, false];
    case 10: // deep nesting
      return ['control', JSON.parse(`${'['.repeat(500)}${']'.repeat(500)}`), true];
    default: // right shape, wrong types
      return ['control', { token: TOKEN, action: 'speed', ticksPerSecond: 'fast' }, true];
  }
}

/** Raw garbage below socket.io: random bytes as HTTP, and a websocket upgrade then random frames. */
function rawGarbage(url: string, upgrade: boolean): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = tcpConnect(Number(port), hostname, () => {
      if (upgrade) {
        socket.write(
          `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: ${hostname}:${port}\r\n` +
            'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
            `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`,
        );
      }
      socket.write(randomBytes(4096));
      setTimeout(() => socket.destroy(), 200);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve());
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.floor(sorted.length / 2)]!;
}

export async function fuzzServer(options: FuzzOptions = {}): Promise<FuzzResult> {
  const total = options.messages ?? 10_000;
  const connectionCount = options.connections ?? 12;
  const quiet = options.quietSeconds ?? 10;
  const warmUp = options.warmUpSeconds ?? 30;
  const { url, child, stop } = await startServeChild(['--no-web', '--dataset', 'letters'], TOKEN);
  let crashes = 0;
  let stopping = false;
  child.once('exit', () => {
    if (!stopping) crashes += 1;
  });
  const sockets: Socket[] = [];
  try {
    // The viewer: frames per second over one-second windows, and every state it is told.
    const viewer = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(viewer);
    const hello = await new Promise<Hello>((resolve) => viewer.once('hello', resolve));
    const initial = controls(hello.state);
    let stateChanges = 0;
    viewer.on('state', (state: SessionState) => {
      if (controls(state) !== initial) stateChanges += 1;
    });
    let frames = 0;
    viewer.on('frame', () => (frames += 1));
    const windows: { phase: 'before' | 'during' | 'after'; fps: number }[] = [];
    let phase: 'before' | 'during' | 'after' = 'before';
    const sampler = setInterval(() => {
      windows.push({ phase, fps: frames });
      frames = 0;
    }, 1000);

    // Warm-up: the training worker, the wasm heap and the JIT grow the RSS at first.
    await sleep(warmUp * 1000);
    const rssBefore = rssMb(child.pid!);
    await sleep(quiet * 1000);

    phase = 'during';
    const started = performance.now();
    const refusedByReason: Record<string, number> = {};
    let accepted = 0;
    let sent = 0;
    let disconnectsByServer = 0;
    let rawGarbageConnections = 0;
    const perConnection = Math.ceil(total / connectionCount);
    await Promise.all(
      Array.from({ length: connectionCount }, async (_, c) => {
        let socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
        sockets.push(socket);
        for (let k = 0; k < perConnection && sent < total; k++) {
          if (!socket.connected) {
            await new Promise<void>((resolve) => {
              if (socket.connected) return resolve();
              socket.once('connect', () => resolve());
              socket.once('connect_error', () => resolve());
              setTimeout(resolve, 2000);
            });
          }
          if (socket.disconnected && k > 0) {
            disconnectsByServer += 1;
            socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
            sockets.push(socket);
            continue;
          }
          const [event, payload, ack] = hostile(c * perConnection + k);
          sent += 1;
          if (ack) {
            try {
              const reply = (await socket.timeout(5000).emitWithAck(event, payload)) as
                { ok: true } | { ok: false; error: string };
              if (reply.ok) accepted += 1;
              else {
                const kind = reply.error.split(':')[0]!;
                refusedByReason[kind] = (refusedByReason[kind] ?? 0) + 1;
              }
            } catch {
              refusedByReason['no acknowledgement'] =
                (refusedByReason['no acknowledgement'] ?? 0) + 1;
            }
          } else {
            socket.emit(event, payload);
          }
          // Under the per-connection rate limit (20/s), so messages reach the checks behind it.
          await sleep(55);
          if (k % 200 === 0) {
            rawGarbageConnections += 2;
            await Promise.all([rawGarbage(url, false), rawGarbage(url, true)]);
          }
        }
        socket.close();
      }),
    );
    const fuzzSeconds = (performance.now() - started) / 1000;

    phase = 'after';
    await sleep(quiet * 1000);
    clearInterval(sampler);
    const rssAfter = rssMb(child.pid!);
    let health: Health | undefined;
    try {
      health = (await (await fetch(new URL('healthz', url))).json()) as Health;
    } catch {
      crashes += 1;
    }
    // A fresh viewer sees the same controls as the first one did.
    const late = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(late);
    const lateHello = await new Promise<Hello>((resolve) => late.once('hello', resolve));
    if (controls(lateHello.state) !== initial) stateChanges += 1;

    const fps = (p: 'before' | 'during' | 'after') => {
      const values = windows
        .filter((w) => w.phase === p)
        .map((w) => w.fps)
        .slice(1);
      return { min: Math.min(...values), median: median(values) };
    };
    return {
      messagesSent: sent,
      refusedByReason,
      accepted,
      rawGarbageConnections,
      fuzzConnections: connectionCount,
      disconnectsByServer,
      crashes,
      stateChanges,
      viewerFramesPerSecond: { before: fps('before'), during: fps('during'), after: fps('after') },
      rssMb: {
        before: Math.round(rssBefore),
        after: Math.round(rssAfter),
        growthPercent: Math.round(((rssAfter - rssBefore) / rssBefore) * 1000) / 10,
      },
      fuzzSeconds: Math.round(fuzzSeconds),
      health,
    };
  } finally {
    for (const socket of sockets) socket.close();
    stopping = true;
    stop();
  }
}
