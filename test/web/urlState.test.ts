/**
 * The moment in the address (web/src/urlState.ts): what an address names, the address of a
 * session's moment, and the controls that bring a session there, in order.
 */
import { describe, expect, it } from 'vitest';
import type { LessonStepView, SessionState } from '../../src/server/wire.ts';
import { controlsFor, readUrlState, urlStateOf, writeUrlState } from '../../web/src/urlState.ts';

const BASE = 'https://example.org/neocortex/';

const state = (over: Partial<SessionState> = {}): SessionState => ({
  playing: true,
  mode: 'train',
  speed: 30,
  feedbackLesioned: false,
  clamp: [null, null, null, null],
  occlusion: null,
  inputSource: 'dataset',
  settleAutoAdvance: true,
  settleIterations: 50,
  settleSpeed: 10,
  inputHeld: false,
  tick: 12,
  epoch: 0,
  trainingRun: 0,
  ...over,
});

const step = {
  lesson: 'lesion',
  title: 'Lesioning feedback',
  index: 2,
  count: 4,
} as LessonStepView;

describe('the moment in the address', () => {
  it('reads the mode, lesson and step, digit, lesion and clamps', () => {
    const read = readUrlState(
      `${BASE}?mode=generate&lesson=lesion&step=2&digit=7&lesion=1&clamp=0:2.5,3:-1`,
    );
    expect(read).toEqual({
      mode: 'generate',
      lesson: { id: 'lesion', step: 2 },
      digit: 7,
      lesion: true,
      clamp: new Map([
        [0, 2.5],
        [3, -1],
      ]),
    });
    expect(readUrlState(`${BASE}?lesson=filling-in`)).toEqual({
      lesson: { id: 'filling-in', step: 0 },
    });
  });

  it('leaves out what is malformed, so the session keeps its own', () => {
    expect(
      readUrlState(`${BASE}?mode=dream&lesson=Bad%20Id&digit=-1&lesion=yes&clamp=0:x`),
    ).toEqual({});
    expect(readUrlState(`${BASE}?digit=1e3&step=2`)).toEqual({});
  });

  it('writes a session moment into the address and reads it back the same', () => {
    const moment = urlStateOf(
      state({
        mode: 'recognize',
        feedbackLesioned: true,
        inputHeld: true,
        clamp: [null, 1.23456, null, null],
      }),
      step,
      5,
    );
    const href = writeUrlState(`${BASE}?presenter=1&mode=train`, moment);
    const params = new URL(href).searchParams;
    expect(params.get('presenter')).toBe('1');
    expect(Object.fromEntries(params)).toEqual({
      presenter: '1',
      mode: 'recognize',
      lesson: 'lesion',
      step: '2',
      digit: '5',
      lesion: '1',
      clamp: '1:1.235',
    });
    expect(readUrlState(href)).toEqual({ ...moment, clamp: new Map([[1, 1.235]]) });
  });

  it('names a digit only while the page stays on a test image', () => {
    expect(urlStateOf(state({ inputHeld: false }), null, 5).digit).toBeUndefined();
    expect(
      urlStateOf(state({ inputHeld: true, inputSource: 'drawn' }), null, -1).digit,
    ).toBeUndefined();
    const plain = writeUrlState(BASE, urlStateOf(state(), null, 5));
    expect(new URL(plain).search).toBe('?mode=train');
  });

  it('brings a session there: the lesson and its steps first, then what the link sets on top', () => {
    const controls = controlsFor(
      readUrlState(`${BASE}?lesson=lesion&step=2&mode=settle&lesion=0&digit=3&clamp=1:0.5,9:2`),
      4,
    );
    expect(controls).toEqual([
      { action: 'lesson', lesson: 'lesion' },
      { action: 'lesson-next' },
      { action: 'lesson-next' },
      { action: 'mode', mode: 'settle' },
      { action: 'lesion-feedback', lesioned: false },
      { action: 'show-class', label: 3 },
      { action: 'hold-input', held: true },
      { action: 'clamp', values: [null, 0.5, null, null] },
    ]);
    expect(controlsFor(readUrlState(BASE), 4)).toEqual([]);
  });
});
