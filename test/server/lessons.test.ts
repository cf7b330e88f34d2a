/**
 * Lessons over the wire, with real socket.io clients: the teacher (with the token) starts a
 * lesson and moves Next and Back; every viewer gets the same step in a `lesson` event, a late
 * joiner right after `hello`; the session takes the step's state; viewers cannot drive it;
 * moves past either end are refused. `serve --lessons DIR` refuses a bad file at start.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import type { LiveServer } from '../../src/server/server.ts';
import { LESSON_EVENT, type LessonUpdate } from '../../src/server/wire.ts';
import { loadLessonCatalogue } from '../../src/sim/lessons/index.ts';
import { tinyData } from '../sim/sessionFixture.ts';
import { connect, control, next, startTinyServer, TOKEN, type Client } from './liveClient.ts';

/** Whether test image `index` of the tiny data set is of class 3. */
const tinyLabel = (index: number): boolean => tinyData().test.labels[index] === 3;

let server: LiveServer;
const clients: Client[] = [];
function join_(): Client & { lesson: Promise<LessonUpdate> } {
  const client = connect(server.url);
  clients.push(client);
  // The first `lesson` event comes right after `hello`.
  return { ...client, lesson: next<LessonUpdate>(client.socket, LESSON_EVENT) };
}

beforeAll(async () => {
  await initBackend('wasm');
  server = await startTinyServer();
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.socket.disconnect();
  await server?.close();
});

