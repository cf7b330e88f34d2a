/**
 * `train-from-scratch` over the wire, with real socket.io clients: without the token it is
 * refused and nothing changes; with it, every viewer gets the new state (trainingRun one
 * more, epoch 1), the last-control words, and frames whose curve points start again at the
 * new run's first step; a late joiner's hello carries only the new run's history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import type { LiveServer } from '../../src/server/server.ts';
import {
  LAST_CONTROL_EVENT,
  type CurvePoint,
  type LastControl,
  type SessionState,
  type WireFrame,
} from '../../src/server/wire.ts';
import {
  connect,
  control,
  next,
  startTinyServer,
  TOKEN,
  until,
  type Client,
} from './liveClient.ts';

let server: LiveServer;
const clients: Client[] = [];
function join(): Client {
  const client = connect(server.url);
  clients.push(client);
  return client;
}

beforeAll(async () => {
  await initBackend('wasm');
  server = await startTinyServer();
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.socket.disconnect();
  await server?.close();
});

/** The first state a socket receives with `trainingRun` at `run`. */
function stateOfRun(client: Client, run: number): Promise<SessionState> {
  return new Promise((resolve) => {
    const listener = (state: SessionState): void => {
      if (state.trainingRun !== run) return;
      client.socket.off('state', listener);
      resolve(state);
    };
    client.socket.on('state', listener);
  });
}

describe('train-from-scratch over the wire', () => {
  it('needs the token: a viewer is refused and the training run stays', async () => {
    const viewer = join();
    const hello = await viewer.hello;
    expect(hello.state.trainingRun).toBe(0);
    const refused = await control(viewer.socket, { action: 'train-from-scratch' });
    expect(refused).toMatchObject({ ok: false });
    expect(await control(viewer.socket, { token: 'wrong', action: 'train-from-scratch' })).toEqual({
      ok: false,
      error: 'invalid token: control needs the token printed at server start',
    });
    expect(server.session.state.trainingRun).toBe(0);
  });

  it('with the token, every viewer sees the new run and its curve start again', async () => {
    const teacher = join();
    const viewers = [join(), join()];
    await Promise.all([teacher, ...viewers].map((c) => c.hello));
    await until(() => server.session.history.lastCurveStep >= 10);
    const oldLast = server.session.history.lastCurveStep;

    const states = viewers.map((v) => stateOfRun(v, 1));
    const words = viewers.map((v) => next<LastControl>(v.socket, LAST_CONTROL_EVENT));
    // Each viewer's curve points after the new state arrived.
    const pointsAfter = viewers.map(() => [] as CurvePoint[]);
    viewers.forEach((v, k) => {
      let seen = false;
      v.socket.on('state', (s: SessionState) => (seen ||= s.trainingRun === 1));
      v.socket.on('frame', (f: WireFrame) => {
        if (seen) pointsAfter[k]!.push(...f.curvePoints);
      });
    });

    expect(await control(teacher.socket, { token: TOKEN, action: 'train-from-scratch' })).toEqual({
      ok: true,
    });
    for (const state of await Promise.all(states)) {
      expect(state.trainingRun).toBe(1);
      expect(state.epoch).toBe(1);
    }
    for (const said of await Promise.all(words)) {
      expect(said).toMatchObject({
        action: 'train-from-scratch',
        text: 'restarted training from scratch',
      });
    }
    // The new run's points reach every viewer, from its first step (curveEvery 2), though each
    // viewer's place was at step oldLast of the old run.
    await until(() => pointsAfter.every((points) => points.length >= 3));
    for (const points of pointsAfter) {
      expect(points[0]!.step).toBe(2);
      expect(points[0]!.step).toBeLessThan(oldLast);
      const steps = points.map((p) => p.step);
      expect(steps).toEqual([...steps].sort((a, b) => a - b));
    }

    const late = join();
    const hello = await late.hello;
    expect(hello.state.trainingRun).toBe(1);
    expect(hello.curve[0]?.step).toBe(2);
  });
});
