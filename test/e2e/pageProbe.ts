/** Reading what the page shows: canvas pixels, texts, counts. */
import type { Page } from 'playwright-core';

/** The red channel of every pixel of a canvas (the pictures are grey or red/blue). */
export function canvasPixels(page: Page, id: string): Promise<number[]> {
  return page.evaluate((canvasId) => {
    const canvas = document.getElementById(canvasId) as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const out: number[] = [];
    for (let i = 0; i < data.length; i += 4) out.push(data[i]!);
    return out;
  }, id);
}

/** Pixels that differ between two reads of the same canvas. */
export function changedPixels(a: readonly number[], b: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) n++;
  return n;
}

/** How many frames the page has drawn (main.ts writes it on <body>). */
export async function framesDrawn(page: Page): Promise<number> {
  return Number((await page.locator('body').getAttribute('data-frames-drawn')) ?? 0);
}

/** Wait until the page has drawn `count` more frames. */
export async function waitForFrames(page: Page, count: number, timeout = 20_000): Promise<void> {
  const start = await framesDrawn(page);
  await page.waitForFunction(
    (target) => Number(document.body.dataset.framesDrawn ?? 0) >= target,
    start + count,
    { timeout },
  );
}

export function domNodeCount(page: Page): Promise<number> {
  return page.evaluate(() => document.getElementsByTagName('*').length);
}

/** One point of the settle-mode free-energy trace, as the page marks it. */
export interface TracePoint {
  iteration: number;
  freeEnergy: number;
}

/** The free-energy trace the page shows: its number (a new input, a new trace), points and title. */
export interface PageTrace {
  mode: string;
  trace: number;
  points: TracePoint[];
  title: string;
  status: string;
}

/** Read the free-energy chart off the page: the marks' data attributes and the texts shown. */
export function readTrace(page: Page): Promise<PageTrace> {
  return page.evaluate(() => {
    const svg = document.getElementById('free-energy-chart')!;
    return {
      mode: svg.dataset.mode ?? '',
      trace: Number(svg.dataset.trace ?? -1),
      points: Array.from(svg.querySelectorAll<SVGCircleElement>('circle.trace-point'), (c) => ({
        iteration: Number(c.dataset.iteration),
        freeEnergy: Number(c.dataset.freeEnergy),
      })),
      title: svg.querySelector('text.chart-title')?.textContent ?? '',
      status: document.querySelector('#free-energy-caption .trace-status')?.textContent ?? '',
    };
  });
}

/** The input picture as the page shows it (a data URL: equal strings, equal pictures). */
export function inputPicture(page: Page): Promise<string> {
  return page.evaluate(() =>
    (document.getElementById('input-image') as HTMLCanvasElement).toDataURL(),
  );
}

/** The session tick of the frame the page drew last. */
export async function pageTick(page: Page): Promise<number> {
  return Number((await page.locator('body').getAttribute('data-tick')) ?? 0);
}
