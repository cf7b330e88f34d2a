/**
 * The setup every e2e page test shares: a real live server on a free port (127.0.0.1) with a
 * tiny session on synthetic data, the built page, and headless Chromium on it, collecting the
 * page's uncaught errors. `close` stops the browser and the server.
 */
import type { Page } from 'playwright-core';
import { initBackend } from '../../src/backend/index.ts';
import { startServer, type LiveServer } from '../../src/server/server.ts';
import { ensureWebBuild } from '../../web/build.ts';
import { tinyData, tinySpec } from '../sim/sessionFixture.ts';
import { launchChromium, type Browser } from './browser.ts';

/** A live page under test. */
export interface LivePage {
  server: LiveServer;
  browser: Browser;
  page: Page;
  /** Messages of the page's uncaught errors, as they happen. */
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * Start a server whose session is `tinySpec(session)`, open the page in Chromium with `token`,
 * at `viewport` (default 1366 x 768); `open: false` leaves the page blank for the test to load.
 */
export async function openLivePage(options: {
  token: string;
  session: Parameters<typeof tinySpec>[0];
  viewport?: { width: number; height: number };
  open?: boolean;
}): Promise<LivePage> {
  const [webRoot] = await Promise.all([ensureWebBuild(), initBackend('wasm')]);
  const server = await startServer({
    port: 0,
    token: options.token,
    logger: false,
    backend: 'wasm',
    webRoot,
    data: tinyData(),
    sessionSpec: tinySpec(options.session),
  });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.setViewportSize(options.viewport ?? { width: 1366, height: 768 });
    if (options.open !== false) await page.goto(`${server.url}?token=${options.token}`);
    const opened = browser;
    return {
      server,
      browser: opened,
      page,
      pageErrors,
      async close() {
        await opened.close();
        await server.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.close();
    throw error;
  }
}
