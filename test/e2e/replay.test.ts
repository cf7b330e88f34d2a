/**
 * Record, then replay in the browser: a live server records a tiny session (`record`), then
 * `neocortex replay`'s server serves the page over the file. The page shows the timeline; it
 * plays (the tick shown moves through the recorded ticks), pauses (it stays), scrubs with the
 * keyboard (the tick shown jumps to the recording's end and back), changes speed, shows the
 * recorded input pixels, and axe finds no violations. One server each, one browser.
 * E2E_SCREENSHOTS=DIR keeps screenshots.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { decodeRecord, readRecording, type Recording } from '../../src/server/recording/reader.ts';
import { startReplayServer, type ReplayServer } from '../../src/server/recording/replayServer.ts';
import { startServer } from '../../src/server/server.ts';
import { decodeFrame, type Frame } from '../../src/server/wire.ts';
import { ensureWebBuild } from '../../web/build.ts';
import { tinyData, tinySpec } from '../sim/sessionFixture.ts';
import { expectNoAxeViolations } from './axe.ts';
import { launchChromium, type Browser } from './browser.ts';

const TOKEN = 'replay-token-0123456789';
const shots = process.env.E2E_SCREENSHOTS;
const poll = <T>(read: () => T | Promise<T>, timeout = 15_000) =>
  expect.poll(read, { timeout, interval: 40 });

let recording: Recording;
let frames: Frame[];
let replay: ReplayServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const tickShown = () => page.evaluate(() => Number(document.body.dataset.tick ?? -1));
const playing = () => page.evaluate(() => document.body.dataset.replayPlaying);

beforeAll(async () => {
  const [webRoot] = await Promise.all([ensureWebBuild(), initBackend('wasm')]);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'neocortex-replay-e2e-')), 'lesson.ncrec');
  const live = await startServer({
    port: 0,
    token: TOKEN,
    logger: false,
    backend: 'wasm',
    data: tinyData(),
    frameRate: 20,
    sessionSpec: tinySpec({ playing: true, speed: 40, training: 'inline' }),
    record: { path: file, maxBytes: 32 * 1024 ** 2 },
  });
  // About three seconds of a training session.
  const deadline = Date.now() + 60_000;
  while (live.recording!.file!.stats().frames < 60 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await live.close();
  recording = await readRecording(file);
  frames = recording.records
    .map(decodeRecord)
    .flatMap((item) => (item.kind === 'frame' ? [decodeFrame(item.frame)] : []));
  replay = await startReplayServer({
    recording,
    file,
    port: 0,
    token: TOKEN,
    webRoot,
    playing: false,
  });
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${replay.url}?token=${TOKEN}`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await replay?.close();
});

async function screenshot(name: string): Promise<void> {
  if (shots === undefined) return;
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

describe('the replay page', () => {
  it('shows the timeline, named and with its value in words, and the first frame', async () => {
    const timeline = page.getByRole('region', { name: 'Replay timeline' });
    await timeline.waitFor();
    const slider = page.getByRole('slider', { name: 'Position in the recording' });
    const duration = Math.floor(recording.durationMs / 1000);
    await poll(() => slider.getAttribute('aria-valuetext')).toBe(`0:00 of 0:0${duration}`);
    await expect(page.getByRole('button', { name: 'Play the replay' }).isEnabled()).resolves.toBe(
      true,
    );
    await poll(tickShown).toBe(frames[0]!.tick);
    // The live controls are off: a recording is fixed.
    await expect(page.locator('#play').isDisabled()).resolves.toBe(true);
  });

  it('plays through the recorded frames, then pauses where it is', async () => {
    const recorded = new Set(frames.map((f) => f.tick));
    await page.getByRole('button', { name: 'Play the replay' }).click();
    await poll(playing).toBe('true');
    const seen: number[] = [];
    await poll(async () => {
      seen.push(await tickShown());
      return new Set(seen).size;
    }).toBeGreaterThanOrEqual(5);
    // Every tick shown is one that was recorded, in order.
    expect(seen.every((tick) => recorded.has(tick))).toBe(true);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    await page.getByRole('button', { name: 'Pause the replay' }).click();
    await poll(playing).toBe('false');
    // Frames already on their way when the pause landed may still arrive (a loaded machine):
    // wait until the tick shown holds for 300 ms (it never does while playing), then it stays.
    let paused = await tickShown();
    await poll(async () => {
      const before = paused;
      await page.waitForTimeout(300);
      paused = await tickShown();
      return paused === before;
    }).toBe(true);
    await page.waitForTimeout(1000);
    expect(await tickShown()).toBe(paused);
    await screenshot('replay-1440x900');
  });

  it('shows the recorded prediction pixels of the frame it shows', async () => {
    const tick = await tickShown();
    const frame = frames.find((f) => f.tick === tick)!;
    const pixels = await page.evaluate(() => {
      const canvas = document.getElementById('prediction-image') as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, 28, 28).data;
      return Array.from(data);
    });
    // The picture is a function of the recorded bytes: equal bytes, equal colours.
    const colourOf = new Map<number, string>();
    for (let i = 0; i < 784; i += 1) {
      const colour = pixels.slice(i * 4, i * 4 + 4).join(',');
      const value = frame.prediction[i]!;
      expect(colourOf.get(value) ?? colour, `pixel ${i}`).toBe(colour);
      colourOf.set(value, colour);
    }
    expect(colourOf.size).toBeGreaterThan(5);
    expect(new Set(colourOf.values()).size).toBeGreaterThan(colourOf.size / 2);
  });

  it('scrubs with the keyboard: the tick shown jumps to the end and back', async () => {
    const slider = page.getByRole('slider', { name: 'Position in the recording' });
    await slider.focus();
    await page.keyboard.press('End');
    await poll(tickShown).toBe(frames.at(-1)!.tick);
    await poll(() => replay.player.timeline().positionMs).toBe(recording.durationMs);
    const end = Math.floor(recording.durationMs / 1000);
    await poll(() => slider.getAttribute('aria-valuetext')).toBe(`0:0${end} of 0:0${end}`);
    await page.keyboard.press('Home');
    await poll(tickShown).toBe(frames[0]!.tick);
    await poll(() => replay.player.timeline().positionMs).toBe(0);
  });

  it('changes speed from the speed list, for every viewer', async () => {
    await page.getByRole('combobox', { name: 'Replay speed' }).selectOption('4');
    await poll(() => replay.player.timeline().speed).toBe(4);
    await poll(() => page.evaluate(() => document.body.dataset.replaySpeed)).toBe('4');
    await page.getByRole('button', { name: 'Play the replay' }).click();
    // At 4x the three seconds are over in well under two.
    await poll(playing, 5000).toBe('false');
    await poll(tickShown).toBe(frames.at(-1)!.tick);
  });

  it('has no axe violations, and no page errors', async () => {
    await expectNoAxeViolations(page, { label: 'replay page' });
    expect(pageErrors).toEqual([]);
  });
});
