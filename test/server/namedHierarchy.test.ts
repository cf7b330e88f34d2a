/**
 * Any hierarchy over the wire: a live server whose session runs a pcvae with
 * three stochastic areas named retina / v1 / v2 / it greets a real socket.io
 * client with that topology and streams frames carrying those areas in every
 * mode the client switches to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { decodeFrame, decodeHello, type Frame, type WireFrame } from '../../src/server/wire.ts';
import type { LiveServer } from '../../src/server/server.ts';
import { tinySpec } from '../sim/sessionFixture.ts';
import { connect, control, startTinyServer, TOKEN, type Client } from './liveClient.ts';

const names = ['retina', 'v1', 'v2', 'it'];
let server: LiveServer;
let c: Client;

beforeAll(async () => {
  await initBackend('wasm');
  server = await startTinyServer({
    sessionSpec: tinySpec({
      playing: true,
      speed: 60,
      generative: {
        areas: [
          { name: 'retina', size: 784 },
          { name: 'v1', size: 8, hidden: 16 },
          { name: 'v2', size: 6, hidden: 16 },
          { name: 'it', size: 3, hidden: 16 },
        ],
      },
    }),
  });
  c = connect(server.url);
});

afterAll(async () => {
  c.socket.close();
  await server.close();
});

/** The next decoded frame in `mode`. */
function frameIn(mode: string): Promise<Frame> {
  return new Promise((resolve) => {
    const listener = (raw: WireFrame): void => {
      const frame = decodeFrame(raw);
      if (frame.mode !== mode) return;
      c.socket.off('frame', listener);
      resolve(frame);
    };
    c.socket.on('frame', listener);
  });
}

describe('a live server on a named three-level hierarchy', () => {
  it("sends a hello whose topology has the user's area names, kinds and pathways", async () => {
    const hello = decodeHello(await c.hello);
    const areas = hello.topology.generative.areas;
    expect(areas.map((a) => a.name)).toEqual(names);
    expect(areas.map((a) => a.kind)).toEqual(['sensory', 'stochastic', 'stochastic', 'stochastic']);
    expect(hello.topology.generative.pathways).toHaveLength(6);
    expect(hello.topology.latentSize).toBe(3);
    expect(hello.state.clamp).toEqual([null, null, null]);
  });

  it.each(['train', 'recognize', 'generate', 'settle'])(
    'streams frames with every named area in %s mode',
    async (mode) => {
      await c.hello;
      expect(await control(c.socket, { token: TOKEN, action: 'mode', mode })).toEqual({
        ok: true,
      });
      const frame = await frameIn(mode);
      expect(frame.generative.map((a) => a.name)).toEqual(names);
      expect(frame.generative.map((a) => a.state.length)).toEqual([784, 8, 6, 3]);
    },
  );

  it('clamps the top area, it, and refuses a clamp of the wrong size by name', async () => {
    await c.hello;
    expect(
      await control(c.socket, { token: TOKEN, action: 'clamp', values: [1, null, -1] }),
    ).toEqual({ ok: true });
    expect(await control(c.socket, { token: TOKEN, action: 'mode', mode: 'generate' })).toEqual({
      ok: true,
    });
    const frame = await frameIn('generate');
    expect(frame.generative[3]!.state[0]).toBeCloseTo(1, 5);
    expect(frame.generative[3]!.state[2]).toBeCloseTo(-1, 5);
    const refused = await control(c.socket, { token: TOKEN, action: 'clamp', values: [1] });
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/top area it/) });
  });
});
