/**
 * The room end to end: presenter mode (fit without scrolling at 1280x720, 1920x1080 and
 * 1920x1080 at 150% zoom, large type, the dark and light themes), the teacher's class link and
 * QR code, a viewer's watch layout (on a phone), freeze, save picture, the last control, and a
 * viewer that comes back by itself after the server restarts on the same port. One server (then
 * its restart) and one browser; the teacher and the viewer are two tabs. E2E_SCREENSHOTS=DIR
 * keeps a screenshot of each layout.
 */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { startServer, type LiveServer } from '../../src/server/server.ts';
import { QR_OPTIONS } from '../../src/server/viewerLink.ts';
import { ensureWebBuild } from '../../web/build.ts';
import { tinyData, tinySpec } from '../sim/sessionFixture.ts';
import { expectNoAxeViolations } from './axe.ts';
import { launchChromium, type Browser } from './browser.ts';

const TOKEN = 'presenter-token-0123456789';
const shots = process.env.E2E_SCREENSHOTS;
const poll = <T>(read: () => T | Promise<T>, timeout = 15_000) =>
  expect.poll(read, { timeout, interval: 50 });

let webRoot: string;
let server: LiveServer;
let browser: Browser;
let teacher: Page;
let viewer: Page;
const pageErrors: string[] = [];

function serve(port = 0): Promise<LiveServer> {
  return startServer({
    port,
    token: TOKEN,
    logger: false,
    backend: 'wasm',
    webRoot,
    data: tinyData(),
    sessionSpec: tinySpec({ playing: true, speed: 30 }),
  });
}

async function screenshot(page: Page, name: string): Promise<void> {
  if (shots === undefined) return;
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

const ticksDrawn = (page: Page) => page.evaluate(() => Number(document.body.dataset.tick ?? -1));
const framesDrawn = (page: Page) =>
  page.evaluate(() => Number(document.body.dataset.framesDrawn ?? 0));

async function waitForFrames(page: Page, more = 3): Promise<void> {
  const start = await framesDrawn(page);
  await poll(() => framesDrawn(page), 30_000).toBeGreaterThanOrEqual(start + more);
}

/** Page size against the viewport, and the boxes of the elements that must be in view. */
function fit(page: Page, selectors: string[]) {
  return page.evaluate((selectors) => {
    const root = document.scrollingElement!;
    const boxes = selectors.map((selector) => {
      const element = document.querySelector(selector);
      const box = element?.getBoundingClientRect();
      return { selector, box: box ? [box.left, box.top, box.right, box.bottom] : null };
    });
    return {
      scrollWidth: root.scrollWidth,
      scrollHeight: root.scrollHeight,
      width: window.innerWidth,
      height: window.innerHeight,
      boxes,
    };
  }, selectors);
}

async function expectFits(page: Page, selectors: string[], label: string): Promise<void> {
  const measured = await fit(page, selectors);
  expect(measured.scrollHeight, `${label}: page height`).toBeLessThanOrEqual(measured.height);
  expect(measured.scrollWidth, `${label}: page width`).toBeLessThanOrEqual(measured.width);
  for (const { selector, box } of measured.boxes) {
    expect(box, `${label}: ${selector} is on the page`).not.toBeNull();
    const [left, top, right, bottom] = box! as [number, number, number, number];
    expect(right - left, `${label}: ${selector} has a width`).toBeGreaterThan(0);
    expect(left, `${label}: ${selector} left`).toBeGreaterThanOrEqual(0);
    expect(top, `${label}: ${selector} top`).toBeGreaterThanOrEqual(0);
    expect(right, `${label}: ${selector} right`).toBeLessThanOrEqual(measured.width + 0.5);
    expect(bottom, `${label}: ${selector} bottom`).toBeLessThanOrEqual(measured.height + 0.5);
  }
}

/** The smallest font size (CSS px) of visible text outside the charts' SVGs, and where. */
function smallestText(page: Page) {
  return page.evaluate(() => {
    let smallest = { size: Infinity, where: '' };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const element = node.parentElement;
      if (element === null || node.textContent!.trim() === '' || element.closest('svg')) continue;
      if (element.closest('dialog:not([open]), .visually-hidden')) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || element.checkVisibility() === false) continue;
      const size = parseFloat(getComputedStyle(element).fontSize);
      if (size < smallest.size) {
        smallest = { size, where: `${element.tagName}.${element.className}: ${node.textContent}` };
      }
    }
    return smallest;
  });
}

