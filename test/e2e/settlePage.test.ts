/**
 * Settle mode on the page, end to end: the real live server (a tiny session on
 * synthetic letters, training in its worker first) and the built page in
 * headless Chromium. Everything is read off the page (the trace's marks and
 * texts, the input picture), not from the socket: the free energy of every
 * input never rises from one iteration to the next, the page stays on an
 * input until the user moves on, and the auto-advance switch (keyboard
 * operable) moves on by itself. E2E_SCREENSHOTS=DIR keeps screenshots.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveServer } from '../../src/server/server.ts';
import { SETTLE_HOLD_TICKS } from '../../src/sim/session/modes/settle.ts';
import { openLivePage, type LivePage } from './livePage.ts';
import { canvasPixels, inputPicture, pageTick, readTrace, type PageTrace } from './pageProbe.ts';

const TOKEN = 'e2e-settle-token-0123456789';
const ITERATIONS = 12;
/** Ticks the old settle mode stayed on an input before moving on by itself. */
const OLD_HOLD = ITERATIONS + SETTLE_HOLD_TICKS;
/** Relative slack for float rounding when comparing free energies read off the page. */
const ROUNDING = 1e-4;
const shots = process.env.E2E_SCREENSHOTS;

const poll = <T>(read: () => T | Promise<T>, timeout = 20_000) =>
  expect.poll(read, { timeout, interval: 50 });

let pageErrors: string[] = [];
let live: LivePage | undefined;
let server: LiveServer;
let page: Page;

