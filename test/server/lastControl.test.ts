import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeControl } from '../../src/server/lastControl.ts';
import type { LiveServer } from '../../src/server/server.ts';
import { LAST_CONTROL_EVENT, type LastControl } from '../../src/server/wire.ts';
import { connect, control, next, startTinyServer, TOKEN } from './liveClient.ts';

describe('describeControl', () => {
  it('says what each control did in a few words', () => {
    expect(describeControl({ action: 'mode', mode: 'settle' })).toBe('switched to settle mode');
    expect(describeControl({ action: 'lesion-feedback', lesioned: true })).toBe(
      'lesioned feedback',
    );
    expect(describeControl({ action: 'lesion-feedback', lesioned: false })).toBe(
      'restored feedback',
    );
    expect(describeControl({ action: 'speed', ticksPerSecond: 2.5 })).toBe(
      'set the speed to 2.5 ticks/s',
    );
    expect(
      describeControl({ action: 'occlude', occlusion: { x: 0, y: 14, width: 28, height: 14 } }),
    ).toBe('occluded the bottom half');
    expect(
      describeControl({ action: 'occlude', occlusion: { x: 3, y: 4, width: 5, height: 6 } }),
    ).toBe('occluded a 5x6 box of the input');
    expect(describeControl({ action: 'occlude', occlusion: null })).toBe('removed the occlusion');
    expect(describeControl({ action: 'clamp', values: [null, 1, -2] })).toBe(
      'clamped 2 units of the top area',
    );
    expect(describeControl({ action: 'clamp', values: [null, null] })).toBe('released the clamps');
    expect(describeControl({ action: 'pause' })).toBe('paused');
    expect(describeControl({ action: 'lesson', lesson: null })).toBe('stopped the lesson');
    expect(describeControl({ action: 'lesson-next' })).toBe('moved to the next lesson step');
    expect(describeControl({ action: 'show-class', label: 3 })).toBe(
      'asked for an input of class 3',
    );
  });
});

describe('the last-control event', () => {
  let server: LiveServer;
  beforeAll(async () => {
    server = await startTinyServer();
  }, 60_000);
  afterAll(() => server?.close());

  it('tells every client what was applied, never a refused control, never the token', async () => {
    const teacher = connect(server.url);
    const viewer = connect(server.url);
    await Promise.all([teacher.hello, viewer.hello]);
    try {
      const heard = next<LastControl>(viewer.socket, LAST_CONTROL_EVENT);
      expect(
        await control(teacher.socket, { token: TOKEN, action: 'mode', mode: 'settle' }),
      ).toEqual({ ok: true });
      const last = await heard;
      expect(last).toMatchObject({ action: 'mode', text: 'switched to settle mode' });
      expect(JSON.stringify(last)).not.toContain(TOKEN);

      // A refused control (bad token) is not announced; the next applied one is.
      const events: LastControl[] = [];
      viewer.socket.on(LAST_CONTROL_EVENT, (e: LastControl) => events.push(e));
      const refused = await control(viewer.socket, { token: 'wrong', action: 'pause' });
      expect(refused.ok).toBe(false);
      const second = next<LastControl>(viewer.socket, LAST_CONTROL_EVENT);
      await control(teacher.socket, { token: TOKEN, action: 'lesion-feedback', lesioned: true });
      expect((await second).text).toBe('lesioned feedback');
      expect(events.map((e) => e.text)).toEqual(['lesioned feedback']);

      // A newcomer hears the last one right after its hello.
      const late = connect(server.url);
      const greeting = next<LastControl>(late.socket, LAST_CONTROL_EVENT);
      await late.hello;
      expect((await greeting).text).toBe('lesioned feedback');
      late.socket.close();
    } finally {
      teacher.socket.close();
      viewer.socket.close();
    }
  });
});