describe('lessons over the wire', () => {
  it('every viewer learns the lessons on offer right after hello, none running', async () => {
    const viewer = join_();
    await viewer.hello;
    const update = await viewer.lesson;
    const builtIn = await loadLessonCatalogue();
    expect(update.current).toBe(null);
    expect(update.lessons.map((l) => l.id)).toEqual(builtIn.map((l) => l.lesson.id));
    expect(update.lessons[0]).toMatchObject({
      id: 'recognition',
      source: 'built-in',
      steps: builtIn[0]!.lesson.steps.length,
    });
  });

  it('the teacher starts a lesson and moves a step; two viewers see the same step, a late joiner too', async () => {
    const teacher = join_();
    const viewers = [join_(), join_()];
    await Promise.all([teacher, ...viewers].map((c) => c.lesson));
    const seen = viewers.map((v) => next<LessonUpdate>(v.socket, LESSON_EVENT));
    expect(
      await control(teacher.socket, { token: TOKEN, action: 'lesson', lesson: 'lesion' }),
    ).toEqual({ ok: true });
    const started = await Promise.all(seen);
    expect(started[0]!.current).toMatchObject({
      lesson: 'lesion',
      index: 0,
      count: 4,
      stepTitle: 'The intact cortex',
    });
    expect(started[1]).toEqual(started[0]);
    expect(server.session.state).toMatchObject({
      mode: 'recognize',
      feedbackLesioned: false,
      inputHeld: true,
    });

    const moved = viewers.map((v) => next<LessonUpdate>(v.socket, LESSON_EVENT));
    expect(await control(teacher.socket, { token: TOKEN, action: 'lesson-next' })).toEqual({
      ok: true,
    });
    const [a, b] = await Promise.all(moved);
    expect(a!.current).toMatchObject({ index: 1, stepTitle: 'Cut the feedback' });
    expect(a!.current!.caption).toMatch(/^The feedback pathways are now cut/);
    expect(a!.current!.question).toMatch(/\?$/);
    expect(b).toEqual(a);
    // The step changed the session for everyone: feedback lesioned.
    expect(server.session.state.feedbackLesioned).toBe(true);

    const late = join_();
    expect((await late.lesson).current).toEqual(a!.current);

    const back = next<LessonUpdate>(late.socket, LESSON_EVENT);
    expect(await control(teacher.socket, { token: TOKEN, action: 'lesson-back' })).toEqual({
      ok: true,
    });
    expect((await back).current).toMatchObject({ index: 0 });
    expect(server.session.state.feedbackLesioned).toBe(false);
  });

  it('refuses lesson moves without the token, past either end, and an unknown lesson; nothing changes', async () => {
    const viewer = join_();
    await viewer.lesson;
    const before = server.lessons.current;
    expect(await control(viewer.socket, { token: 'wrong', action: 'lesson-next' })).toEqual({
      ok: false,
      error: 'invalid token: control needs the token printed at server start',
    });
    expect(await control(viewer.socket, { action: 'lesson', lesson: 'generation' })).toMatchObject({
      ok: false,
    });
    expect(await control(viewer.socket, { token: TOKEN, action: 'lesson-back' })).toEqual({
      ok: false,
      error: 'lesson back: already at the first step (1 of 4)',
    });
    const unknown = await control(viewer.socket, {
      token: TOKEN,
      action: 'lesson',
      lesson: 'nope',
    });
    expect(unknown).toMatchObject({ ok: false });
    expect(!unknown.ok && unknown.error).toMatch(
      /^lesson: no lesson "nope" here \(there are recognition, generation, /,
    );
    expect(server.lessons.current).toEqual(before);
    for (let k = 0; k < 3; k++) {
      expect(await control(viewer.socket, { token: TOKEN, action: 'lesson-next' })).toEqual({
        ok: true,
      });
    }
    expect(await control(viewer.socket, { token: TOKEN, action: 'lesson-next' })).toEqual({
      ok: false,
      error: 'lesson next: already at the last step (4 of 4)',
    });
    // Stop: no lesson, and next is refused again.
    const stopped = next<LessonUpdate>(viewer.socket, LESSON_EVENT);
    expect(await control(viewer.socket, { token: TOKEN, action: 'lesson', lesson: null })).toEqual({
      ok: true,
    });
    expect((await stopped).current).toBe(null);
    expect(await control(viewer.socket, { token: TOKEN, action: 'lesson-next' })).toEqual({
      ok: false,
      error: 'lesson next: no lesson is running (choose one first)',
    });
  });

  it('takes the input controls: a class, previous, stay, settle speed; refuses bad values', async () => {
    const teacher = join_();
    await teacher.hello;
    // Stay first: the session plays in train mode, which would move on by itself.
    expect(
      await control(teacher.socket, { token: TOKEN, action: 'hold-input', held: true }),
    ).toEqual({ ok: true });
    expect(await control(teacher.socket, { token: TOKEN, action: 'show-class', label: 3 })).toEqual(
      { ok: true },
    );
    const shown = server.session.testImage!;
    expect(tinyLabel(shown)).toBe(true);
    expect(await control(teacher.socket, { token: TOKEN, action: 'previous-input' })).toEqual({
      ok: true,
    });
    expect(server.session.testImage).not.toBe(shown);
    expect(
      await control(teacher.socket, {
        token: TOKEN,
        action: 'settle-speed',
        iterationsPerSecond: 2,
      }),
    ).toEqual({ ok: true });
    expect(server.session.state).toMatchObject({ inputHeld: true, settleSpeed: 2 });
    const tooFast = await control(teacher.socket, {
      token: TOKEN,
      action: 'settle-speed',
      iterationsPerSecond: 1000,
    });
    expect(!tooFast.ok && tooFast.error).toBe(
      'invalid control message: iterationsPerSecond: expected a number from 0.5 to 120, got 1000',
    );
    const noClass = await control(teacher.socket, {
      token: TOKEN,
      action: 'show-class',
      label: 99,
    });
    expect(!noClass.ok && noClass.error).toMatch(/^show class: expected a class from 0 to \d+/);
    expect(server.session.state.settleSpeed).toBe(2);
  });
});

describe('neocortex serve --lessons', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('refuses a bad lesson file at start, naming the file and the path inside it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'teacher-lessons-'));
    dirs.push(dir);
    await writeFile(
      join(dir, 'occlusion.json'),
      JSON.stringify({
        id: 'occ',
        title: 'Occlusion',
        summary: 'Mine.',
        steps: [{ caption: 'x', panels: ['diagrm'] }],
      }),
    );
    const bin = join(import.meta.dirname, '..', 'helpers', 'neocortexSource.js');
    const child = spawn(
      process.execPath,
      [bin, 'serve', '--port', '0', '--dataset', 'letters', '--no-web', '--lessons', dir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).not.toBe(0);
    expect(output).toContain('invalid lessons:');
    expect(output).toMatch(
      /occlusion\.json: steps\[0\]\.panels\[0\]: "diagrm" is not one of .*\(did you mean "diagram"\?\)/,
    );
    expect(output).not.toContain('listening on');
  }, 60_000);
});
