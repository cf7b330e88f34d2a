/**
 * The page end to end: the real live server (in process, port 0, a tiny session
 * on synthetic letters) and the built page in headless Chromium. Set
 * E2E_SCREENSHOTS=DIR to keep a screenshot of each step.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveServer } from '../../src/server/server.ts';
import type { Browser } from './browser.ts';
import { openLivePage, type LivePage } from './livePage.ts';
import {
  canvasPixels,
  changedPixels,
  domNodeCount,
  framesDrawn,
  waitForFrames,
} from './pageProbe.ts';

const TOKEN = 'e2e-token-0123456789';
const shots = process.env.E2E_SCREENSHOTS;

/** Poll until the assertion holds (the page and the session are asynchronous). */
const poll = <T>(read: () => T | Promise<T>) =>
  expect.poll(read, { timeout: 15_000, interval: 50 });

let pageErrors: string[] = [];
let live: LivePage | undefined;
/** Console messages of Content-Security-Policy violations, in any page of the test. */
const cspViolations: string[] = [];
let server: LiveServer;
let browser: Browser;
let page: Page;

async function screenshot(name: string, target: Page = page): Promise<void> {
  if (shots === undefined) return;
  mkdirSync(shots, { recursive: true });
  await target.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

async function setMode(mode: string): Promise<void> {
  await page.locator(`#modes button[data-mode="${mode}"]`).click();
  await poll(() => page.locator('#mode-indicator').textContent()).toBe(`mode: ${mode}`);
  await poll(() => server.session.state.mode).toBe(mode);
}

beforeAll(async () => {
  live = await openLivePage({
    token: TOKEN,
    open: false,
    viewport: { width: 1440, height: 900 },
    // Few latent points kept, so the DOM test reaches the page's bound quickly.
    session: {
      playing: true,
      speed: 60,
      generative: { areas: [{ size: 784 }, { name: 'z1', size: 6, hidden: 16 }] },
      latentPerDisplay: 4,
    },
  });
  ({ server, browser, page, pageErrors } = live);
  browser.context.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) {
      cspViolations.push(message.text());
    }
  });
  await page.goto(`${server.url}?token=${TOKEN}`);
}, 120_000);

afterAll(async () => {
  await live?.close();
});

