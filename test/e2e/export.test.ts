/**
 * Export from the page, end to end: the real live server (a tiny session whose classifier
 * learns locally, so every panel shows) and the built page in headless Chromium. Each export
 * kind is downloaded through its panel's menu and checked as a file: a PNG's signature and
 * size, an SVG that parses and holds the panel's pictures, CSV headers over numeric rows,
 * NDJSON lines with the documented fields, all inside the chosen window.
 * E2E_SCREENSHOTS=DIR keeps a screenshot of an open menu and every file downloaded.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CURVE_COLUMNS,
  FREE_ENERGY_COLUMNS,
  LOCAL_LEARNING_COLUMNS,
  parseActivityNdjson,
} from '../../src/server/exportFormats.ts';
import { openLivePage, type LivePage } from './livePage.ts';

const TOKEN = 'e2e-export-token-0123456789';
const shots = process.env.E2E_SCREENSHOTS;

/** Poll `condition` until it holds (or fail after `ms`). */
async function until(condition: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

let live: LivePage | undefined;
let page: Page;

beforeAll(async () => {
  live = await openLivePage({
    token: TOKEN,
    session: {
      playing: true,
      speed: 60,
      classifier: { kind: 'pcn', hiddenSizes: [8], inferenceSteps: 3 },
    },
    viewport: { width: 1440, height: 900 },
  });
  page = live.page;
  if (shots !== undefined) mkdirSync(shots, { recursive: true });
  // Enough frames for every panel: curves drawn, a local-learning step received.
  await until(
    async () => (await page.evaluate(() => Number(document.body.dataset.tick ?? 0))) > 40,
  );
  await until(async () => (await page.locator('#curves path').count()) > 0);
}, 120_000);

afterAll(async () => {
  await live?.close();
});

/** Open `panel`'s export menu from the keyboard and download what `kind` saves. */
async function exportFrom(panel: string, kind: string): Promise<{ file: Download; body: Buffer }> {
  const summary = page.locator(`#${panel} .export-menu > summary`);
  await summary.focus();
  await page.keyboard.press('Enter');
  const button = page.locator(`#${panel} .export-actions button[data-export="${kind}"]`);
  await expect.poll(() => button.isVisible()).toBe(true);
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const body = readFileSync((await file.path())!);
  if (shots !== undefined) writeFileSync(path.join(shots, file.suggestedFilename()), body);
  return { file, body };
}

/** A PNG's width and height from its IHDR chunk, after checking its signature. */
function pngSize(body: Buffer): { width: number; height: number } {
  expect([...body.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  expect(body.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: body.readUInt32BE(16), height: body.readUInt32BE(20) };
}

/** An SVG text parsed in the page: an error, or the count of each element name asked for. */
function svgCounts(text: string, names: string[]): Promise<Record<string, number> | string> {
  return page.evaluate(
    ({ text, names }) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const error = doc.querySelector('parsererror');
      if (error !== null) return error.textContent ?? 'parse error';
      if (doc.documentElement.localName !== 'svg') return doc.documentElement.localName;
      return Object.fromEntries(names.map((n) => [n, doc.getElementsByTagName(n).length]));
    },
    { text, names },
  );
}

function readCsv(body: Buffer): { header: string[]; rows: string[][] } {
  const [header, ...rows] = body
    .toString('utf8')
    .trimEnd()
    .split('\n')
    .map((line) => line.split(','));
  return { header: header!, rows };
}

const numeric = (cell: string): boolean => cell === '' || Number.isFinite(Number(cell));

describe('export from the page', () => {
  it('names each panel’s menu and shows it in the panel header', async () => {
    const names = await page
      .locator('main section.panel .export-menu > summary')
      .evaluateAll((all) => all.map((s) => s.getAttribute('aria-label')));
    expect(names).toContain('Export the panel “Training”');
    expect(names).toContain('Export the panel “At the sensory level”');
    expect(names.length).toBeGreaterThanOrEqual(7);
  });

  it('saves a canvas panel as a PNG of its size', async () => {
    const box = await page.locator('#panel-sensory').boundingBox();
    const { file, body } = await exportFrom('panel-sensory', 'png');
    expect(file.suggestedFilename()).toMatch(/^neocortex-sensory-tick\d+\.png$/);
    const size = pngSize(body);
    expect(Math.abs(size.width - 2 * box!.width)).toBeLessThanOrEqual(4);
    expect(Math.abs(size.height - 2 * box!.height)).toBeLessThanOrEqual(4);
    // Not blank: the picture holds more than the background.
    expect(body.length).toBeGreaterThan(2000);
  });

  it('saves SVG panels as PNGs too (rasterized), the diagram with its heatmaps', async () => {
    for (const panel of ['panel-curves', 'panel-diagram']) {
      const { body } = await exportFrom(panel, 'png');
      const box = await page.locator(`#${panel}`).boundingBox();
      expect(Math.abs(pngSize(body).width - 2 * box!.width)).toBeLessThanOrEqual(4);
    }
    // The diagram's heatmaps are canvases in the chart: in the SVG they are images.
    const diagram = await exportFrom('panel-diagram', 'svg');
    const heatmaps = await page.locator('#diagram canvas').count();
    const counts = (await svgCounts(diagram.body.toString('utf8'), [
      'image',
      'foreignObject',
    ])) as Record<string, number>;
    expect(counts['foreignObject']).toBe(0);
    expect(counts['image']).toBeGreaterThanOrEqual(heatmaps);
    expect(live!.pageErrors).toEqual([]);
  });

  it('saves a panel as a standalone SVG holding its charts and canvases', async () => {
    const curves = await exportFrom('panel-curves', 'svg');
    expect(curves.file.suggestedFilename()).toMatch(/\.svg$/);
    const onPage = await page.locator('#curves path').count();
    const counts = await svgCounts(curves.body.toString('utf8'), ['svg', 'path', 'text']);
    expect(typeof counts).toBe('object');
    const c = counts as Record<string, number>;
    expect(c['path']).toBeGreaterThanOrEqual(onPage - 2);
    expect(c['path']).toBeGreaterThan(0);
    expect(c['text']).toBeGreaterThan(0);
    // Styles travel inline: a curve keeps its stroke without the page's stylesheet.
    expect(curves.body.toString('utf8')).toMatch(/style="[^"]*stroke:/);
    const sensory = await exportFrom('panel-sensory', 'svg');
    const s = (await svgCounts(sensory.body.toString('utf8'), ['image'])) as Record<string, number>;
    expect(s['image']).toBe(3); // input, prediction, prediction error
    expect(sensory.body.toString('utf8')).toContain('href="data:image/png;base64,');
  });

  it('saves the curves as CSV: the documented header over numeric rows', async () => {
    const { file, body } = await exportFrom('panel-curves', 'curves-csv');
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    const { header, rows } = readCsv(body);
    expect(header).toEqual([...CURVE_COLUMNS]);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toHaveLength(header.length);
      expect(row.every(numeric)).toBe(true);
    }
    const steps = rows.map((r) => Number(r[0]));
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
  });

  it('saves the free-energy trace and the local-learning step as CSV', async () => {
    const trace = readCsv((await exportFrom('panel-sensory', 'free-energy-csv')).body);
    expect(trace.header).toEqual([...FREE_ENERGY_COLUMNS]);
    expect(trace.rows.length).toBeGreaterThan(0);
    for (const [tick, mode, iteration, energy] of trace.rows) {
      expect([tick, iteration, energy].every((cell) => numeric(cell!))).toBe(true);
      expect(['train', 'recognize', 'settle', 'generate']).toContain(mode);
    }
    const local = readCsv((await exportFrom('panel-local', 'local-learning-csv')).body);
    expect(local.header).toEqual([...LOCAL_LEARNING_COLUMNS]);
    // The pcn classifier's areas, T = 3 settle iterations and one after the update each.
    expect(local.rows.length).toBeGreaterThan(0);
    expect(local.rows.length % 4).toBe(0);
    expect(local.rows.every((r) => r[0] === 'classifier' && numeric(r[5]!))).toBe(true);
  });

  it('saves the activity of the chosen window as NDJSON records', async () => {
    const select = page.locator('#panel-diagram select[data-export-window]');
    await page.locator('#panel-diagram .export-menu > summary').click();
    await select.selectOption('10');
    if (shots !== undefined) {
      await page.screenshot({ path: path.join(shots, 'export-menu.png') });
    }
    await page.keyboard.press('Escape');
    await expect
      .poll(() =>
        page.locator('#panel-diagram .export-menu').evaluate((d) => (d as HTMLDetailsElement).open),
      )
      .toBe(false);
    const tickBefore = await page.evaluate(() => Number(document.body.dataset.tick));
    const { file, body } = await exportFrom('panel-diagram', 'activity-ndjson');
    expect(file.suggestedFilename()).toMatch(/-activity-10s-tick\d+\.ndjson$/);
    const lines = body.toString('utf8').trimEnd().split('\n');
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const records = parseActivityNdjson(body.toString('utf8'));
    expect(records.length).toBeGreaterThan(5);
    const newest = Math.max(...records.map((r) => r.time));
    for (const record of records) {
      expect(Object.keys(record).sort()).toEqual(
        [
          'classProbabilities',
          'classifier',
          'freeEnergy',
          'generative',
          'input',
          'iteration',
          'label',
          'mode',
          'prediction',
          'predictionError',
          'settleRun',
          'tick',
          'time',
        ].sort(),
      );
      expect(record.time).toBeGreaterThanOrEqual(newest - 10_000);
      expect(record.generative.map((a) => a.name)).toEqual(['sensory', 'z1']);
      expect(record.prediction).toHaveLength(784);
    }
    const ticks = records.map((r) => r.tick);
    expect(ticks).toEqual([...ticks].sort((a, b) => a - b));
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(tickBefore);
    expect(live!.pageErrors).toEqual([]);
  });
});