async function screenshot(name: string): Promise<void> {
  if (shots === undefined) return;
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

/** One input's complete trace, with the picture the page showed with it. */
interface SettledInput {
  trace: PageTrace;
  picture: string;
}

/**
 * Wait until the page shows a complete settle trace (its last iteration drawn)
 * whose number is not one of `seen`, and read it with the input picture.
 */
async function nextSettledInput(seen: readonly SettledInput[]): Promise<SettledInput> {
  let found: SettledInput | undefined;
  await poll(async () => {
    const [trace, picture] = await Promise.all([readTrace(page), inputPicture(page)]);
    const done = trace.points.at(-1)?.iteration === ITERATIONS;
    if (trace.mode === 'settle' && done && seen.every((s) => s.trace.trace !== trace.trace)) {
      found = { trace, picture };
    }
    return found !== undefined;
  }, 30_000).toBe(true);
  return found!;
}

/** The trace is one run, mostly seen, and its free energy never rises. */
function expectDescends({ trace }: SettledInput): void {
  const { points } = trace;
  expect(points.length).toBeGreaterThanOrEqual(ITERATIONS / 2);
  for (let i = 1; i < points.length; i++) {
    const [before, after] = [points[i - 1]!, points[i]!];
    expect(after.iteration).toBeGreaterThan(before.iteration);
    expect(Number.isFinite(after.freeEnergy)).toBe(true);
    expect(
      after.freeEnergy,
      `free energy rose from iteration ${before.iteration} to ${after.iteration}`,
    ).toBeLessThanOrEqual(before.freeEnergy + ROUNDING * Math.abs(before.freeEnergy));
  }
  expect(points.at(-1)!.freeEnergy).toBeLessThan(points[0]!.freeEnergy);
  // The title the reader sees gives the same first and last values.
  const nats = (f: number) => f.toFixed(1).replace('-', '−');
  expect(trace.title).toContain(
    `${nats(points[0]!.freeEnergy)} → ${nats(points.at(-1)!.freeEnergy)} nats`,
  );
}

beforeAll(async () => {
  live = await openLivePage({
    token: TOKEN,
    // A step far too large for the free energy: only the per-image backtracking keeps it falling.
    session: {
      playing: true,
      speed: 20,
      settleIterations: ITERATIONS,
      settleStep: 2,
      generative: { areas: [{ size: 784 }, { name: 'z1', size: 6, hidden: 16 }] },
    },
  });
  ({ server, page, pageErrors } = live);
}, 120_000);

afterAll(async () => {
  await live?.close();
});

describe('settle mode on the page', () => {
  const inputs: SettledInput[] = [];

  it('shows the auto-advance switch, off, only in settle mode', async () => {
    // Let the worker train the models a little first.
    await poll(() => server.session.trainingStatus.steps, 60_000).toBeGreaterThan(100);
    const autoAdvance = page.getByRole('switch', { name: 'Auto-advance' });
    expect(await autoAdvance.isVisible()).toBe(false);
    await page.locator('#modes button[data-mode="settle"]').click();
    await poll(() => server.session.state.mode).toBe('settle');
    await poll(() => autoAdvance.isVisible()).toBe(true);
    expect(await autoAdvance.isChecked()).toBe(false);
    expect(await autoAdvance.isDisabled()).toBe(false);
  });

  it('with auto-advance off, stays on the input well past the old hold, its trace never rising', async () => {
    const first = await nextSettledInput(inputs);
    inputs.push(first);
    expectDescends(first);
    expect(first.trace.status).toMatch(/^Settled in 12 iterations; it stays on this input/);
    const settledAt = await pageTick(page);
    // Watch for twice the ticks the old settle mode held an input: nothing moves on.
    while ((await pageTick(page)) < settledAt + 2 * OLD_HOLD) {
      const [trace, picture] = await Promise.all([readTrace(page), inputPicture(page)]);
      expect(picture).toBe(first.picture);
      expect(trace.trace).toBe(first.trace.trace);
      expect(trace.points.at(-1)!.iteration).toBe(ITERATIONS);
      await page.waitForTimeout(100);
    }
    expect(server.session.state.settleAutoAdvance).toBe(false);
    await screenshot('settle-held');
  }, 60_000);

  it('"Next test image" moves on: each new input settles from its first iteration, never rising', async () => {
    for (let k = 0; k < 2; k++) {
      await page.locator('#next-input').click();
      const settled = await nextSettledInput(inputs);
      expect(settled.trace.points[0]!.iteration).toBeLessThanOrEqual(3);
      expectDescends(settled);
      inputs.push(settled);
    }
    expect(new Set(inputs.map((s) => s.picture)).size).toBe(inputs.length);
  }, 90_000);

  it('the auto-advance switch, reached and turned on from the keyboard, moves on by itself', async () => {
    await page.locator('#next-input').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('auto-advance');
    const before = inputs.length;
    await page.keyboard.press('Space');
    await poll(() => server.session.state.settleAutoAdvance).toBe(true);
    await poll(() => page.getByRole('switch', { name: 'Auto-advance' }).isChecked()).toBe(true);
    // No click from here on: new inputs come by themselves, each settled without rising.
    for (let k = 0; k < 2; k++) {
      const settled = await nextSettledInput(inputs);
      expectDescends(settled);
      inputs.push(settled);
    }
    expect(inputs.length).toBe(before + 2);
    expect(new Set(inputs.map((s) => s.picture)).size).toBe(inputs.length);
    await screenshot('settle-auto-advance');
    await page.keyboard.press('Space');
    await poll(() => server.session.state.settleAutoAdvance).toBe(false);
  }, 90_000);

  it('under an occluder, the input shows the prediction filling in the hidden half, with no error there', async () => {
    await page.locator('button[data-occlude="left"]').click();
    await poll(() => server.session.state.occlusion?.width).toBe(14);
    const settled = await nextSettledInput(inputs);
    expectDescends(settled);
    const input = await canvasPixels(page, 'input-image');
    const prediction = await canvasPixels(page, 'prediction-image');
    const error = await canvasPixels(page, 'error-image');
    const hiddenPixels = input.map((_, i) => i).filter((i) => i % 28 < 14);
    // The hidden half of the input is the prediction's, and it is not blank paper.
    for (const i of hiddenPixels) expect(input[i]).toBe(prediction[i]);
    expect(new Set(hiddenPixels.map((i) => input[i])).size).toBeGreaterThan(1);
    // No error is shown where the model cannot see: one neutral colour everywhere there.
    expect(new Set(hiddenPixels.map((i) => error[i])).size).toBe(1);
    expect(await page.locator('#input-label').textContent()).toMatch(
      /hidden part filled in by the prediction$/,
    );
    expect(await page.locator('#input-note').isVisible()).toBe(false);
    await screenshot('settle-filled-in');
    await page.locator('button[data-occlude="none"]').click();
    await poll(() => server.session.state.occlusion).toBe(null);
  }, 90_000);

  it('read at least three inputs off the page, and raised no errors in it', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(3);
    expect(pageErrors).toEqual([]);
  });
});