describe('the live page', () => {
  it('draws one box per cortical area of each model, with its pathways and a legend', async () => {
    const { generative, classifier } = server.session.topology;
    const boxes = page.locator('#diagram g.area');
    await poll(() => boxes.count()).toBe(generative.areas.length + classifier.areas.length);
    expect(await page.locator('g.area[data-model="generative"]').count()).toBe(
      generative.areas.length,
    );
    expect(await page.locator('g.area[data-model="classifier"]').count()).toBe(
      classifier.areas.length,
    );
    for (const area of generative.areas) {
      await poll(() =>
        page
          .locator(`g.area[data-area="generative/${area.name}"] .area-name`)
          .first()
          .textContent(),
      ).toBe(area.name);
    }
    const feedback = generative.pathways.filter((p) => p.kind === 'feedback').length;
    expect(await page.locator('line.lane-feedback').count()).toBe(feedback);
    expect(await page.locator('line.lane-error').count()).toBe(feedback);
    expect(await page.locator('line.lane-feedforward').count()).toBe(
      generative.pathways.length - feedback + classifier.pathways.length,
    );
    expect(await page.locator('#diagram-legend .legend-item').count()).toBe(5);
    expect(await page.locator('[data-caption="diagram"]').textContent()).toMatch(/feedforward/i);
    expect(await page.locator('#readonly-note').isHidden()).toBe(true);
  });

  it('takes the token out of the address bar, and keeps control for the tab, also after a reload', async () => {
    await poll(() => page.locator('#diagram g.area').count()).toBeGreaterThan(0);
    expect(page.url()).toBe(server.url);
    expect(await page.evaluate(() => window.location.search)).toBe('');
    await page.reload();
    await poll(() => page.locator('#diagram g.area').count()).toBeGreaterThan(0);
    expect(page.url()).toBe(server.url);
    await poll(() => page.locator('#play').isDisabled()).toBe(false);
    // A control still goes through with the token kept for the tab.
    await setMode('recognize');
    await setMode('train');
  });

  it('updates with the frames: tick counter, heatmaps and pictures change', async () => {
    await page.waitForFunction(() => Number(document.body.dataset.tick ?? 0) > 0);
    const tickText = await page.locator('#tick').textContent();
    const top = server.session.topology.generative.areas.at(-1)!.name;
    const readHeatmap = (): Promise<string> =>
      page.evaluate(
        (id) =>
          document
            .querySelector<HTMLCanvasElement>(`g.area[data-area="${id}"] canvas`)!
            .toDataURL(),
        `generative/${top}`,
      );
    const heat = await readHeatmap();
    await waitForFrames(page, 20);
    expect(await page.locator('#tick').textContent()).not.toBe(tickText);
    await poll(readHeatmap).not.toBe(heat);
    const input = await canvasPixels(page, 'input-image');
    expect(input.length).toBe(28 * 28);
    expect(input.some((v) => v < 128)).toBe(true); // there is ink
    expect(await page.locator('g.pulses circle').count()).toBeLessThanOrEqual(16);
    await screenshot('1-train');
  });

  it('keeps the DOM bounded while frames keep coming', async () => {
    expect(server.session.state.mode).toBe('train');
    // Fill the latent view to its bound (500 points) first; then nothing may grow.
    await page.waitForFunction(
      () => document.querySelectorAll('#latent-view g.dots circle').length >= 500,
      undefined,
      { timeout: 40_000 },
    );
    await waitForFrames(page, 10);
    const nodes = await domNodeCount(page);
    const drawn = await framesDrawn(page);
    await waitForFrames(page, 60, 30_000);
    expect(await framesDrawn(page)).toBeGreaterThanOrEqual(drawn + 60);
    expect(await page.locator('#latent-view g.dots circle').count()).toBe(500);
    // Pulses come and go (one sweep in flight) and axes change their tick count (3 nodes a
    // tick); nothing accumulates.
    expect(Math.abs((await domNodeCount(page)) - nodes)).toBeLessThanOrEqual(40);
  }, 90_000);

  it('generate mode: the mode indicator says so and the input is blank (a dream)', async () => {
    await setMode('generate');
    await poll(async () => (await canvasPixels(page, 'input-image')).every((v) => v === 255)).toBe(
      true,
    );
    await poll(() => page.locator('#input-note').isVisible()).toBe(true);
    const dream = await canvasPixels(page, 'prediction-image');
    await poll(async () =>
      changedPixels(dream, await canvasPixels(page, 'prediction-image')),
    ).toBeGreaterThan(0); // a new dream every tick
    await screenshot('2-generate');
  });

  it('the lesion switch cuts the feedback pathways in the session and on the diagram', async () => {
    await page.locator('label.switch:has(#lesion)').click();
    await poll(() => server.session.state.feedbackLesioned).toBe(true);
    await poll(() => page.locator('line.lane-feedback.lesioned').count()).toBe(
      await page.locator('line.lane-feedback').count(),
    );
    await poll(() => page.locator('text.lesion-mark').first().isVisible()).toBe(true);
    await page.locator('label.switch:has(#lesion)').click();
    await poll(() => server.session.state.feedbackLesioned).toBe(false);
    // The page learns of it from the next state event, after the server does.
    await poll(() => page.locator('line.lane-feedback.lesioned').count()).toBe(0);
  });

  it('drawing on the canvas feeds the drawing in and changes the prediction', async () => {
    await setMode('recognize');
    await waitForFrames(page, 3);
    const before = await canvasPixels(page, 'prediction-image');
    const inputBefore = await canvasPixels(page, 'input-image');
    await page.locator('#draw-canvas').scrollIntoViewIfNeeded();
    const box = (await page.locator('#draw-canvas').boundingBox())!;
    const at = (fx: number, fy: number): [number, number] => [
      box.x + fx * box.width,
      box.y + fy * box.height,
    ];
    // A big "L".
    await page.mouse.move(...at(0.35, 0.15));
    await page.mouse.down();
    for (let k = 1; k <= 10; k++) await page.mouse.move(...at(0.35, 0.15 + 0.07 * k));
    for (let k = 1; k <= 6; k++) await page.mouse.move(...at(0.35 + 0.06 * k, 0.85));
    await page.mouse.up();
    await poll(() => server.session.state.inputSource).toBe('drawn');
    await poll(() => page.locator('#input-label').textContent()).toBe('(drawn)');
    await poll(async () =>
      changedPixels(inputBefore, await canvasPixels(page, 'input-image')),
    ).toBeGreaterThan(20);
    await poll(async () =>
      changedPixels(before, await canvasPixels(page, 'prediction-image')),
    ).toBeGreaterThan(20);
    await screenshot('3-drawn');
  });

  it('occluding the bottom half blanks it in the input the model sees, and outlines it', async () => {
    await page.locator('button[data-occlude="bottom"]').click();
    await poll(() => server.session.state.occlusion).toEqual({
      x: 0,
      y: 14,
      width: 28,
      height: 14,
    });
    await poll(() => page.locator('rect.occlusion-rect').count()).toBe(1);
    await poll(async () =>
      (await canvasPixels(page, 'input-image')).slice(14 * 28).every((v) => v === 255),
    ).toBe(true);
    await page.locator('button[data-occlude="none"]').click();
    await poll(() => server.session.state.occlusion).toBe(null);
    await poll(() => page.locator('rect.occlusion-rect').count()).toBe(0);
  });

  it('clamping the top area changes what the generative path draws', async () => {
    const before = await canvasPixels(page, 'prediction-image');
    await page.locator('#clamp-random').click();
    await poll(() => server.session.state.clamp.every((v) => v !== null)).toBe(true);
    await poll(() => page.locator('.clamp-row.held').count()).toBe(
      server.session.topology.latentSize,
    );
    await poll(async () =>
      changedPixels(before, await canvasPixels(page, 'prediction-image')),
    ).toBeGreaterThan(0);
    await page.locator('#clamp-release').click();
    await poll(() => server.session.state.clamp.every((v) => v === null)).toBe(true);
    await page.locator('#next-input').click();
    await poll(() => server.session.state.inputSource).toBe('dataset');
  });

  it('without a token the page is a read-only viewer with its controls off', async () => {
    await page.close(); // one page at a time on a small machine
    const viewer = await browser.context.newPage();
    try {
      await viewer.goto(server.url);
      await poll(() => viewer.locator('#diagram g.area').count()).toBeGreaterThan(0);
      // A clean watch layout (viewer.css): no banner, a "watching" chip, the controls not shown.
      expect(await viewer.locator('#readonly-note').isVisible()).toBe(false);
      expect(await viewer.locator('#watching').isVisible()).toBe(true);
      expect(await viewer.locator('#play').isVisible()).toBe(false);
      for (const id of [
        '#play',
        '#step',
        '#speed',
        '#next-input',
        '#auto-advance',
        '#lesion',
        '#draw-feed',
      ]) {
        expect(await viewer.locator(id).isDisabled(), id).toBe(true);
      }
      expect(await viewer.locator('#modes button').first().isDisabled()).toBe(true);
      expect(await viewer.locator('.clamp-row input').first().isDisabled()).toBe(true);
      const mode = server.session.state.mode;
      // Not shown, and still disabled underneath: a click from a script does nothing either.
      await viewer.evaluate(() =>
        document.querySelector<HTMLButtonElement>('#modes button[data-mode="settle"]')!.click(),
      );
      await viewer.waitForTimeout(300);
      expect(server.session.state.mode).toBe(mode);
      await screenshot('4-viewer', viewer);
    } finally {
      await viewer.close();
    }
  });

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });

  it('broke no rule of its Content-Security-Policy', () => {
    expect(cspViolations).toEqual([]);
  });
});
