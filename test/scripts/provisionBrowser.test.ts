/**
 * The browser provisioning of `npm install` (scripts/provisionBrowser.ts): with no
 * browser found, it finds playwright-core's command through the package's `bin`,
 * really starts `install chromium`, and reports how it ended without throwing. The
 * download is pointed at a closed port on the loopback so that it fails in seconds,
 * into an empty browsers folder so that nothing already downloaded satisfies it.
 */
import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { chromiumMissingHelp, type FoundChromium } from '../../scripts/chromium.ts';
import { describeRun, playwrightCli, provisionBrowser } from '../../scripts/provisionBrowser.ts';
import { useTempDir } from '../helpers/tempDir.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const tmp = useTempDir('provision');

/** An environment in which the real downloader fails fast: nothing listens on port 9. */
function failingDownloadEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PLAYWRIGHT_DOWNLOAD_HOST: 'http://127.0.0.1:9',
    PLAYWRIGHT_BROWSERS_PATH: join(tmp.path, 'browsers'),
    NEOCORTEX_SKIP_BROWSER_DOWNLOAD: '',
  };
}

describe("playwright-core's command", () => {
  it('is found through the bin of its package.json, the file node_modules/.bin links to', () => {
    const cli = playwrightCli();
    expect(cli).toBe(realpathSync(join(root, 'node_modules', '.bin', 'playwright-core')));
  });
});

describe('provisioning a browser for the page tests', () => {
  it('with none found, starts `playwright-core install chromium` and reports its failure', async () => {
    const warnings: string[] = [];
    let searches = 0;
    const outcome = provisionBrowser({
      find: () => {
        searches += 1;
        return undefined;
      },
      env: failingDownloadEnv(),
      stdio: 'pipe',
      timeoutMs: 120_000,
      warn: (message) => warnings.push(message),
    });

    expect(outcome.kind).toBe('failed');
    if (outcome.kind !== 'failed') return;
    const downloader = outcome.run!;
    expect(downloader.command).toBe(process.execPath);
    expect(downloader.args).toEqual([playwrightCli(), 'install', 'chromium']);
    // The real downloader ran: it tried the closed port for Chromium and said it failed.
    expect(downloader.output).toMatch(/Downloading .*chromium.* from http:\/\/127\.0\.0\.1:9\//);
    expect(downloader.output).toMatch(/Failed to install browsers/);
    expect(downloader.status).not.toBe(0);
    expect(downloader.status).not.toBeNull();
    expect(downloader.error).toBeUndefined();
    // A failed download is not searched again; the empty browsers folder got no browser.
    expect(searches).toBe(1);
    expect(await readdir(join(tmp.path, 'browsers')).catch(() => [])).not.toContain('chromium');

    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/no Chromium found .*downloading one/);
    expect(warnings[1]).toContain(describeRun(downloader));
    expect(warnings[1]).toContain(`exited with code ${downloader.status}`);
    expect(warnings[1]).toContain(chromiumMissingHelp);
  });

  it('reports a downloader that outlives its timeout as stopped, without throwing', () => {
    const warnings: string[] = [];
    const outcome = provisionBrowser({
      find: () => undefined,
      env: failingDownloadEnv(),
      cli: () => join(import.meta.dirname, 'fixtures', 'hangingDownloader.mjs'),
      stdio: 'pipe',
      timeoutMs: 500,
      warn: (message) => warnings.push(message),
    });
    expect(outcome).toMatchObject({ kind: 'failed', run: { status: null, signal: 'SIGTERM' } });
    expect(warnings.at(-1)).toMatch(/did not finish within 0.5 s and was stopped/);
  });

  it('starts nothing when a browser is found, or when the download is skipped', () => {
    const browser: FoundChromium = { path: '/usr/bin/chromium', source: 'debian' };
    const never = (): string => {
      throw new Error('the downloader must not be looked for');
    };
    expect(provisionBrowser({ find: () => browser, cli: never, warn: () => {} })).toEqual({
      kind: 'found',
      browser,
    });
    const warnings: string[] = [];
    const skipped = provisionBrowser({
      find: () => undefined,
      env: { NEOCORTEX_SKIP_BROWSER_DOWNLOAD: '1' },
      cli: never,
      warn: (message) => warnings.push(message),
    });
    expect(skipped).toEqual({ kind: 'skipped' });
    expect(warnings).toEqual([`neocortex-sim: browser download skipped. ${chromiumMissingHelp}`]);
  });

  it('turns a finder error into a warning and a failed outcome, with the help once', () => {
    const warnings: string[] = [];
    const outcome = provisionBrowser({
      find: () => {
        throw new Error(
          `NEOCORTEX_CHROMIUM names /nowhere, which does not exist. ${chromiumMissingHelp}`,
        );
      },
      warn: (message) => warnings.push(message),
    });
    expect(outcome.kind).toBe('failed');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.split(chromiumMissingHelp)).toHaveLength(2);
  });

  it('as the prepare script, reports a problem clearly and still exits 0', async () => {
    const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const { stderr } = await run(
      process.execPath,
      [tsx, join(root, 'scripts', 'provisionBrowser.ts')],
      {
        cwd: root,
        env: { ...failingDownloadEnv(), NEOCORTEX_CHROMIUM: '/nonexistent/neocortex-chromium' },
        timeout: 120_000,
      },
    );
    // The named browser is missing: the script says so and what to do, and does not fail.
    expect(stderr).toContain('NEOCORTEX_CHROMIUM names /nonexistent/neocortex-chromium');
    expect(stderr).toContain(chromiumMissingHelp);
  });
});