/** Contrast ratio (WCAG) of two computed colours `rgb(...)`. */
function contrast(a: string, b: string): number {
  const luminance = (color: string): number => {
    const [r, g, b] = color
      .match(/[\d.]+/g)!
      .slice(0, 3)
      .map(Number) as [number, number, number];
    const channel = (v: number): number => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const colours = (page: Page) =>
  page.evaluate(() => {
    const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
    return {
      page: getComputedStyle(document.documentElement).backgroundColor,
      panel: style('#panel-sensory').backgroundColor,
      heading: style('#panel-sensory h2').color,
      figcaption: style('#panel-sensory figcaption').color,
      modeCaption: style('#mode-caption').color,
      toolbar: style('#toolbar').backgroundColor,
    };
  });

beforeAll(async () => {
  [webRoot] = await Promise.all([ensureWebBuild(), initBackend('wasm')]);
  server = await serve();
  browser = await launchChromium();
  browser.context.on('weberror', (error) => pageErrors.push(error.error().message));
  teacher = await browser.context.newPage();
  await teacher.setViewportSize({ width: 1280, height: 720 });
  await teacher.emulateMedia({ colorScheme: 'dark' });
  await teacher.goto(`${server.url}?token=${TOKEN}&view=presenter`);
  viewer = await browser.context.newPage();
  await viewer.setViewportSize({ width: 390, height: 844 });
  await viewer.goto(server.url);
  const drawing = () => Number(document.body.dataset.framesDrawn ?? 0) > 3;
  await Promise.all([
    teacher.waitForFunction(drawing, null, { timeout: 60_000 }),
    viewer.waitForFunction(drawing, null, { timeout: 60_000 }),
  ]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('presenter mode', () => {
  const inView = ['#input-image', '#prediction-image', '#draw-canvas', '#panel-clamp', '#play'];

  it('fits 1280x720, 1920x1080 and 1920x1080 at 150% zoom without scrolling', async () => {
    expect(await teacher.evaluate(() => document.documentElement.dataset.view)).toBe('presenter');
    await expectFits(teacher, inView, '1280x720');
    await screenshot(teacher, 'presenter-1280x720');

    await teacher.setViewportSize({ width: 1920, height: 1080 });
    await waitForFrames(teacher);
    await expectFits(teacher, inView, '1920x1080');

    // 150% zoom: 1280x720 CSS pixels drawn at a device scale factor of 1.5.
    await teacher.setViewportSize({ width: 1280, height: 720 });
    const cdp = await browser.context.newCDPSession(teacher);
    await cdp.send('Emulation.setDeviceMetricsOverride', {
      width: 1280,
      height: 720,
      deviceScaleFactor: 1.5,
      mobile: false,
    });
    await waitForFrames(teacher);
    expect(await teacher.evaluate(() => window.devicePixelRatio)).toBe(1.5);
    await expectFits(teacher, inView, '1920x1080 at 150%');
    await screenshot(teacher, 'presenter-1920x1080');
    await cdp.send('Emulation.clearDeviceMetricsOverride');
    await cdp.detach();
    await teacher.setViewportSize({ width: 1280, height: 720 });
  });

  it('writes every label outside the charts at 18 px or more', async () => {
    const smallest = await smallestText(teacher);
    expect(smallest.size, smallest.where).toBeGreaterThanOrEqual(18);
  });

  it('is remembered in the address and toggled with P', async () => {
    expect(new URL(teacher.url()).searchParams.get('view')).toBe('presenter');
    expect(teacher.url()).not.toContain(TOKEN);
    await teacher.keyboard.press('p');
    await poll(() => teacher.evaluate(() => document.documentElement.dataset.view)).toBe(undefined);
    expect(new URL(teacher.url()).searchParams.get('view')).toBeNull();
    await teacher.locator('#presenter-toggle').click();
    await poll(() => teacher.evaluate(() => document.documentElement.dataset.view)).toBe(
      'presenter',
    );
    expect(new URL(teacher.url()).searchParams.get('view')).toBe('presenter');
  });

  it('switches between the dark and the light theme, keeping text readable', async () => {
    // The system asks for dark (emulated): the default follows it.
    expect(await teacher.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const dark = await colours(teacher);
    await teacher.locator('#theme-toggle').click();
    await poll(() => teacher.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    const light = await colours(teacher);
    expect(light.page).not.toBe(dark.page);
    expect(light.panel).not.toBe(dark.panel);
    for (const [name, theme] of Object.entries({ dark, light })) {
      for (const text of ['heading', 'figcaption'] as const) {
        expect(contrast(theme[text], theme.panel), `${name} ${text}`).toBeGreaterThanOrEqual(4.5);
      }
      expect(contrast(theme.modeCaption, theme.toolbar), `${name} caption`).toBeGreaterThanOrEqual(
        4.5,
      );
    }
    await screenshot(teacher, 'presenter-light');
    await teacher.keyboard.press('t');
    await poll(() => teacher.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  });

  it('has no axe violations', async () => {
    await expectNoAxeViolations(teacher, { label: 'presenter mode' });
  });
});

describe('the class link', () => {
  it('shows the teacher the viewer link and its QR code, without the token', async () => {
    const link = teacher.locator('#share-link');
    await poll(() => link.getAttribute('href')).toBe(server.url);
    await teacher.locator('#share-open').click();
    const qr = teacher.locator('#share-qr');
    await expect.poll(() => qr.isVisible()).toBe(true);
    const source = (await qr.getAttribute('src'))!;
    const svg = decodeURIComponent(source.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
    expect(svg).toBe(await QRCode.toString(server.url, QR_OPTIONS));
    expect(await teacher.locator('#share-url').textContent()).toBe(server.url);
    for (const text of [source, svg, await link.getAttribute('href')]) {
      expect(text).not.toContain(TOKEN);
    }
    const box = await qr.boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(300);
    await teacher.locator('#share-close').click();
    await poll(() => qr.isVisible()).toBe(false);
  });

  it('is not shown to a viewer', async () => {
    expect(await viewer.locator('#share-line').isVisible()).toBe(false);
    expect(await viewer.locator('#share-open').isVisible()).toBe(false);
  });
});

describe('a viewer', () => {
  it('sees no disabled control and no banner, only a watching chip', async () => {
    expect(await viewer.evaluate(() => document.documentElement.dataset.role)).toBe('viewer');
    const disabled = await viewer.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('button, input, select, textarea, [disabled]')]
        .filter((e) => (e as HTMLInputElement).disabled === true || e.ariaDisabled === 'true')
        .filter((e) => e.checkVisibility())
        .map((e) => e.id || e.textContent),
    );
    expect(disabled).toEqual([]);
    expect(await viewer.locator('#readonly-note').isVisible()).toBe(false);
    expect(await viewer.locator('#toolbar #play').isVisible()).toBe(false);
    expect(await viewer.locator('#draw-canvas').isVisible()).toBe(false);
    expect(await viewer.locator('#watching').isVisible()).toBe(true);
  });

  it('has the input and the prediction on the first screen of a phone', async () => {
    await expectFitsWidth(viewer);
    for (const selector of ['#input-image', '#prediction-image']) {
      const box = (await viewer.locator(selector).boundingBox())!;
      expect(box.width, selector).toBeGreaterThan(80);
      expect(box.y, selector).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height, selector).toBeLessThanOrEqual(844);
    }
    await screenshot(viewer, 'phone-viewer-390x844');
  });

  it('freezes its own view while the simulation and the teacher go on', async () => {
    await viewer.locator('#freeze').click();
    await poll(() => viewer.locator('#freeze').getAttribute('aria-pressed')).toBe('true');
    const frozenTick = await ticksDrawn(viewer);
    const teacherTick = await ticksDrawn(teacher);
    const sessionTick = server.session.state.tick;
    await poll(() => ticksDrawn(teacher)).toBeGreaterThan(teacherTick + 5);
    expect(server.session.state.tick).toBeGreaterThan(sessionTick);
    expect(await ticksDrawn(viewer)).toBe(frozenTick);
    expect(await viewer.locator('#tick').textContent()).toContain(String(frozenTick));
    await viewer.locator('#freeze').click();
    await poll(() => ticksDrawn(viewer)).toBeGreaterThan(teacherTick + 5);
  });

  it('saves a picture as a PNG', async () => {
    const [download] = await Promise.all([
      viewer.waitForEvent('download'),
      viewer.locator('#save-picture').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^neocortex-tick-\d+\.png$/);
    const bytes = await readFile((await download.path())!);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR: three 28x28 images at 10x with gaps and captions (viewerPicture.ts).
    expect(bytes.readUInt32BE(16)).toBe(3 * 280 + 4 * 16);
    expect(bytes.readUInt32BE(20)).toBe(280 + 2 * 16 + 40 + 40);
    expect(bytes.length).toBeGreaterThan(1000);
  });

  it('reads what the teacher did last', async () => {
    await teacher.locator('#modes button[data-mode="settle"]').click();
    await poll(() => viewer.locator('#last-control-text').textContent()).toBe(
      'switched to settle mode',
    );
    expect(await viewer.locator('#last-control').isVisible()).toBe(true);
    await poll(() => viewer.locator('#last-control-live').textContent()).toBe(
      'Last control: switched to settle mode',
    );
    await teacher.locator('#modes button[data-mode="train"]').click();
    await poll(() => viewer.locator('#last-control-text').textContent()).toBe(
      'switched to train mode',
    );
  });

  it('comes back by itself after the server restarts on the same port', async () => {
    const port = server.port;
    await server.close();
    await poll(() => viewer.locator('#connection').textContent()).toMatch(/^disconnected/);
    server = await serve(port);
    await poll(() => viewer.locator('#connection').textContent(), 30_000).toBe('connected');
    await waitForFrames(viewer);
    await poll(() => teacher.locator('#connection').textContent(), 30_000).toBe('connected');
    await waitForFrames(teacher);
    // The teacher drives the new server with the same token.
    await teacher.locator('#modes button[data-mode="recognize"]').click();
    await poll(() => server.session.state.mode).toBe('recognize');
    expect(pageErrors).toEqual([]);
  });
});

describe('presenter mode during a lesson', () => {
  it('shows the step’s panels, with the input and prediction, and still fits 1280x720', async () => {
    const choice = teacher.locator('#lesson-choice');
    await poll(() => choice.locator('option').count()).toBeGreaterThan(1);
    const first = await choice.locator('option').nth(1).getAttribute('value');
    await choice.selectOption(first!);
    await teacher.locator('#lesson-start').click();
    await poll(() => teacher.evaluate(() => document.body.dataset.lessonPanels ?? null)).not.toBe(
      null,
    );
    await waitForFrames(teacher);
    const panels = (await teacher.evaluate(() => document.body.dataset.lessonPanels!)).split(' ');
    // The step's panels show (and no other), and the sensory one always does.
    const shown = await teacher.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('main > .panel')]
        .filter((panel) => panel.checkVisibility())
        .map((panel) => panel.id),
    );
    expect(shown).toContain('panel-sensory');
    for (const id of shown.filter((id) => id !== 'panel-sensory')) {
      expect(panels.includes(id.slice('panel-'.length)), `${id} in ${panels.join(' ')}`).toBe(true);
    }
    await expectFits(teacher, ['#input-image', '#prediction-image', '#lesson-bar'], 'lesson');
    await screenshot(teacher, 'presenter-lesson-1280x720');
    await teacher.locator('#lesson-start').click();
    await poll(() => teacher.evaluate(() => document.body.dataset.lessonPanels ?? null)).toBe(null);
  });
});

/** No horizontal overflow on a phone. */
async function expectFitsWidth(page: Page): Promise<void> {
  const { scrollWidth, width } = await fit(page, []);
  expect(scrollWidth).toBeLessThanOrEqual(width);
}
