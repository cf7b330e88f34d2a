/**
 * The static site end to end (docs/static-site.md): the site `npm run build:static` writes, built
 * here into a temporary folder, served by a plain static file server (express's
 * static files, nothing of the live server), opened in headless Chromium. The session runs in
 * the page's Web Worker on wasm: the tick advances and the curves move in train mode; a shared
 * link opens at its lesson step and digit, and the address follows the session; with the network
 * cut after the first visit it loads and runs from its service worker's cache; the page opens
 * no socket, asks nothing of any other origin, and throws nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaticSite } from '../../web/buildStatic.ts';
import { launchChromium, type Browser } from './browser.ts';

const poll = <T>(read: () => T | Promise<T>, timeout = 20_000) =>
  expect.poll(read, { timeout, interval: 100 });

let workDir: string | undefined;
let http: Server;
let origin: string;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const requests: string[] = [];
const websockets: string[] = [];

/** Collect a page's errors (its workers' too) and websockets. */
function watch(target: Page): void {
  target.on('pageerror', (error) => pageErrors.push(error.message));
  target.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  target.on('websocket', (socket) => websockets.push(socket.url()));
  target.on('worker', (worker) => {
    worker.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`worker: ${message.text()}`);
    });
  });
}

beforeAll(async () => {
  // A private copy: `npm run build` (the package tests) empties dist/ while other tests run.
  workDir = await mkdtemp(path.join(os.tmpdir(), 'neocortex-static-'));
  const site = await buildStaticSite(path.join(workDir, 'site'));
  const app = express();
  app.use(express.static(site));
  http = createServer(app);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  browser = await launchChromium();
  browser.context.on('request', (request) => requests.push(request.url()));
  browser.context.on('weberror', (error) => pageErrors.push(error.error().message));
  page = await browser.context.newPage();
  watch(page);
  await page.goto(`${origin}/`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

const tick = () => page.evaluate(() => Number(document.body.dataset.tick ?? -1));
const curve = () =>
  page.evaluate(() => document.querySelector('#curves path.curve')?.getAttribute('d') ?? '');

describe('the static site', () => {
  it('says it runs in the browser and starts a trained cortex on wasm in a worker', async () => {
    // Fail at once on a worker that did not start (the chip says why), not after a timeout.
    await page.waitForFunction(
      () => !/^connecting/.test(document.getElementById('connection')?.textContent ?? ''),
      undefined,
      { timeout: 60_000 },
    );
    expect(await page.locator('#connection').textContent()).toBe('connected');
    expect(await page.locator('#static-note').isVisible()).toBe(true);
    await poll(() => page.locator('#backend').textContent()).toMatch(/^wasm · v/);
    // The page is its own controller: no viewer's note, the controls are on.
    expect(await page.locator('#watching').isVisible()).toBe(false);
    await poll(() => page.locator('#modes button[data-mode="train"]').isEnabled()).toBe(true);
  });

  it('trains: the tick advances and the curves move', async () => {
    await poll(() => page.locator('#mode-indicator').textContent()).toBe('mode: train');
    const first = await tick();
    await poll(tick).toBeGreaterThan(first + 5);
    const before = await curve();
    await poll(curve, 30_000).not.toBe(before);
    expect(await curve()).not.toBe('');
  });

  it('takes a control: pause holds the tick, play moves it on', async () => {
    const play = page.locator('#play');
    await poll(() => play.getAttribute('aria-pressed')).toBe('true');
    await play.click();
    await poll(() => play.getAttribute('aria-pressed')).toBe('false');
    // Frames already on their way may land: wait for the tick to hold, then check it stays.
    let held = await tick();
    await poll(async () => {
      const now = await tick();
      const same = now === held;
      held = now;
      return same;
    }).toBe(true);
    await page.waitForTimeout(400);
    expect(await tick()).toBe(held);
    await play.click();
    await poll(tick).toBeGreaterThan(held + 2);
  });

  it('opens a shared link at its lesson step and digit, and keeps its moment in the address', async () => {
    await page.close(); // one training session at a time on a small machine
    page = await browser.context.newPage();
    watch(page);
    await page.goto(`${origin}/?lesson=lesion&step=1&digit=3`);
    await poll(() => page.locator('#lesson-progress').textContent(), 60_000).toMatch(
      /^Step 2 of \d+$/,
    );
    await poll(() => page.locator('#lesion').isChecked()).toBe(true);
    await poll(() => page.locator('#hold-input').isChecked()).toBe(true);
    await poll(() => page.locator('#input-label').textContent()).toContain('3');
    const params = () => new URL(page.url()).searchParams;
    await poll(() => params().get('digit')).toBe('3');
    expect(params().get('lesson')).toBe('lesion');
    expect(params().get('step')).toBe('1');
    expect(params().get('lesion')).toBe('1');
    expect(params().get('mode')).toBe('recognize');
    await page.locator('#lesson-next').click();
    await poll(() => params().get('step')).toBe('2');
    expect(await page.locator('#control-error').isVisible()).toBe(false);
  });

  it('keeps working offline once loaded: its service worker caches the site', async () => {
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await browser.context.setOffline(true);
    try {
      await page.reload();
      await page.waitForFunction(
        () => !/^connecting/.test(document.getElementById('connection')?.textContent ?? ''),
        undefined,
        { timeout: 60_000 },
      );
      expect(await page.locator('#connection').textContent()).toBe('connected');
      const first = await tick();
      await poll(tick).toBeGreaterThan(first + 3);
      // The network is really cut: what the cache does not hold cannot be had. (Chromium logs
      // that failed fetch as a console error: the one error this test asks for, taken out.)
      const before = pageErrors.length;
      const uncached = await page.evaluate(() =>
        fetch(`not-in-the-site-${Date.now()}`).then(
          () => 'fetched',
          () => 'failed',
        ),
      );
      expect(uncached).toBe('failed');
      await page.waitForTimeout(200);
      const asked = pageErrors.splice(before);
      expect(asked.filter((e) => !/^Failed to load resource: net::ERR_/.test(e))).toEqual([]);
    } finally {
      await browser.context.setOffline(false);
    }
  });

  it('fetched its data, weights and wasm from its own origin only, with no socket and no error', () => {
    // The worker's fetches are seen: the check below covers them.
    expect(requests.some((url) => url.endsWith('/data/mnist-embedded.bin.gz'))).toBe(true);
    expect(requests.some((url) => url.endsWith('/trained/generative.bin'))).toBe(true);
    expect(requests.some((url) => /\/wasm\/tfjs-backend-wasm(-simd)?\.wasm$/.test(url))).toBe(true);
    const foreign = requests.filter(
      (url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'),
    );
    expect(foreign).toEqual([]);
    expect(requests.filter((url) => url.includes('socket.io'))).toEqual([]);
    expect(websockets).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
