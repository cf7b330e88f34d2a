/**
 * Part of `npm install` in the repository (the `prepare` script): make sure the
 * page tests have a Chromium. When none is found (scripts/chromium.ts), ask
 * playwright-core to download its own. A failed download (no internet, an
 * unsupported system) does not fail the install: it prints what to install
 * instead, and the page tests say the same if they still find no browser.
 * `NEOCORTEX_SKIP_BROWSER_DOWNLOAD=1` skips the download.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { chromiumMissingHelp, findChromium } from './chromium.ts';

/** A download that has not finished by then is given up (it would only stall the install). */
const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

function provision(): void {
  const found = findChromium();
  if (found !== undefined) return;
  if (process.env.NEOCORTEX_SKIP_BROWSER_DOWNLOAD === '1') {
    console.warn(`neocortex-sim: browser download skipped. ${chromiumMissingHelp}`);
    return;
  }
  console.warn(
    'neocortex-sim: no Chromium found for the page tests; downloading one (playwright-core)...',
  );
  const cli = createRequire(import.meta.url).resolve('playwright-core/cli.js');
  const result = spawnSync(process.execPath, [cli, 'install', 'chromium'], {
    stdio: 'inherit',
    timeout: DOWNLOAD_TIMEOUT_MS,
  });
  if (result.status !== 0 || findChromium() === undefined) {
    console.warn(`neocortex-sim: the browser download did not work. ${chromiumMissingHelp}`);
  }
}

try {
  provision();
} catch (error) {
  console.warn(`neocortex-sim: ${(error as Error).message}`);
}
