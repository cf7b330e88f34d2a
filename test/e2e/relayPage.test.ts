/**
 * The page through a relay, in Chromium: a live server publishing to a real Redis, a relay
 * serving the built page from it. The page shows the simulation's frames (the tick moves),
 * a teacher's control through the relay reaches the simulation, and a page past the relay's
 * bound on viewers says why it cannot connect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { startRelay, type Relay } from '../../src/server/relay/relayServer.ts';
import { startServer, type LiveServer } from '../../src/server/server.ts';
import { ensureWebBuild } from '../../web/build.ts';
import { startRedis, type TestRedis } from '../helpers/redisServer.ts';
import { tinyData, tinySpec } from '../sim/sessionFixture.ts';
import { launchChromium, type Browser } from './browser.ts';

const TOKEN = 'relay-page-token-0123';
let redis: TestRedis;
let server: LiveServer;
let relay: Relay;
let browser: Browser;

beforeAll(async () => {
  const [webRoot] = await Promise.all([ensureWebBuild(), initBackend('wasm')]);
  redis = await startRedis();
  server = await startServer({
    port: 0,
    token: TOKEN,
    logger: false,
    backend: 'wasm',
    data: tinyData(),
    sessionSpec: tinySpec({ playing: true, speed: 30, mode: 'recognize' }),
    redis: { url: redis.url },
  });
  relay = await startRelay({
    redis: redis.url,
    port: 0,
    webRoot,
    viewerLimits: { perProcess: 1, perAddress: 1 },
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await relay?.close();
  await server?.close();
  await redis?.stop();
});

describe('the page through a relay', () => {
  it("shows the simulation, passes the teacher's control, and says why a page past the bound waits", async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${relay.url}?token=${TOKEN}`);
    await page.waitForFunction(() => Number(document.body.dataset.tick ?? 0) > 0);
    const first = Number(await page.evaluate(() => document.body.dataset.tick));
    await page.waitForFunction((t) => Number(document.body.dataset.tick ?? 0) > t + 5, first);
    // A relay keeps no recording: the page offers no download of the last minutes.
    expect(await page.getByText('Download recording').count()).toBe(0);
    // A control through the relay: the simulation pauses.
    await page.keyboard.press('Space');
    await expect.poll(() => server.session.state.playing, { timeout: 15_000 }).toBe(false);

    // The relay serves one viewer: a second page is refused and says so.
    const second = await browser.context.newPage();
    second.on('pageerror', (error) => errors.push(error.message));
    await second.goto(relay.url);
    await expect
      .poll(() => second.locator('#connection').textContent(), { timeout: 15_000 })
      .toMatch(/this server is full \(1 viewer at most\)/);
    expect(errors).toEqual([]);
  });
});
