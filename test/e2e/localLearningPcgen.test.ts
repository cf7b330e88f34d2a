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
import { initBackend } from '../../src/backend/index.ts';
import { startServer, type LiveServer } from '../../src/server/server.ts';
import { ensureWebBuild } from '../../web/build.ts';
import { tinyData, tinySpec } from '../sim/sessionFixture.ts';
import { launchChromium, type Browser } from './browser.ts';

const TOKEN = 'e2e-local-pcgen-token-012345';
const T = 6;
const ROUNDING = 1e-5;
const shots = process.env.E2E_SCREENSHOTS ?? path.join('runs', 'screenshots');

const pageErrors: string[] = [];
let server: LiveServer;
let browser: Browser;
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
  const [webRoot] = await Promise.all([ensureWebBuild(), initBackend('wasm')]);
  server = await startServer({
    port: 0,
    token: TOKEN,
    logger: false,
    backend: 'wasm',
    webRoot,
    data: tinyData(),
    sessionSpec: tinySpec({
      playing: true,
      speed: 10,
      generative: { kind: 'pcgen', latentSizes: [12, 4], inferenceSteps: T },
      classifier: { kind: 'pcn', hiddenSizes: [8], inferenceSteps: T },
    }),
  });
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`${server.url}?token=${TOKEN}`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a pcgen and a pcn learning locally, on the page', () => {
  it('draws a chart per model; the pcgen settle descends over its T iterations', async () => {
    await expect
      .poll(async () => (await readChart('pcgen')).step, { timeout: 30_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(async () => (await readChart('pcn')).step, { timeout: 30_000 })
      .toBeGreaterThan(0);
    const pcgen = await readChart('pcgen');
    expect(pcgen.areas).toEqual(['sensory', 'z1', 'z2']);
    for (const line of pcgen.values) expect(line).toHaveLength(T + 1);
    const total = (k: number) => pcgen.values.reduce((s, line) => s + line[k]!, 0);
    for (let k = 1; k < T; k++) {
      expect(total(k)).toBeLessThanOrEqual(total(k - 1) + ROUNDING * Math.abs(total(k - 1)));
    }
    expect(total(T - 1)).toBeLessThan(total(0));
    expect((await readChart('pcn')).areas).toEqual(['image', 'h1', 'label']);
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
