/**
 * Where the page's browser tests (test/e2e) and the page benchmark (bench soak)
 * find Chromium, in this order:
 *
 * 1. `NEOCORTEX_CHROMIUM` (or the older `CHROMIUM_PATH`): a Chromium or Chrome binary;
 * 2. Debian's package at `/usr/bin/chromium` (`apt-get install chromium`);
 * 3. the Chromium that playwright-core downloads, which `npm install` in the
 *    repository fetches when neither of the above is there (scripts/provisionBrowser.ts).
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** A Chromium binary and which rule found it. */
export interface FoundChromium {
  path: string;
  source: 'env' | 'debian' | 'playwright';
}

/** Debian's Chromium package installs its binary here. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** What to do when no browser is found, said exactly. */
export const chromiumMissingHelp =
  'No Chromium found for the page tests. Do one of: ' +
  '(a) on Debian or Ubuntu, `sudo apt-get install chromium` (gives /usr/bin/chromium); ' +
  '(b) `npx playwright-core install chromium` in the repository (about 170 MB, into ~/.cache/ms-playwright); ' +
  '(c) set NEOCORTEX_CHROMIUM to the path of a Chromium or Chrome binary.';

/** Where to look; the defaults are this process's env and the real paths. */
export interface ChromiumSearch {
  env?: NodeJS.ProcessEnv;
  debianPath?: string;
  playwrightPath?: string;
}

/** The env variable that names a browser, if set. */
function fromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const value = env.NEOCORTEX_CHROMIUM ?? env.CHROMIUM_PATH;
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The browser to use, or undefined when there is none. A browser named by the env
 * variable must exist: a wrong path is an error, not a silent fall-back.
 */
export function findChromium(search: ChromiumSearch = {}): FoundChromium | undefined {
  const named = fromEnv(search.env ?? process.env);
  if (named !== undefined) {
    if (!existsSync(named)) {
      throw new Error(
        `NEOCORTEX_CHROMIUM names ${named}, which does not exist. ${chromiumMissingHelp}`,
      );
    }
    return { path: named, source: 'env' };
  }
  const debian = search.debianPath ?? DEBIAN_CHROMIUM;
  if (existsSync(debian)) return { path: debian, source: 'debian' };
  const provisioned = search.playwrightPath ?? chromium.executablePath();
  if (provisioned !== '' && existsSync(provisioned))
    return { path: provisioned, source: 'playwright' };
  return undefined;
}

/** The browser to use; throws with {@link chromiumMissingHelp} when there is none. */
export function requireChromium(search: ChromiumSearch = {}): FoundChromium {
  const found = findChromium(search);
  if (found === undefined) throw new Error(chromiumMissingHelp);
  return found;
}
