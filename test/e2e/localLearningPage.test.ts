/**
 * Local learning on the page, end to end: the real live server running a tiny session whose
 * classifier is a pcn learning locally (what `neocortex serve --model pcn` runs), its worker
 * training, and the built page in headless Chromium. Everything is read off the page: the
 * "Local learning: energy per area" panel draws one line per pcn area with T + 1 points (the
 * T settle iterations, then the weight update), the settle part's total energy never rises,
 * and outside train mode the page says it shows the last step. Screenshots at phone, laptop
 * and projector sizes go to E2E_SCREENSHOTS (default runs/screenshots/).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLivePage, type LivePage } from './livePage.ts';

const TOKEN = 'e2e-local-learning-token-0123';
const T = 8;
const AREAS = ['image', 'h1', 'h2', 'label'];
/** Relative slack for float rounding of the values read off the page. */
const ROUNDING = 1e-5;
const shots = process.env.E2E_SCREENSHOTS ?? path.join('runs', 'screenshots');

let pageErrors: string[] = [];
let live: LivePage | undefined;
let page: Page;

/** The panel's lines as the page drew them: area name and its T + 1 values. */
interface PageLine {
  area: string;
  values: number[];
}

async function readPanel(): Promise<{ step: number; lines: PageLine[]; total: number[] }> {
  return page.evaluate(() => {
    const svg = document.getElementById('local-learning-classifier')!;
    const lines = [...svg.querySelectorAll<SVGPathElement>('path.area-energy[data-area]')].map(
      (p) => ({
        area: p.dataset.area!,
        values: JSON.parse(p.dataset.values!) as number[],
      }),
    );
    const total = svg.querySelector<SVGPathElement>('path.area-energy.energy-total');
    return {
      step: Number(svg.dataset.step ?? 0),
      lines,
      total: total === null ? [] : (JSON.parse(total.dataset.values!) as number[]),
    };
  });
}

beforeAll(async () => {
  live = await openLivePage({
    token: TOKEN,
    session: {
      playing: true,
      speed: 10,
      classifier: { kind: 'pcn', hiddenSizes: [12, 8], inferenceSteps: T },
    },
  });
  ({ page, pageErrors } = live);
}, 120_000);

afterAll(async () => {
  await live?.close();
});

describe('the local-learning panel', () => {
  it('draws one line per pcn area with T + 1 points, and the settle descends', async () => {
    await expect
      .poll(() => page.locator('#panel-local').isVisible(), { timeout: 20_000 })
      .toBe(true);
    await expect.poll(async () => (await readPanel()).step, { timeout: 30_000 }).toBeGreaterThan(0);
    const first = await readPanel();
    expect(first.lines.map((l) => l.area)).toEqual(AREAS);
    for (const line of first.lines) {
      expect(line.values).toHaveLength(T + 1);
      expect(line.values.every(Number.isFinite)).toBe(true);
    }
    // The total is the sum of the areas, and over the settle (iterations 1..T) it never rises.
    expect(first.total).toHaveLength(T + 1);
    for (let k = 0; k <= T; k++) {
      const sum = first.lines.reduce((s, l) => s + l.values[k]!, 0);
      expect(first.total[k]).toBeCloseTo(sum, 6);
    }
    for (let k = 1; k < T; k++) {
      expect(
        first.total[k]!,
        `the energy rose from iteration ${k} to ${k + 1}`,
      ).toBeLessThanOrEqual(first.total[k - 1]! + ROUNDING * Math.abs(first.total[k - 1]!));
    }
    expect(first.total[T - 1]!).toBeLessThan(first.total[0]!);
    // Training goes on: a later step replaces the trace.
    await expect
      .poll(async () => (await readPanel()).step, { timeout: 30_000 })
      .toBeGreaterThan(first.step);
    // The chart says it in words, and the diagram's pcn areas carry the lines' colours.
    const label = await page.locator('#local-learning-classifier').getAttribute('aria-label');
    expect(label).toMatch(new RegExp(`over the ${T} settle iterations of training step \\d+`));
    expect(await page.locator('g.area[data-model="classifier"] circle.area-swatch').count()).toBe(
      AREAS.length,
    );
    expect(await page.locator('#local-learning-caption').textContent()).toMatch(/not backprop/);
  }, 90_000);

  it('outside train mode it says it shows the last step, and learning stops', async () => {
    await page.locator('#modes button[data-mode="recognize"]').click();
    await expect
      .poll(() => page.locator('#local-learning-note').textContent(), { timeout: 15_000 })
      .toMatch(/No learning in this mode: this is the last training step \(step \d+\)/);
    // A step the worker had begun may still arrive; then nothing more.
    await page.waitForTimeout(1500);
    const held = (await readPanel()).step;
    await page.waitForTimeout(1500);
    expect((await readPanel()).step).toBe(held);
    await page.locator('#modes button[data-mode="train"]').click();
    await expect.poll(() => page.locator('#local-learning-note').isHidden()).toBe(true);
  }, 60_000);

  it.each([
    ['phone', 390, 844],
    ['laptop', 1366, 768],
    ['projector', 1920, 1080],
  ] as const)(
    'fits a %s screen (%i x %i)',
    async (label, width, height) => {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(800);
      const box = await page.locator('#local-learning-classifier').boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(width);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        width,
      );
      mkdirSync(shots, { recursive: true });
      await page.screenshot({
        path: path.join(shots, `local-learning-${label}.png`),
        fullPage: true,
      });
      await page.locator('#panel-local').screenshot({
        path: path.join(shots, `local-learning-panel-${label}.png`),
      });
      expect(pageErrors).toEqual([]);
    },
    60_000,
  );
});
