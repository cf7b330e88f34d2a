/**
 * A built-in lesson from start to end in Chromium: the teacher (with the token) chooses it,
 * starts it and moves through every step with the buttons and PageDown / PageUp, while a
 * second page, a viewer, shows the same step and caption with no buttons; the panels the step
 * does not name are hidden on both; a step naming a panel this session cannot fill says so;
 * the input picker shows a class and stays on it; axe-core finds nothing on the lesson bar and
 * the picker. One tiny server, one browser, two tabs. E2E_SCREENSHOTS=DIR keeps screenshots.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { startServer, type LiveServer } from '../../src/server/server.ts';
import { loadLessonCatalogue, type Lesson } from '../../src/sim/lessons/index.ts';
import { ensureWebBuild } from '../../web/build.ts';
import { tinyData, tinySpec } from '../sim/sessionFixture.ts';
import { expectNoAxeViolations } from './axe.ts';
import { launchChromium, type Browser } from './browser.ts';

const TOKEN = 'lesson-token-0123456789';
const shots = process.env.E2E_SCREENSHOTS;
const poll = <T>(read: () => T | Promise<T>, timeout = 15_000) =>
  expect.poll(read, { timeout, interval: 50 });

let server: LiveServer;
let browser: Browser;
let teacher: Page;
let viewer: Page;
let settling: Lesson;
const pageErrors: string[] = [];

async function screenshot(page: Page, name: string): Promise<void> {
  if (shots === undefined) return;
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

/** What a page shows of the lesson: progress, caption, question, hidden panels, buttons. */
function shown(page: Page) {
  return page.evaluate(() => {
    const text = (id: string) => document.getElementById(id)?.textContent ?? '';
    return {
      bar: !(document.getElementById('lesson-bar') as HTMLElement).hidden,
      progress: text('lesson-progress'),
      caption: text('lesson-caption'),
      question: text('lesson-question'),
      panels: document.body.dataset.lessonPanels ?? null,
      hidden: [...document.querySelectorAll<HTMLElement>('main section.panel')]
        .filter((s) => s.hidden)
        .map((s) => s.id)
        .sort(),
      buttons: document.querySelectorAll('#lesson-next, #lesson-back').length,
    };
  });
}

beforeAll(async () => {
  const [webRoot] = await Promise.all([ensureWebBuild(), initBackend('wasm')]);
  settling = (await loadLessonCatalogue()).find((l) => l.lesson.id === 'settling')!.lesson;
  server = await startServer({
    port: 0,
    token: TOKEN,
    logger: false,
    backend: 'wasm',
    webRoot,
    data: tinyData(),
    sessionSpec: tinySpec({ playing: true, speed: 30, settleIterations: 8 }),
  });
  browser = await launchChromium();
  const open = async (url: string): Promise<Page> => {
    const page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(url);
    await page.waitForFunction(() => Number(document.body.dataset.framesDrawn ?? 0) > 2, null, {
      timeout: 30_000,
    });
    return page;
  };
  teacher = await open(`${server.url}?token=${TOKEN}`);
  viewer = await open(server.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a lesson on the page', () => {
  it('offers the lessons to the teacher only, with nothing hidden before one starts', async () => {
    expect(await shown(teacher)).toMatchObject({ bar: true, panels: null, buttons: 2 });
    expect(await shown(viewer)).toMatchObject({ bar: false, panels: null, buttons: 0 });
    const options = await teacher.locator('#lesson-choice option').allTextContents();
    expect(options).toContain('Prediction errors and settling (4 steps)');
    expect(await teacher.locator('#lesson-start').isDisabled()).toBe(true);
  });

  it('runs "settling" from start to end: the viewer shows the same step and caption', async () => {
    await teacher.getByLabel('Lesson', { exact: true }).selectOption('settling');
    await teacher.locator('#lesson-start').click();
    const count = settling.steps.length;
    for (let index = 0; index < count; index++) {
      const step = settling.steps[index]!;
      const expected = {
        bar: true,
        progress: `Step ${index + 1} of ${count}`,
        caption: step.caption,
        question: `Ask the class: ${step.question}`,
        panels: step.panels!.join(' '),
      };
      await poll(() => shown(teacher)).toMatchObject(expected);
      await poll(() => shown(viewer)).toMatchObject({ ...expected, buttons: 0 });
      const { hidden } = await shown(viewer);
      for (const panel of ['compare', 'latent', 'curves', 'draw', 'clamp']) {
        expect(hidden.includes(`panel-${panel}`)).toBe(!step.panels!.includes(panel as never));
      }
      if (step.mode !== undefined) expect(server.session.state.mode).toBe(step.mode);
      if (step.settleSpeed !== undefined) {
        expect(server.session.state.settleSpeed).toBe(step.settleSpeed);
      }
      if (index === 0) {
        await screenshot(teacher, 'lesson-teacher');
        await screenshot(viewer, 'lesson-viewer');
        expect(await teacher.locator('#lesson-back').isDisabled()).toBe(true);
      }
      if (index + 1 === count) break;
      // Every other step by the keyboard, as a presentation clicker sends it.
      if (index % 2 === 0) await teacher.locator('#lesson-next').click();
      else await teacher.keyboard.press('PageDown');
    }
    expect(await teacher.locator('#lesson-next').isDisabled()).toBe(true);
    await teacher.keyboard.press('PageUp');
    await poll(() => shown(viewer)).toMatchObject({ progress: `Step ${count - 1} of ${count}` });
    expect(server.lessons.current.current?.index).toBe(count - 2);
  });

  it('has no axe violations on the whole page during a lesson step, teacher and viewer', async () => {
    await expectNoAxeViolations(teacher, { label: 'a lesson step' });
    await expectNoAxeViolations(viewer, { label: 'a viewer’s lesson step' });
  });

  it('says on the page what this session cannot show, and stopping shows every panel again', async () => {
    await teacher.getByLabel('Lesson', { exact: true }).selectOption('local-learning');
    await teacher.locator('#lesson-start').click();
    for (const page of [teacher, viewer]) {
      await poll(() => page.locator('#lesson-notes').textContent()).toMatch(
        /no model that learns locally/,
      );
      await poll(() => shown(page)).toMatchObject({ panels: 'diagram' });
    }
    await screenshot(viewer, 'lesson-note');
    await teacher.locator('#lesson-start').click(); // "Stop lesson"
    for (const page of [teacher, viewer]) {
      await poll(() => shown(page)).toMatchObject({ panels: null });
      // The local-learning panel stays hidden: this session has no local learner.
      expect((await shown(page)).hidden).toEqual(['panel-local']);
    }
    expect((await shown(viewer)).bar).toBe(false);
  });

  it('picks a class with the input picker and stays on it', async () => {
    await teacher.getByRole('button', { name: 'Show a test image of C' }).click();
    await poll(() => server.session.latestFrame?.label).toBe(2);
    const stay = teacher.getByRole('switch', { name: 'Stay on this input' });
    await teacher.getByText('Stay on this input', { exact: true }).click();
    await poll(() => stay.isChecked()).toBe(true);
    await poll(() => server.session.state.inputHeld).toBe(true);
    const image = server.session.testImage;
    await teacher.getByRole('button', { name: 'Show the previous test image' }).click();
    await poll(() => server.session.testImage).not.toBe(image);
    expect(pageErrors).toEqual([]);
  });
});
