/**
 * Record, then replay, over real sockets: `startServer({ record })` with a real (tiny) session
 * writes a recording; the replay server sends the same frames in order to a socket.io client
 * (same ticks, same pixel bytes), rebuilds the picture on a seek, and the live server's
 * `GET /recording` gives a file that replays.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNeocortexError } from '../../src/errors.ts';
import { decodeRecord, parseRecording, readRecording } from '../../src/server/recording/reader.ts';
import { startReplayServer, type ReplayServer } from '../../src/server/recording/replayServer.ts';
import type { LiveServer } from '../../src/server/server.ts';
import {
  decodeFrame,
  REPLAY_NAMESPACE,
  type ControlAck,
  type Hello,
  type ReplayTimeline,
  type WireFrame,
} from '../../src/server/wire.ts';
import { tinySpec } from '../sim/sessionFixture.ts';
import { connect, control, startTinyServer, TOKEN, until } from './liveClient.ts';

const dir = mkdtempSync(join(tmpdir(), 'neocortex-record-'));
const file = join(dir, 'class.ncrec');
let live: LiveServer;
let liveFrames = 0;

beforeAll(async () => {
  // Recorded at 10 frames/s (what a viewer at that rate gets) while a viewer watches.
  live = await startTinyServer({
    frameRate: 10,
    record: { path: file, maxBytes: 64 * 1024 ** 2 },
    // Inline training: curve points come within the first ticks.
    sessionSpec: tinySpec({ playing: true, speed: 60, training: 'inline' }),
  });
  const viewer = connect(live.url);
  await viewer.hello;
  viewer.socket.on('frame', () => (liveFrames += 1));
  await until(() => liveFrames >= 12);
  // A state change mid-way (recorded as it happens).
  expect(await control(viewer.socket, { token: TOKEN, action: 'mode', mode: 'recognize' })).toEqual(
    { ok: true },
  );
  // Until training has drawn a few curve points (they travel with the frames after them).
  await until(() => liveFrames >= 20 && live.session.history.curve.toArray().length >= 2);
  // Paused: the replays below run in this process without a session training beside them.
  expect(await control(viewer.socket, { token: TOKEN, action: 'pause' })).toEqual({ ok: true });
  viewer.socket.close();
}, 60_000);

afterAll(async () => {
  await live.close();
});

/** The frames of a recording, decoded, in order, with their times. */
function recordedFrames(bytes: Buffer): { timeMs: number; frame: WireFrame }[] {
  return parseRecording(bytes, file)
    .records.map(decodeRecord)
    .flatMap((item) => (item.kind === 'frame' ? [item] : []));
}

