/**
 * The page everyone can use (#23), end to end on one live server and one browser: axe-core
 * finds no WCAG 2.1 A/AA or best-practice violation in any mode, as teacher and as viewer; the
 * mode group is a radio group driven by arrow keys; the keyboard shortcuts and their dialog;
 * Tab reaches every control; reduced motion follows the system and the page's switch; 44 px
 * tap targets on a phone; no horizontal overflow from 390 to 1920 px; the captions of the
 * lesion, the clamps and occlusion; a control that does nothing in a mode is off with a reason;
 * "Clear" takes a drawn input back to the test set.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveServer } from '../../src/server/server.ts';
import { expectNoAxeViolations } from './axe.ts';
import type { Browser } from './browser.ts';
import { openLivePage, type LivePage } from './livePage.ts';

const TOKEN = 'a11y-token-0123456789';
const MODES = ['train', 'recognize', 'generate', 'settle'] as const;

const poll = <T>(read: () => T | Promise<T>) =>
  expect.poll(read, { timeout: 15_000, interval: 50 });

let live: LivePage | undefined;
let server: LiveServer;
let browser: Browser;
let page: Page;

async function setMode(mode: (typeof MODES)[number]): Promise<void> {
  await page.locator(`#modes [data-mode="${mode}"]`).click();
  await poll(() => server.session.state.mode).toBe(mode);
  await poll(() => page.locator(`#modes [data-mode="${mode}"]`).getAttribute('aria-checked')).toBe(
    'true',
  );
}

async function openViewer(options: { reducedMotion?: 'reduce' | 'no-preference' } = {}) {
  const viewer = await browser.context.newPage();
  if (options.reducedMotion !== undefined) {
    await viewer.emulateMedia({ reducedMotion: options.reducedMotion });
  }
  await viewer.setViewportSize({ width: 1366, height: 768 });
  await viewer.goto(server.url);
  await viewer.waitForFunction(() => Number(document.body.dataset.framesDrawn ?? 0) > 0);
  return viewer;
}

beforeAll(async () => {
  live = await openLivePage({
    token: TOKEN,
    session: { playing: true, speed: 30 },
    viewport: { width: 1366, height: 768 },
  });
  ({ server, browser, page } = live);
  await page.waitForFunction(() => Number(document.body.dataset.framesDrawn ?? 0) > 2);
  await page.waitForFunction(
    () => !(document.getElementById('play') as HTMLButtonElement).disabled,
  );
}, 120_000);

afterAll(async () => {
  await live?.close();
});

describe('axe-core', () => {
  it('finds no violation in any mode, for the teacher and for a viewer', async () => {
    const viewer = await openViewer();
    try {
      for (const mode of MODES) {
        await setMode(mode);
        // A few frames of the mode drawn, then the whole page checked.
        const drawn = Number(await page.evaluate(() => document.body.dataset.framesDrawn));
        await page.waitForFunction(
          (n) => Number(document.body.dataset.framesDrawn ?? 0) > n + 2,
          drawn,
        );
        // The teacher's and the viewer's pages are checked at once (each tab has its own
        // renderer process, so the two checks use both cores).
        await Promise.all([
          expectNoAxeViolations(page, { label: `teacher, ${mode}` }),
          (async () => {
            await poll(() => viewer.locator('#mode-indicator').textContent()).toBe(`mode: ${mode}`);
            await expectNoAxeViolations(viewer, { label: `viewer, ${mode}` });
          })(),
        ]);
      }
    } finally {
      await viewer.close();
    }
  }, 600_000);
});

describe('screen readers', () => {
  it('names every slider and reads the speed in units', async () => {
    const unnamed = await page.evaluate(
      () =>
        [...document.querySelectorAll('input')].filter(
          (i) => (i.labels?.length ?? 0) === 0 && !i.getAttribute('aria-label'),
        ).length,
    );
    expect(unnamed).toBe(0);
    const first = page.locator('#clamp-sliders input').first();
    expect(await first.getAttribute('aria-label')).toBe('unit 1 of the top area');
    await poll(() => page.locator('#speed').getAttribute('aria-valuetext')).toMatch(
      /^\d+(\.\d+)? ticks\/s$/,
    );
  });

  it('gives every canvas and chart a text alternative that follows the data', async () => {
    await setMode('recognize');
    const missing = await page.evaluate(() =>
      [...document.querySelectorAll('canvas, main svg')]
        .filter((e) => !e.closest('[role="img"], [aria-hidden="true"], .legend, button'))
        .filter((e) => !(e.getAttribute('role') === 'img' && e.getAttribute('aria-label')))
        .map((e) => e.id || e.className.toString()),
    );
    expect(missing).toEqual([]);
    await poll(() => page.locator('#class-probabilities').getAttribute('aria-label')).toMatch(
      /^Class probabilities: \S+ \d+%/,
    );
    await poll(() => page.locator('#latent-view').getAttribute('aria-label')).toMatch(
      /^Latent space: \d+ test images/,
    );
    await poll(() => page.locator('#prediction-image').getAttribute('aria-label')).toMatch(
      /^Prediction from the top down: \d+% of the pixels are ink\.$/,
    );
  });

  it('keeps live regions for meaningful changes only: the mode is announced, ticks are not', async () => {
    const live = await page.evaluate(() =>
      [...document.querySelectorAll('[aria-live], [role="status"], [role="alert"]')].map(
        (e) => e.id,
      ),
    );
    expect(live).not.toContain('tick');
    expect(await page.locator('.status[aria-live]').count()).toBe(0);
    expect(await page.locator('#free-energy-caption[aria-live]').count()).toBe(0);
    await setMode('generate');
    await poll(() => page.locator('#announcer').textContent()).toBe('Mode: generate.');
  });
});

describe('the keyboard', () => {
  it('moves and selects within the mode radio group with the arrow keys, Home and End', async () => {
    await setMode('train');
    const group = page.locator('#modes');
    expect(await group.getAttribute('role')).toBe('radiogroup');
    expect(await page.locator('#modes [aria-pressed]').count()).toBe(0);
    await poll(() => page.locator('#modes [tabindex="0"]').getAttribute('data-mode')).toBe('train');
    await page.locator('#modes [data-mode="train"]').focus();
    await page.keyboard.press('ArrowRight');
    await poll(() => server.session.state.mode).toBe('recognize');
    await poll(() => page.locator('#modes [aria-checked="true"]').getAttribute('data-mode')).toBe(
      'recognize',
    );
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-mode'))).toBe(
      'recognize',
    );
    await page.keyboard.press('End');
    await poll(() => server.session.state.mode).toBe('settle');
    await page.keyboard.press('ArrowRight'); // wraps
    await poll(() => server.session.state.mode).toBe('train');
    await page.keyboard.press('ArrowLeft');
    await poll(() => server.session.state.mode).toBe('settle');
    await page.keyboard.press('Home');
    await poll(() => server.session.state.mode).toBe('train');
    // Only the checked radio is in the tab order.
    await poll(() => page.locator('#modes [tabindex="0"]').count()).toBe(1);
  });

  it('runs the shortcuts, not while typing, and lists them in a "?" dialog', async () => {
    await page.locator('h1').click(); // focus out of any control
    const playing = server.session.state.playing;
    await page.keyboard.press('Space');
    await poll(() => server.session.state.playing).toBe(!playing);
    // The page sends play or pause from the state it has: wait until it has the new one.
    await poll(() => page.locator('#play').getAttribute('aria-pressed')).toBe(String(!playing));
    await page.keyboard.press('Space');
    await poll(() => server.session.state.playing).toBe(playing);
    await poll(() => page.locator('#play').getAttribute('aria-pressed')).toBe(String(playing));
    await page.keyboard.press('3');
    await poll(() => server.session.state.mode).toBe('generate');
    await page.keyboard.press('4');
    await poll(() => server.session.state.mode).toBe('settle');
    const serial = server.session.state.inputSource;
    expect(serial).toBe('dataset');
    await page.keyboard.press('l');
    await poll(() => server.session.state.feedbackLesioned).toBe(true);
    // L toggles from the state the page has: wait until it has the new one (as for Space; the
    // diagram's label follows the session's state, not the switch's own click).
    await poll(() => page.locator('#diagram').getAttribute('aria-label')).toMatch(
      /feedback lesioned/,
    );
    await page.keyboard.press('l');
    await poll(() => server.session.state.feedbackLesioned).toBe(false);
    // A shortcut letter typed into a text field is text, not a command.
    await page.evaluate(() => {
      const field = document.createElement('input');
      field.id = 'typing-probe';
      field.setAttribute('aria-label', 'probe');
      document.querySelector('main')!.append(field);
    });
    await page.locator('#typing-probe').focus();
    await page.keyboard.type('1l');
    expect(await page.locator('#typing-probe').inputValue()).toBe('1l');
    await page.waitForTimeout(300);
    expect(server.session.state.mode).toBe('settle');
    expect(server.session.state.feedbackLesioned).toBe(false);
    await page.evaluate(() => document.getElementById('typing-probe')?.remove());
    // "?" opens the list; Escape closes it.
    await page.locator('h1').click();
    await page.keyboard.press('Shift+Slash');
    await poll(() => page.locator('#shortcuts-dialog').isVisible()).toBe(true);
    expect(await page.locator('#shortcuts-dialog kbd').allTextContents()).toEqual(
      expect.arrayContaining(['Space', '1', '4', 'N', 'L', '?']),
    );
    await expectNoAxeViolations(page, { label: 'shortcuts dialog' });
    await page.keyboard.press('Escape');
    await poll(() => page.locator('#shortcuts-dialog').isVisible()).toBe(false);
    await setMode('train');
  });

  it('reaches every enabled control with Tab', async () => {
    const controls = await page.evaluate(() =>
      [
        ...document.querySelectorAll<HTMLElement>(
          'button:not([disabled]), input:not([disabled]), select:not([disabled]), a[href]',
        ),
      ]
        .filter((e) => e.getClientRects().length > 0 && !e.closest('dialog'))
        .filter((e) => e.getAttribute('role') !== 'radio' || e.getAttribute('tabindex') === '0')
        .map((e) => e.id || e.getAttribute('data-occlude') || e.getAttribute('aria-label') || ''),
    );
    expect(controls.length).toBeGreaterThan(15);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const reached = new Set<string>();
    for (let i = 0; i < controls.length + 40; i++) {
      await page.keyboard.press('Tab');
      reached.add(
        await page.evaluate(() => {
          const e = document.activeElement as HTMLElement | null;
          return e?.id || e?.getAttribute('data-occlude') || e?.getAttribute('aria-label') || '';
        }),
      );
    }
    expect(controls.filter((c) => !reached.has(c))).toEqual([]);
  });

  it('draws without a pointer: "Load a sample digit" feeds an image, and Clear goes back to the test set', async () => {
    await setMode('recognize');
    await page.locator('#draw-sample').click();
    await poll(() => server.session.state.inputSource).toBe('drawn');
    await poll(() => page.locator('#input-label').textContent()).toBe('(drawn)');
    await page.locator('#draw-clear').click();
    await poll(() => server.session.state.inputSource).toBe('dataset');
    await poll(() => page.locator('#input-label').textContent()).toMatch(/^\(a \w+\)$/);
  });
});

describe('semantics per mode', () => {
  it('turns off what does nothing in a mode and says why', async () => {
    await setMode('generate');
    await poll(() => page.locator('#next-input').isDisabled()).toBe(true);
    expect(await page.locator('#next-input').getAttribute('aria-describedby')).toBe(
      'next-input-reason',
    );
    expect(await page.locator('#next-input-reason').textContent()).toMatch(/no input/);
    expect(await page.locator('[data-occlude="bottom"]').isDisabled()).toBe(true);
    expect(await page.locator('#draw-feed').isDisabled()).toBe(true);
    expect(await page.locator('#draw-reason').isVisible()).toBe(true);
    expect(await page.locator('#clamp-release').isDisabled()).toBe(false);
    await setMode('settle');
    await poll(() => page.locator('#clamp-release').isDisabled()).toBe(true);
    expect(await page.locator('#clamp-sliders input').first().isDisabled()).toBe(true);
    expect(await page.locator('#clamp-reason').textContent()).toMatch(/clamps take no part/);
    expect(await page.locator('#next-input').isDisabled()).toBe(false);
    expect(await page.locator('#next-input').getAttribute('aria-describedby')).toBeNull();
    await setMode('recognize');
    await poll(() => page.locator('#clamp-release').isDisabled()).toBe(false);
    expect(await page.locator('#clamp-reason').isHidden()).toBe(true);
  });

  it('says what occlusion means in each mode', async () => {
    await setMode('recognize');
    await page.locator('[data-occlude="bottom"]').click();
    await poll(() => server.session.state.occlusion).not.toBeNull();
    await poll(() => page.locator('#occlusion-caption').textContent()).toMatch(
      /Recognize mode a hidden box is blank paper/,
    );
    await setMode('settle');
    await poll(() => page.locator('#occlusion-caption').textContent()).toMatch(
      /Settle mode a hidden box is unknown.*precision 0.*fills them in/,
    );
    await page.locator('[data-occlude="none"]').click();
    await poll(() => server.session.state.occlusion).toBeNull();
    await setMode('recognize');
  });

  it('captions the lesion and every clamp', async () => {
    expect(await page.locator('#lesion-caption').isHidden()).toBe(true);
    await page.locator('#lesion').check({ force: true });
    await poll(() => server.session.state.feedbackLesioned).toBe(true);
    await poll(() => page.locator('#lesion-caption').textContent()).toMatch(
      /Feedback is lesioned.*prediction is grey/,
    );
    await poll(() => page.locator('#diagram').getAttribute('aria-label')).toMatch(
      /feedback lesioned/,
    );
    await page.locator('#lesion').uncheck({ force: true });
    await poll(() => page.locator('#lesion-caption').isHidden()).toBe(true);

    expect(await page.locator('#clamp-summary').textContent()).toMatch(/No unit is clamped/);
    const slider = page.locator('#clamp-sliders input').first();
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await poll(() => server.session.state.clamp[0]).not.toBeNull();
    await poll(() => page.locator('#clamp-summary').textContent()).toMatch(
      /^Clamped: unit 1 at [+\u2212]\d\.\d\d; the other \d+ are free\./,
    );
    expect(await slider.getAttribute('aria-valuetext')).toMatch(/^clamped at [+\u2212]\d\.\d\d$/);
    await page.keyboard.press('Delete');
    await poll(() => server.session.state.clamp[0]).toBeNull();
    await poll(() => page.locator('#clamp-summary').textContent()).toMatch(/No unit is clamped/);
  });
});

describe('motion, touch and widths', () => {
  it('honours prefers-reduced-motion, and the page switch turns it off and on', async () => {
    const viewer = await openViewer({ reducedMotion: 'reduce' });
    try {
      expect(await viewer.evaluate(() => document.documentElement.dataset.motion)).toBe('reduced');
      expect(await viewer.locator('#reduce-motion').isChecked()).toBe(true);
      // Pulses stand still: sampled twice, a pulse is in the same place.
      await viewer.waitForSelector('circle.pulse', { timeout: 15_000 });
      expect(await viewer.locator('circle.pulse:not(.pulse-still)').count()).toBe(0);
      const duration = await viewer.evaluate(
        () => getComputedStyle(document.querySelector('.switch .track')!).transitionDuration,
      );
      expect(duration).toBe('0s');
      await viewer.locator('#reduce-motion').click({ force: true });
      expect(await viewer.evaluate(() => document.documentElement.dataset.motion)).toBe('full');
      await viewer.waitForSelector('circle.pulse:not(.pulse-still)', { timeout: 15_000 });
    } finally {
      await viewer.close();
    }
    const normal = await openViewer({ reducedMotion: 'no-preference' });
    try {
      expect(await normal.evaluate(() => document.documentElement.dataset.motion)).toBe('full');
    } finally {
      await normal.close();
    }
  });

  it('gives every control a 44 x 44 px tap target on a touch phone', async () => {
    const phone = await browser.context.browser()?.newContext({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
    });
    // A persistent context has no browser() to make contexts from: use a page of its own.
    const tab = phone === undefined ? await browser.context.newPage() : await phone.newPage();
    try {
      if (phone === undefined) {
        const cdp = await browser.context.newCDPSession(tab);
        await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
        await cdp.send('Emulation.setEmitTouchEventsForMouse', { enabled: true });
        await tab.setViewportSize({ width: 390, height: 844 });
      }
      await tab.goto(`${server.url}?token=${TOKEN}`);
      await tab.waitForFunction(() => Number(document.body.dataset.framesDrawn ?? 0) > 0);
      expect(await tab.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
      const small = await tab.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('button, input, select, [role="radio"]')]
          .filter((e) => e.getClientRects().length > 0 && !e.closest('dialog:not([open])'))
          .map((e) => {
            // A switch's or check's input is drawn by its label: the label is the target.
            const target =
              e instanceof HTMLInputElement && ['checkbox', 'radio'].includes(e.type)
                ? (e.closest('label') ?? e)
                : e;
            const box = target.getBoundingClientRect();
            return { id: e.id || e.textContent?.trim() || e.outerHTML.slice(0, 60), box };
          })
          .filter(({ box }) => box.width < 44 || box.height < 44)
          .map(({ id, box }) => `${id}: ${Math.round(box.width)}x${Math.round(box.height)}`),
      );
      expect(small).toEqual([]);
    } finally {
      await tab.close();
      await phone?.close();
    }
  });

  it('never scrolls sideways from 390 to 1920 px wide', async () => {
    const tab = await browser.context.newPage();
    try {
      await tab.goto(`${server.url}?token=${TOKEN}`);
      await tab.waitForFunction(() => Number(document.body.dataset.framesDrawn ?? 0) > 0);
      for (const width of [390, 1024, 1280, 1440, 1920]) {
        await tab.setViewportSize({ width, height: 900 });
        await tab.waitForTimeout(200);
        const { scroll, client } = await tab.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          client: document.documentElement.clientWidth,
        }));
        expect(scroll, `at ${width} px wide`).toBeLessThanOrEqual(client);
      }
    } finally {
      await tab.close();
    }
  });
});
