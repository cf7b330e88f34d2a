import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import type { LiveServer } from '../../src/server/server.ts';
import type { SessionState } from '../../src/server/wire.ts';
import { connect, control, next, startTinyServer, TOKEN, type Client } from './liveClient.ts';

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

  it(
    '10,000 refused messages from two connections write a few log lines, not 10,000',
    { timeout: 120_000 },
    async () => {
      const log: string[] = [];
      const flooded = await startTinyServer({
        logger: pino({ level: 'warn' }, { write: (line: string) => void log.push(line) }),
      });
      const [a, b] = [connect(flooded.url), connect(flooded.url)];
      clients.push(a, b);
      await Promise.all([a.hello, b.hello]);
      // In batches, with a long acknowledgement timeout: a loaded machine is slow, not wrong.
      const send = (socket: Client['socket'], message: unknown) =>
        socket.timeout(60_000).emitWithAck('control', message) as Promise<{ ok: boolean }>;
      const replies: { ok: boolean }[] = [];
      const started = performance.now();
      for (let batch = 0; batch < 10; batch++) {
        const acks = [];
        for (let i = 0; i < 500; i++) {
          acks.push(send(a.socket, { token: 'wrong', action: 'pause' }));
          acks.push(send(b.socket, 'not an object'));
        }
        replies.push(...(await Promise.all(acks)));
      }
      expect(replies).toHaveLength(10_000);
      expect(replies.every((r) => !r.ok)).toBe(true);
      const seconds = (performance.now() - started) / 1000;
      await flooded.close(); // writes the pending summary
      const messages = log.map((l) => (JSON.parse(l) as { msg: string }).msg);
      // The first refusal as it came, then one summary per 10 s interval at most.
      expect(messages.length).toBeLessThanOrEqual(2 + Math.ceil(seconds / 10));
      expect(log.join('').length).toBeLessThan(400 * messages.length);
      expect(messages[0]).toMatch(/^control from \S+ refused: /);
      const summaries = messages.slice(1);
      for (const summary of summaries) {
        expect(summary).toMatch(/^\d+ more control messages refused in 10 s from [12] connection/);
      }
      // Every refusal is counted once: the first line plus each summary's total.
      const counted = summaries.map((m) => Number(/^(\d+)/.exec(m)![1]));
      expect(1 + counted.reduce((x, y) => x + y, 0)).toBe(10_000);
    },
  );
});

describe('the settle auto-advance control', () => {
  it('switches auto-advance on and off and tells every viewer', async () => {
    const [controller, viewer] = [client(), client()];
    const hello = await viewer.hello;
    await controller.hello;
    expect(hello.state.settleAutoAdvance).toBe(false);
    expect(hello.state.settleIterations).toBe(server.session.spec.settleIterations);
    const on = next<SessionState>(viewer.socket, 'state');
    expect(
      await control(controller.socket, {
        token: TOKEN,
        action: 'settle-auto-advance',
        enabled: true,
      }),
    ).toEqual({ ok: true });
    expect((await on).settleAutoAdvance).toBe(true);
    expect(server.session.state.settleAutoAdvance).toBe(true);
    const off = next<SessionState>(viewer.socket, 'state');
    await control(controller.socket, {
      token: TOKEN,
      action: 'settle-auto-advance',
      enabled: false,
    });
    expect((await off).settleAutoAdvance).toBe(false);
  });

  it('refuses a malformed value with a message naming the field, and changes nothing', async () => {
    const c = client();
    await c.hello;
    await control(c.socket, { token: TOKEN, action: 'settle-auto-advance', enabled: true });
    const before = server.session.state;
    for (const enabled of ['false', 0, null, {}]) {
      const ack = await control(c.socket, { token: TOKEN, action: 'settle-auto-advance', enabled });
      expect(ack).toEqual({
        ok: false,
        error: expect.stringMatching(
          /^invalid control message: enabled: expected true or false, got /,
        ) as unknown,
      });
    }
    const missing = await control(c.socket, { token: TOKEN, action: 'settle-auto-advance' });
    expect(missing).toMatchObject({ ok: false, error: expect.stringMatching(/enabled/) });
    const extra = await control(c.socket, {
      token: TOKEN,
      action: 'settle-auto-advance',
      enabled: false,
      hold: 5,
    });
    expect(extra).toMatchObject({ ok: false, error: expect.stringMatching(/hold/) });
    const after = server.session.state;
    expect({ ...after, tick: 0, epoch: 0 }).toEqual({ ...before, tick: 0, epoch: 0 });
    expect(after.settleAutoAdvance).toBe(true);
  });
});
