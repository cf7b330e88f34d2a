/**
 * The page over a long run: `neocortex serve` as a child process, the page in
 * headless Chromium with the control token, and every interval the page's DOM
 * node count, its JS heap after a forced garbage collection, the tick it shows
 * and the page errors so far. The mode cycles train, recognize, settle,
 * generate every five samples. A leak shows as a heap or node count that keeps
 * rising; a healthy page stays flat.
 */
import { launchChromium } from '../test/e2e/browser.ts';
import { startServeChild } from './serveChild.ts';

export interface SoakSample {
  minute: number;
  domNodes: number;
  heapMb: number;
  tick: number;
  mode: string;
  pageErrors: number;
}

export interface SoakOptions {
  minutes: number;
  intervalSeconds: number;
  onSample?: (sample: SoakSample) => void;
}

const TOKEN = 'soak-token';
const MODES = ['train', 'recognize', 'settle', 'generate'];

export async function pageSoak(options: SoakOptions): Promise<SoakSample[]> {
  const server = await startServeChild([], TOKEN);
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${server.url}?token=${TOKEN}`);
    const cdp = await browser.context.newCDPSession(page);
    const samples: SoakSample[] = [];
    const start = performance.now();
    const count = Math.floor((60 * options.minutes) / options.intervalSeconds);
    let mode = MODES[0]!;
    for (let k = 0; k <= count; k++) {
      const due = start + 1000 * k * options.intervalSeconds;
      await page.waitForTimeout(Math.max(0, due - performance.now()));
      if (k > 0 && k % 5 === 0) {
        mode = MODES[(k / 5) % MODES.length]!;
        await page.locator(`#modes button[data-mode="${mode}"]`).click();
        await page.waitForFunction(
          (m) => document.querySelector('#mode-indicator')?.textContent === `mode: ${m}`,
          mode,
        );
      }
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = await cdp.send('Runtime.getHeapUsage');
      const shown = await page.evaluate(() => ({
        nodes: document.getElementsByTagName('*').length,
        tick: Number(/tick (\d+)/.exec(document.body.innerText)?.[1] ?? Number.NaN),
      }));
      const sample: SoakSample = {
        minute: Math.round(((performance.now() - start) / 60_000) * 100) / 100,
        domNodes: shown.nodes,
        heapMb: Math.round((heap.usedSize / 1e6) * 100) / 100,
        tick: shown.tick,
        mode,
        pageErrors: errors.length,
      };
      samples.push(sample);
      options.onSample?.(sample);
    }
    return samples;
  } finally {
    await browser.close();
    server.stop();
  }
}

/** Least-squares slope of y against x (per unit of x). */
export function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}
