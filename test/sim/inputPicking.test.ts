/**
 * Picking the input on a real (tiny) session: a class ("show a 3"), the previous image, a test
 * index, "stay on this input" in every mode, and the settle speed, apart from the tick rate.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { ControlError, Session } from '../../src/sim/session/index.ts';
import { SETTLE_HOLD_TICKS } from '../../src/sim/session/modes/settle.ts';
import { parseSessionSpec } from '../../src/sim/session/parsedSessionSpec.ts';
import type { SessionSpecInput } from '../../src/sim/session/sessionSpec.ts';
import { tinyData, tinySpec } from './sessionFixture.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const sessions: Session[] = [];
function session(overrides: SessionSpecInput = {}): Session {
  const s = new Session(parseSessionSpec(tinySpec(overrides)), tinyData());
  sessions.push(s);
  return s;
}
afterEach(async () => {
  while (sessions.length > 0) await sessions.pop()!.dispose();
});

const pixels = (s: Session) => Array.from(s.tick().input);

describe('picking the input', () => {
  it('shows a test image of the class asked for, another one each time it is asked again', () => {
    const s = session({ mode: 'recognize' });
    const { labels, classNames } = tinyData().test;
    const shown = new Set<number>();
    for (let k = 0; k < 3; k++) {
      s.showClass(2);
      const frame = s.tick();
      expect(frame.label).toBe(2);
      expect(labels[s.testImage!]).toBe(2);
      shown.add(s.testImage!);
    }
    expect(shown.size).toBe(3);
    expect(() => s.showClass(classNames.length)).toThrow(ControlError);
    expect(() => s.showClass(-1)).toThrow(/show class: expected a class from 0 to/);
  });

  it('goes back to the previous test image, and to an image by its index in the test set', () => {
    const s = session({ mode: 'recognize' });
    const first = s.testImage!;
    const firstPixels = pixels(s);
    s.nextInput();
    s.nextInput();
    expect(s.testImage).not.toBe(first);
    s.previousInput();
    s.previousInput();
    expect(s.testImage).toBe(first);
    expect(pixels(s)).toEqual(firstPixels);
    s.showTestImage(17);
    expect(s.testImage).toBe(17);
    expect(s.tick().label).toBe(tinyData().test.labels[17]);
    expect(() => s.showTestImage(tinyData().test.count)).toThrow(/test image: expected an index/);
    // A drawing has no index; the previous image is a test image again.
    s.setInput(new Array<number>(784).fill(0));
    expect(s.testImage).toBe(null);
    s.previousInput();
    expect(s.state.inputSource).toBe('dataset');
  });

  it('stays on the input in train mode while training goes on', () => {
    const s = session({ displayEvery: 2 });
    const moving = new Set(Array.from({ length: 8 }, () => s.tick().label + ':' + s.testImage));
    expect(moving.size).toBeGreaterThan(1);
    s.holdInput(true);
    expect(s.state.inputHeld).toBe(true);
    const stepsBefore = s.trainingStatus.steps;
    const held = Array.from({ length: 10 }, () => s.tick());
    expect(new Set(held.map((f) => Array.from(f.input).join(''))).size).toBe(1);
    expect(s.trainingStatus.steps).toBe(stepsBefore + 10);
    s.holdInput(false);
    const freed = Array.from({ length: 6 }, () => Array.from(s.tick().input).join(''));
    expect(new Set(freed).size).toBeGreaterThan(1);
    expect(() => s.holdInput('yes' as unknown as boolean)).toThrow(ControlError);
  });

  it('stays on the input in settle mode even with auto-advance on, and holds a dream in generate mode', () => {
    const s = session({ mode: 'settle', settleIterations: 2, settleAutoAdvance: true });
    s.holdInput(true);
    const first = pixels(s);
    for (let i = 0; i < 3 * SETTLE_HOLD_TICKS; i++) s.tick();
    expect(pixels(s)).toEqual(first);
    s.setMode('generate');
    const dreams = Array.from({ length: 4 }, () => Array.from(s.tick().prediction).join(''));
    expect(new Set(dreams).size).toBe(1);
    s.holdInput(false);
    const fresh = Array.from({ length: 4 }, () => Array.from(s.tick().prediction).join(''));
    expect(new Set(fresh).size).toBe(4);
  });

  it('settles at its own speed, apart from the tick rate, and refuses a speed out of range', async () => {
    const s = session({ mode: 'recognize', speed: 60, settleSpeed: 5, settleIterations: 100 });
    expect([s.state.speed, s.state.settleSpeed]).toEqual([60, 5]);
    const iterationsIn = async (ms: number): Promise<number> => {
      const frames: number[] = [];
      const sub = s.frame$.subscribe((f) => frames.push(f.iteration));
      s.play();
      await new Promise((r) => setTimeout(r, ms));
      s.pause();
      sub.unsubscribe();
      return frames.length;
    };
    const recognizeTicks = await iterationsIn(600);
    s.setMode('settle');
    const slow = await iterationsIn(600);
    s.setSettleSpeed(40);
    const fast = await iterationsIn(600);
    // 60 ticks/s in recognize mode, 5 then 40 iterations/s in settle mode (a 2-core machine
    // may run slower than asked, never faster).
    expect(slow).toBeLessThanOrEqual(5);
    expect(slow).toBeGreaterThanOrEqual(2);
    expect(fast).toBeGreaterThan(2 * slow);
    expect(recognizeTicks).toBeGreaterThan(2 * slow);
    expect(s.state.speed).toBe(60);
    expect(s.state.settleSpeed).toBe(40);
    expect(() => s.setSettleSpeed(0)).toThrow(
      'settle speed: expected 0.5 to 120 iterations per second, got 0',
    );
    expect(() => s.setSettleSpeed(500)).toThrow(ControlError);
    expect(s.state.settleSpeed).toBe(40);
  });
});
