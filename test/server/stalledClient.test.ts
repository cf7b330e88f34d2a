import { randomBytes } from 'node:crypto';
import { connect as tcpConnect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import type { LiveServer } from '../../src/server/server.ts';
import { encodeFrame } from '../../src/server/wire.ts';
import { startTinyServer, until } from './liveClient.ts';
import { tinySpec } from '../sim/sessionFixture.ts';

/** A masked websocket text frame (clients must mask), for payloads under 126 bytes. */
function textFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]);
}

/**
 * A socket.io client by hand: the websocket handshake, engine.io's open packet,
 * socket.io's CONNECT, and then it stops reading for good.
 */
async function stalledClient(port: number): Promise<Socket> {
  const socket = tcpConnect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
      'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  let received = '';
  await new Promise<void>((resolve) => {
    const onData = (chunk: Buffer): void => {
      received += chunk.toString('latin1');
      // 101 Switching Protocols, then engine.io's open packet ("0{...}").
      if (received.includes('101') && received.includes('"sid"')) {
        socket.off('data', onData);
        resolve();
      }
    };
    socket.on('data', onData);
  });
  socket.write(textFrame('40'));
  socket.pause();
  return socket;
}

/**
 * Engine.io packets one `frame` message takes: socket.io sends its header, then each
 * binary field (typed array) as a packet of its own.
 */
function packetsPerFrame(value: unknown): number {
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return 1;
  if (value === null || typeof value !== 'object') return 0;
  return Object.values(value).reduce<number>((sum, v) => sum + packetsPerFrame(v), 0);
}

let server: LiveServer;

beforeAll(async () => {
  await initBackend('wasm');
  // Fast frames, so the stalled connection's kernel buffers fill in a few seconds.
  server = await startTinyServer({
    frameRate: 240,
    sessionSpec: tinySpec({ playing: true, speed: 120 }),
  });
});

afterAll(async () => {
  await server.close();
});

describe('a stalled client', () => {
  it('skips frames: nothing queues on the server for it and the simulation goes on', async () => {
    const socket = await stalledClient(server.port);
    try {
      await until(() => server.sockets.viewers() === 1);
      const stats = () => [...server.sockets.feedStats().values()][0]!;
      // Once the connection is backed up, frames are replaced in the slot, not queued.
      await until(() => stats().skipped > 20, 60_000);
      const frameBytes = 784 * 11 + 4096;
      const samples: ReturnType<typeof stats>[] = [];
      const tick = server.session.state.tick;
      while (server.session.state.tick < tick + 120) {
        samples.push(stats());
        await new Promise((r) => setTimeout(r, 10));
      }
      // At most one message waits: a frame whose header went out just before the
      // connection stalled leaves its binary packets in the write buffer, no more.
      const oneFrame = 1 + packetsPerFrame(encodeFrame(server.session.latestFrame!));
      expect(oneFrame).toBeGreaterThan(2);
      for (const s of samples) {
        expect(s.queuedPackets).toBeLessThanOrEqual(oneFrame);
        expect(s.bufferedBytes).toBeLessThanOrEqual(2 * frameBytes);
      }
      const last = samples.at(-1)!;
      expect(last.sent).toBe(samples[0]!.sent);
      expect(last.skipped).toBeGreaterThan(samples[0]!.skipped + 60);
    } finally {
      socket.destroy();
    }
  });
});