describe('serve --record', () => {
  it('records the hello essentials, the states and frames at most at the viewers rate', async () => {
    const elapsed = live.recording!.recorder.elapsedMs();
    await live.recording!.file!.close();
    const recording = await readRecording(file);
    expect(recording.header).toMatchObject({ source: 'record', frameRate: 10, backend: 'wasm' });
    expect(recording.header.topology).toEqual(live.session.topology);
    expect(recording.lostBytes).toBe(0);
    const items = recording.records.map(decodeRecord);
    expect(items[0]).toMatchObject({ kind: 'event', name: 'state', timeMs: 0 });
    const modes = items.flatMap((i) =>
      i.kind === 'event' && i.name === 'state' ? [(i.payload as { mode: string }).mode] : [],
    );
    expect(modes[0]).toBe('train');
    expect(modes).toContain('recognize');
    const frames = items.filter((i) => i.kind === 'frame');
    expect(frames.length).toBeGreaterThanOrEqual(15);
    // At most 10 a second (one interval of slack for the first).
    expect(frames.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
    const ticks = frames.map((f) => (f.kind === 'frame' ? f.frame.tick : -1));
    expect(ticks).toEqual([...ticks].sort((a, b) => a - b));
    expect(new Set(ticks).size).toBe(ticks.length);
    const curves = items.filter((i) => i.kind === 'event' && i.name === 'curve');
    expect(curves.length).toBeGreaterThan(0);
    // The other broadcast events: the lesson desk from the start, the last control when sent.
    const named = (name: string) => items.filter((i) => i.kind === 'event' && i.name === name);
    const lesson = named('lesson')[0]!;
    expect(lesson).toMatchObject({ payload: { current: null } });
    expect(lesson.timeMs).toBeLessThan(100);
    const controls = named('last-control').map((i) => (i.kind === 'event' ? i.payload : null));
    expect(controls).toEqual([
      expect.objectContaining({ action: 'mode' }),
      expect.objectContaining({ action: 'pause' }),
    ]);
  });

  it('refuses to record over an existing file unless told, and leaves it as it was', async () => {
    const existing = join(dir, 'kept.ncrec');
    writeFileSync(existing, 'precious');
    const refused = await startTinyServer({ record: { path: existing, maxBytes: 1e6 } }).then(
      async (server) => {
        await server.close();
        return undefined;
      },
      (error: unknown) => error,
    );
    expect(isNeocortexError(refused, 'OUTPUT_UNWRITABLE')).toBe(true);
    expect((refused as Error).message).toMatch(/kept\.ncrec: exists already: pass --overwrite/);
    expect(readFileSync(existing, 'utf8')).toBe('precious');
  });

  it('stops at its size limit with a line, leaving a whole, replayable file', async () => {
    const small = join(dir, 'small.ncrec');
    const said: string[] = [];
    const server = await startTinyServer({
      frameRate: 60,
      record: { path: small, maxBytes: 40_000 },
      onRecordingStop: (line) => said.push(line),
    });
    try {
      await until(() => said.length > 0);
      expect(said[0]).toMatch(/^recording stopped: .*small\.ncrec reached its limit of 0 MiB/);
      await server.recording!.file!.close();
      expect(statSync(small).size).toBeLessThanOrEqual(40_000);
      const recording = await readRecording(small);
      expect(recording.lostBytes).toBe(0);
      expect(recording.frames).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});

describe('neocortex replay', () => {
  let replay: ReplayServer;
  let client: Socket;
  let timeline: Socket;

  beforeAll(async () => {
    const recording = await readRecording(file);
    replay = await startReplayServer({
      recording,
      file,
      port: 0,
      token: TOKEN,
      playing: false,
      speed: 2,
      // Faster than the recording: no frame is skipped for a busy connection.
      frameRate: 240,
    });
    client = io(replay.url, { transports: ['websocket'], forceNew: true, reconnection: false });
    timeline = io(new URL(REPLAY_NAMESPACE, replay.url).href, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
  });

  afterAll(async () => {
    client.close();
    timeline.close();
    await replay.close();
  });

  const send = (message: unknown): Promise<ControlAck> =>
    timeline.timeout(5000).emitWithAck('timeline-control', message) as Promise<ControlAck>;

  it('greets with the recording and sends the same frames in order: same ticks, same pixels', async () => {
    const hello = await new Promise<Hello<WireFrame>>((resolve) => client.once('hello', resolve));
    const recorded = recordedFrames(readFileSync(file));
    expect(hello.replay).toMatchObject({ file: 'class.ncrec', playing: false, speed: 2 });
    expect(hello.replay!.frames).toBe(recorded.length);
    // The picture at 0: the first frame (recorded at 0 if the session had one by then).
    expect(hello.frame?.tick).toBe(recorded[0]!.frame.tick);
    const received: WireFrame[] = [];
    client.on('frame', (frame: WireFrame) => received.push(frame));
    let last: ReplayTimeline | undefined;
    timeline.on('timeline', (t: ReplayTimeline) => (last = t));
    expect(await send({ token: TOKEN, action: 'play' })).toEqual({ ok: true });
    await until(() => last !== undefined && !last.playing && last.positionMs === last.durationMs);
    await until(() => received.length >= recorded.filter((f) => f.timeMs > 0).length, 5000);
    const expected = recorded.filter((f) => f.timeMs > 0).map((f) => f.frame);
    expect(expected.length).toBeGreaterThanOrEqual(15);
    expect(received.map((f) => f.tick)).toEqual(expected.map((f) => f.tick));
    received.forEach((raw, k) => {
      const frame = decodeFrame(raw);
      const want = decodeFrame(expected[k]!);
      expect(Buffer.from(frame.input).equals(Buffer.from(want.input))).toBe(true);
      expect(Buffer.from(frame.prediction).equals(Buffer.from(want.prediction))).toBe(true);
      expect(Array.from(frame.generative[1]!.state)).toEqual(Array.from(want.generative[1]!.state));
    });
  });

  it('seeks: every viewer is greeted again with the picture at that moment', async () => {
    const recording = await readRecording(file);
    const items = recording.records.map(decodeRecord);
    const middle = Math.round(recording.durationMs / 2);
    const before = items.filter((i) => i.timeMs <= middle);
    const frameThen = before.filter((i) => i.kind === 'frame').at(-1);
    const stateThen = before.filter((i) => i.kind === 'event' && i.name === 'state').at(-1);
    const hello = new Promise<Hello<WireFrame>>((resolve) => client.once('hello', resolve));
    expect(await send({ token: TOKEN, action: 'seek', positionMs: middle })).toEqual({ ok: true });
    const again = await hello;
    expect(again.replay).toMatchObject({ positionMs: middle, playing: false });
    expect(again.frame?.tick).toBe(frameThen?.kind === 'frame' ? frameThen.frame.tick : null);
    expect(again.state).toEqual(stateThen?.kind === 'event' ? stateThen.payload : null);
    expect(replay.player.timeline().positionMs).toBe(middle);
    // At the end: the last control is told again after the hello, as to a viewer joining then.
    const told = new Promise<{ action: string }>((resolve) => client.once('last-control', resolve));
    await send({ token: TOKEN, action: 'seek', positionMs: recording.durationMs });
    expect(await told).toMatchObject({ action: 'pause' });
  });

  it('changes speed, and refuses a bad speed, a bad token and live controls', async () => {
    expect(await send({ token: TOKEN, action: 'speed', speed: 8 })).toEqual({ ok: true });
    expect(replay.player.timeline().speed).toBe(8);
    expect(await send({ token: TOKEN, action: 'speed', speed: 20 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/speed/),
    });
    expect(await send({ token: 'wrong', action: 'pause' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/invalid token/),
    });
    expect(await control(client, { token: TOKEN, action: 'play' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/replay of a recording/),
    });
  });
});

describe('GET /recording', () => {
  it('downloads the last minutes as a file that replays', async () => {
    const response = await fetch(new URL('recording?minutes=1', live.url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename=".*\.ncrec"/);
    const bytes = Buffer.from(await response.arrayBuffer());
    const recording = parseRecording(bytes, 'download.ncrec');
    expect(recording.header.source).toBe('download');
    expect(recording.frames).toBeGreaterThan(0);
    const first = decodeRecord(recording.records[0]!);
    expect(first).toMatchObject({ kind: 'event', name: 'state', timeMs: 0 });
    const server = await startReplayServer({
      recording,
      file: 'download.ncrec',
      port: 0,
      playing: false,
    });
    try {
      const viewer = connect(server.url);
      const hello = await viewer.hello;
      expect(hello.topology).toEqual(live.session.topology);
      expect(hello.state).toEqual(first.kind === 'event' ? first.payload : null);
      expect(server.player.pictureAt(recording.durationMs).frame).not.toBeNull();
      viewer.socket.close();
    } finally {
      await server.close();
    }
    expect((await fetch(new URL('recording?minutes=zero', live.url))).status).toBe(400);
  });
});
