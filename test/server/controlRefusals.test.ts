import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import type { LiveServer } from '../../src/server/server.ts';
import { connect, control, startTinyServer, TOKEN, type Client } from './liveClient.ts';

let server: LiveServer;
const lines: string[] = [];
const clients: Client[] = [];

beforeAll(async () => {
  await initBackend('wasm');
  server = await startTinyServer({
    logger: pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) }),
  });
});
afterAll(async () => {
  for (const c of clients) c.socket.close();
  await server.close();
});

function client(): Client {
  const c = connect(server.url);
  clients.push(c);
  return c;
}

describe('refused controls', () => {
  it('a binary payload is refused as not JSON, not as a bad token', async () => {
    const c = client();
    await c.hello;
    const binary = await control(c.socket, Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    expect(binary).toMatchObject({ ok: false, error: expect.stringMatching(/^not JSON: /) });
    const nested = await control(c.socket, {
      token: TOKEN,
      action: 'pause',
      data: new Uint8Array(8),
    });
    expect(nested).toMatchObject({ ok: false, error: expect.stringMatching(/^not JSON: /) });
  });

  it('10,000 refused messages from two connections write a few log lines, not 10,000', async () => {
    const log: string[] = [];
    const flooded = await startTinyServer({
      logger: pino({ level: 'warn' }, { write: (line: string) => void log.push(line) }),
    });
    const [a, b] = [connect(flooded.url), connect(flooded.url)];
    clients.push(a, b);
    await Promise.all([a.hello, b.hello]);
    const acks = [];
    for (let i = 0; i < 5000; i++) {
      acks.push(control(a.socket, { token: 'wrong', action: 'pause' }));
      acks.push(control(b.socket, 'not an object'));
    }
    const replies = await Promise.all(acks);
    expect(replies.every((r) => !r.ok)).toBe(true);
    await flooded.close(); // writes the pending summary
    const written = log;
    expect(written.length).toBeLessThanOrEqual(3);
    expect(written.join('').length).toBeLessThan(3000);
    const summary = written.map((l) => JSON.parse(l) as { msg: string }).at(-1)!.msg;
    expect(summary).toMatch(/more control messages refused in 10 s from 2 connection\(s\)/);
    const counted = [...summary.matchAll(/(\d+) [a-z]/g)].map((m) => Number(m[1]));
    // The summary's first number is the total; the rest split it by reason.
    expect(counted[0]! + written.length - 1).toBe(10_000);
  });
});
