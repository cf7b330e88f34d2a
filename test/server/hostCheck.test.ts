import { request } from 'node:http';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { allowedHostNames, hostAllowed } from '../../src/server/host.ts';
import type { LiveServer } from '../../src/server/server.ts';
import { startTinyServer } from './liveClient.ts';

let server: LiveServer;

beforeAll(async () => {
  await initBackend('wasm');
  server = await startTinyServer({ allowHosts: ['class.example'] });
});
afterAll(async () => {
  await server.close();
});

/** A real HTTP GET with the given Host header: status and headers. */
function get(path: string, host: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: server.port, path, headers: { Host: host } },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.end();
    },
  );
}

/** A real socket.io client sending the given Host and Origin: 'hello' or the refusal. */
function handshake(host: string, origin: string): Promise<string> {
  const socket = io(server.url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: { Host: host, Origin: origin },
  });
  return new Promise<string>((resolve) => {
    socket.once('hello', () => resolve('hello'));
    socket.once('connect_error', (error) => resolve(`refused: ${error.message}`));
  }).finally(() => socket.close());
}

/** The same over HTTP long-polling (the transport a browser tries first). */
function pollingHandshake(host: string): Promise<number> {
  return get('/socket.io/?EIO=4&transport=polling', host).then((r) => r.status);
}

describe('the Host header (DNS rebinding)', () => {
  it('refuses HTTP requests for another host name, on every route', async () => {
    const evil = `evil.example:${server.port}`;
    for (const path of ['/', '/healthz', '/index.html']) {
      const res = await get(path, evil);
      expect(res.status).toBe(403);
      expect(res.body).toMatch(/--allow-host/);
    }
    expect(await pollingHandshake(evil)).not.toBe(200);
  });

  it('answers its own names and the names it was told about', async () => {
    for (const host of [
      `127.0.0.1:${server.port}`,
      `localhost:${server.port}`,
      `[::1]:${server.port}`,
      `class.example:${server.port}`,
      `CLASS.example.:${server.port}`,
    ]) {
      expect((await get('/healthz', host)).status, host).toBe(200);
    }
    expect(await pollingHandshake(`127.0.0.1:${server.port}`)).toBe(200);
  });

  it('refuses a socket whose Host and Origin both name the rebound site', async () => {
    const evil = `evil.example:${server.port}`;
    expect(await handshake(evil, `http://${evil}`)).toMatch(/^refused/);
    expect(server.sockets.viewers()).toBe(0);
  });

  it('accepts a socket from its own page under an allowed name', async () => {
    const name = `class.example:${server.port}`;
    expect(await handshake(name, `http://${name}`)).toBe('hello');
    const local = `127.0.0.1:${server.port}`;
    expect(await handshake(local, `http://${local}`)).toBe('hello');
  });

  it('bound to every interface, answers the machine addresses and no other name', () => {
    const names = allowedHostNames('0.0.0.0', ['lab.example.edu']);
    expect(hostAllowed('127.0.0.1:80', names)).toBe(true);
    expect(hostAllowed('lab.example.edu:8080', names)).toBe(true);
    expect(hostAllowed('evil.example:8080', names)).toBe(false);
    expect(hostAllowed(undefined, names)).toBe(false);
    expect(hostAllowed('127.0.0.1.evil.example', names)).toBe(false);
  });
});

describe('security headers', () => {
  it('sends a CSP of its own origin, nosniff, no framing and no referrer', async () => {
    const res = await get('/healthz', `127.0.0.1:${server.port}`);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it("are on every response: the Host check's 403 and socket.io's own answers", async () => {
    const headersOf = (res: { headers: Record<string, unknown> }) => ({
      csp: String(res.headers['content-security-policy']),
      nosniff: res.headers['x-content-type-options'],
      frame: res.headers['x-frame-options'],
    });
    const expected = {
      csp: expect.stringContaining("default-src 'self'") as unknown,
      nosniff: 'nosniff',
      frame: 'DENY',
    };
    const refused = await get('/healthz', `evil.example:${server.port}`);
    expect(refused.status).toBe(403);
    expect(headersOf(refused)).toEqual(expected);
    const polling = await get('/socket.io/?EIO=4&transport=polling', `127.0.0.1:${server.port}`);
    expect(polling.status).toBe(200);
    expect(headersOf(polling)).toEqual(expected);
    const pollingRefused = await get(
      '/socket.io/?EIO=4&transport=polling',
      `evil.example:${server.port}`,
    );
    expect(pollingRefused.status).toBe(403);
    expect(headersOf(pollingRefused)).toEqual(expected);
  });
});
