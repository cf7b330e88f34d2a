/**
 * `--model pcn,pcgen` on the page, end to end: the real live server running a tiny pcgen as
 * its generative model beside a pcn classifier, both learning locally, and the built page in
 * headless Chromium. Read off the page: one local-learning chart per model, the pcgen's with
 * one line per area (sensory, z1, z2) of T + 1 points whose total never rises over the settle,
 * and in Recognize mode a caption that says the pcgen has no encoder. A laptop-size
 * screenshot goes to E2E_SCREENSHOTS (default runs/screenshots/).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLivePage, type LivePage } from './livePage.ts';

const TOKEN = 'e2e-local-pcgen-token-012345';
const T = 6;
const ROUNDING = 1e-5;
const shots = process.env.E2E_SCREENSHOTS ?? path.join('runs', 'screenshots');

let pageErrors: string[] = [];
let live: LivePage | undefined;
let page: Page;

function readChart(model: string): Promise<{ step: number; areas: string[]; values: number[][] }> {
  return page.evaluate((id) => {
    const svg = document.getElementById(id)!;
    const paths = [...svg.querySelectorAll<SVGPathElement>('path.area-energy[data-area]')];
    return {
      step: Number(svg.dataset.step ?? 0),
      areas: paths.map((p) => p.dataset.area!),
      values: paths.map((p) => JSON.parse(p.dataset.values!) as number[]),
    };
  }, `local-learning-${model}`);
}

beforeAll(async () => {
  live = await openLivePage({
    token: TOKEN,
    session: {
      playing: true,
      speed: 10,
      generative: { kind: 'pcgen', latentSizes: [12, 4], inferenceSteps: T },
      classifier: { kind: 'pcn', hiddenSizes: [8], inferenceSteps: T },
    },
  });
  ({ page, pageErrors } = live);
}, 120_000);

afterAll(async () => {
  await live?.close();
});

describe('a pcgen and a pcn learning locally, on the page', () => {
  it('draws a chart per model; the pcgen settle descends over its T iterations', async () => {
    await expect
      .poll(async () => (await readChart('generative')).step, { timeout: 30_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(async () => (await readChart('classifier')).step, { timeout: 30_000 })
      .toBeGreaterThan(0);
    const pcgen = await readChart('generative');
    expect(pcgen.areas).toEqual(['sensory', 'z1', 'z2']);
    for (const line of pcgen.values) expect(line).toHaveLength(T + 1);
    const total = (k: number) => pcgen.values.reduce((s, line) => s + line[k]!, 0);
    for (let k = 1; k < T; k++) {
      expect(total(k)).toBeLessThanOrEqual(total(k - 1) + ROUNDING * Math.abs(total(k - 1)));
    }
    expect(total(T - 1)).toBeLessThan(total(0));
    expect((await readChart('classifier')).areas).toEqual(['image', 'h1', 'label']);
    expect(await page.locator('.column-title').allTextContents()).toEqual([
      'Generative PC net (pcgen)',
      'PC classifier (pcn)',
    ]);
    expect(await page.locator('#curves').textContent()).toContain('pcgen, nats/image');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'local-pcgen-laptop.png'), fullPage: true });
  }, 90_000);

  it('in Recognize mode says the pcgen has no encoder and settles instead', async () => {
    await page.locator('#modes button[data-mode="recognize"]').click();
    await expect
      .poll(() => page.locator('#mode-caption').textContent(), { timeout: 15_000 })
      .toMatch(/has no encoder.*settle/);
    expect(pageErrors).toEqual([]);
  }, 30_000);
});
