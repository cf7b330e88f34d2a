/**
 * Many viewers on one process: one encoding a tick for the viewers keeping up, every
 * latent point delivered to each of them once and in order, and a door that refuses
 * connections past the bounds with the reason (on the websocket, on polling and at
 * GET /admission) and lets the next one in when a viewer leaves.
 */
import { randomBytes } from 'node:crypto';
import { request, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { Admission } from '../../src/server/admission.ts';
import type { LiveServer } from '../../src/server/server.ts';
import type { WireFrame } from '../../src/server/wire.ts';
import { tinySpec } from '../sim/sessionFixture.ts';
import { connect, startTinyServer, until, type Client } from './liveClient.ts';

let server: LiveServer;

beforeAll(async () => {
  await initBackend('wasm');
  server = await startTinyServer({
    viewerLimits: { perProcess: 6, perAddress: 5 },
    // Training adds latent points as it goes: the points show what each viewer got.
    sessionSpec: tinySpec({ playing: true, speed: 30, mode: 'train', training: 'inline' }),
  });
});
afterAll(async () => {
  await server.close();
});

/** A raw websocket handshake to socket.io: the status line, headers and body of the answer. */
function upgrade(): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: server.port,
      path: '/socket.io/?EIO=4&transport=websocket',
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        'Sec-WebSocket-Version': '13',
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function get(path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(new URL(path, server.url));
  return { status: res.status, body: await res.text() };
}

describe('viewers served together', () => {
  it('encodes a frame once for all viewers keeping up, and each gets every latent point once, in order', async () => {
    const clients: Client[] = Array.from({ length: 5 }, () => connect(server.url));
    const seen: number[][] = clients.map(() => []);
    try {
      clients.forEach((client, i) => {
        void client.hello.then((hello) => seen[i]!.unshift(...hello.latent.map((p) => p.id)));
        client.socket.on('frame', (frame: WireFrame) => {
          seen[i]!.push(...frame.latentPoints.map((p) => p.id));
        });
      });
      await Promise.all(clients.map((c) => c.hello));
      const before = server.sockets.fanout();
      await until(() => seen.every((ids) => ids.length > 60));
      const after = server.sockets.fanout();
      const frames = after.framesSent - before.framesSent;
      const broadcasts = after.frameBroadcasts - before.frameBroadcasts;
      // Five viewers keeping up: most ticks are one encoding for all five.
      expect(frames).toBeGreaterThan(50);
      expect(frames / broadcasts).toBeGreaterThan(3);
      for (const ids of seen) {
        // Each point once, in order, none missing between the first and the last.
        const from = ids[0]!;
        expect(ids).toEqual(ids.map((_, k) => from + k));
      }
    } finally {
      for (const client of clients) client.socket.close();
      // Gone once their connections closed (the door counts connections, not sockets).
      await until(() => server.admission.counts().open === 0);
    }
  });
});

describe('the door', () => {
  it('refuses a viewer past the bound per address, with the reason and the security headers', async () => {
    const clients = Array.from({ length: 5 }, () => connect(server.url));
    try {
      await Promise.all(clients.map((c) => c.hello));
      const ws = await upgrade();
      expect(ws.status).toBe(403);
      expect(ws.body).toMatch(/too many viewers from 127\.0\.0\.1 \(5 viewers at most/);
      expect(ws.headers['content-security-policy']).toContain("default-src 'self'");
      const polling = await get('/socket.io/?EIO=4&transport=polling');
      expect(polling.status).toBe(403);
      expect(polling.body).toMatch(/5 viewers at most from one address/);
      const asked = JSON.parse((await get('/admission')).body) as Record<string, unknown>;
      expect(asked).toMatchObject({ admitted: false, viewers: 5 });
      expect(String(asked.reason)).toMatch(/too many viewers from 127\.0\.0\.1/);
      expect(server.sockets.viewers()).toBe(5);
      // One leaves: the next is let in.
      clients[0]!.socket.close();
      await until(() => server.admission.counts().open === 4);
      const next = connect(server.url);
      clients.push(next);
      await next.hello;
      expect(server.sockets.viewers()).toBe(5);
    } finally {
      for (const client of clients) client.socket.close();
      // Gone once their connections closed (the door counts connections, not sockets).
      await until(() => server.admission.counts().open === 0);
    }
    expect(JSON.parse((await get('/admission')).body)).toMatchObject({ admitted: true });
  });

  it('counts per process across addresses, and refuses invalid bounds by name', () => {
    const admission = new Admission({ perProcess: 3, perAddress: 2 });
    const from = (address: string) => ({ socket: { remoteAddress: address } }) as IncomingMessage;
    expect(admission.admit(from('10.0.0.1'))).toBeNull();
    expect(admission.admit(from('10.0.0.1'))).toBeNull();
    expect(admission.admit(from('::ffff:10.0.0.1'))).toMatch(/too many viewers from 10\.0\.0\.1/);
    expect(admission.admit(from('10.0.0.2'))).toBeNull();
    expect(admission.admit(from('10.0.0.3'))).toMatch(/this server is full \(3 viewers at most\)/);
    expect(admission.counts()).toEqual({ open: 0, pending: 3, refused: 2 });
    expect(() => new Admission({ perProcess: 0, perAddress: 2 })).toThrow(/perProcess/);
  });
});
