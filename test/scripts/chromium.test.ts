import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumMissingHelp, findChromium, requireChromium } from '../../scripts/chromium.ts';
import { useTempDir } from '../helpers/tempDir.ts';

const tmp = useTempDir('chromium');

/** Three real files standing in for the three places a browser can be. */
async function candidates(): Promise<{ named: string; debian: string; playwright: string }> {
  const paths = {
    named: join(tmp.path, 'named-chrome'),
    debian: join(tmp.path, 'debian-chromium'),
    playwright: join(tmp.path, 'playwright-chrome'),
  };
  await Promise.all(Object.values(paths).map((p) => writeFile(p, '')));
  return paths;
}

const nowhere = '/nonexistent/neocortex-chromium';

describe('finding Chromium for the page tests', () => {
  it('takes NEOCORTEX_CHROMIUM first, then Debian, then the playwright download', async () => {
    const c = await candidates();
    const all = { debianPath: c.debian, playwrightPath: c.playwright };
    expect(findChromium({ env: { NEOCORTEX_CHROMIUM: c.named }, ...all })).toEqual({
      path: c.named,
      source: 'env',
    });
    expect(findChromium({ env: { CHROMIUM_PATH: c.named }, ...all })?.source).toBe('env');
    expect(findChromium({ env: {}, ...all })).toEqual({ path: c.debian, source: 'debian' });
    expect(findChromium({ env: {}, debianPath: nowhere, playwrightPath: c.playwright })).toEqual({
      path: c.playwright,
      source: 'playwright',
    });
  });

  it('refuses a NEOCORTEX_CHROMIUM that does not exist, naming it', async () => {
    const c = await candidates();
    expect(() =>
      findChromium({ env: { NEOCORTEX_CHROMIUM: nowhere }, debianPath: c.debian }),
    ).toThrow(`NEOCORTEX_CHROMIUM names ${nowhere}, which does not exist`);
  });

  it('says exactly what to install when there is no browser', () => {
    const none = { env: {}, debianPath: nowhere, playwrightPath: nowhere };
    expect(findChromium(none)).toBeUndefined();
    expect(() => requireChromium(none)).toThrow(chromiumMissingHelp);
    expect(chromiumMissingHelp).toContain('apt-get install chromium');
    expect(chromiumMissingHelp).toContain('npx playwright-core install chromium');
    expect(chromiumMissingHelp).toContain('NEOCORTEX_CHROMIUM');
  });
});
