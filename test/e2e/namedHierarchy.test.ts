/**
 * The page draws any hierarchy: a live server whose VAE has three stochastic
 * areas named retina / v1 / v2 / it, shown in headless Chromium at phone,
 * laptop and projector sizes. Every named area is drawn, boxes do not overlap,
 * nothing is cut off or wider than the screen, and the frames fill the areas.
 * Set E2E_SCREENSHOTS=DIR to keep a screenshot at each size.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveServer } from '../../src/server/server.ts';
import { openLivePage, type LivePage } from './livePage.ts';
import { waitForFrames } from './pageProbe.ts';

const TOKEN = 'e2e-named-0123456789';
const names = ['retina', 'v1', 'v2', 'it'];
const shots = process.env.E2E_SCREENSHOTS;
let pageErrors: string[] = [];
let live: LivePage | undefined;
let server: LiveServer;
let page: Page;

beforeAll(async () => {
  live = await openLivePage({
    token: TOKEN,
    open: false,
    session: {
      playing: true,
      speed: 30,
      training: 'inline',
      generative: {
        areas: [
          { name: 'retina', size: 784 },
          { name: 'v1', size: 24, hidden: 32 },
          { name: 'v2', size: 12, hidden: 16 },
          { name: 'it', size: 6, hidden: 16 },
        ],
      },
    },
  });
  ({ server, page, pageErrors } = live);
}, 120_000);

afterAll(async () => {
  await live?.close();
});

interface Box {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The generative areas' boxes as drawn, in page pixels, with the name each shows. */
function generativeBoxes(): Promise<Box[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('g.area[data-model="generative"]')).map((g) => {
      const r = g.querySelector('rect.area-box')!.getBoundingClientRect();
      const name = g.querySelector('text.area-name')!.textContent ?? '';
      return { name, x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height };
    }),
  );
}

const sizes = [
  ['phone', 390, 844],
  ['laptop', 1366, 768],
  ['projector', 1920, 1080],
] as const;

describe('the page on a named three-level hierarchy', () => {
  it.each(sizes)(
    'draws retina, v1, v2 and it at %s size, apart and on screen',
    async (label, width, height) => {
      await page.setViewportSize({ width, height });
      await page.goto(`${server.url}?token=${TOKEN}`);
      await expect
        .poll(() => page.locator('g.area[data-model="generative"]').count(), { timeout: 15_000 })
        .toBe(4);
      await waitForFrames(page, 5);
      const boxes = await generativeBoxes();
      expect(boxes.map((b) => b.name)).toEqual(names);
      // Bottom (retina) to top (it), no two overlapping, none cut off at the sides.
      for (let i = 1; i < boxes.length; i++) {
        expect(boxes[i]!.y + boxes[i]!.height).toBeLessThan(boxes[i - 1]!.y);
      }
      for (const box of boxes) {
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(width);
        expect(box.width).toBeGreaterThan(100);
      }
      // The page is no wider than the screen (nothing to scroll sideways to).
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        width,
      );
      // Each latent area's error value is a number the frames wrote.
      for (const name of names) {
        await expect
          .poll(
            () =>
              page.locator(`g.area[data-area="generative/${name}"] text.error-value`).textContent(),
            { timeout: 15_000 },
          )
          .toMatch(/^\d+\.\d+$/);
      }
      // Headings about the top area name it.
      expect(await page.locator('#panel-clamp h2').textContent()).toBe('Clamp the top area (it)');
      if (shots !== undefined) {
        mkdirSync(shots, { recursive: true });
        await page.screenshot({ path: path.join(shots, `named-${label}.png`), fullPage: true });
      }
      expect(pageErrors).toEqual([]);
    },
  );
});
