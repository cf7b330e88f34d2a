/**
 * Chromium driven by playwright-core, found as scripts/chromium.ts says (env
 * NEOCORTEX_CHROMIUM, Debian's /usr/bin/chromium, or the one `npm install`
 * downloaded). A fresh profile per run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { requireChromium } from '../../scripts/chromium.ts';

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  const executable = requireChromium().path;
  const profile = mkdtempSync(path.join(os.tmpdir(), 'neocortex-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: executable,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1440, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
