/**
 * Part of `npm install` in the repository (the `prepare` script): make sure the
 * page tests have a Chromium. When none is found (scripts/chromium.ts), ask
 * playwright-core's own command (`playwright-core install chromium`, the `bin` of
 * its package.json) to download one. A failed download (no internet, an
 * unsupported system) does not fail the install: it says how the downloader ended
 * and what to install instead, and the page tests say the same if they still find
 * no browser. `NEOCORTEX_SKIP_BROWSER_DOWNLOAD=1` skips the download.
 */
import { spawnSync, type StdioOptions } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromiumMissingHelp, findChromium, type FoundChromium } from './chromium.ts';

/** A download that has not finished by then is given up (it would only stall the install). */
export const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

/** The package whose command downloads the browser. */
const DOWNLOADER_PACKAGE = 'playwright-core';

/**
 * The file of playwright-core's command (its package.json `bin`), found through
 * `require.resolve('playwright-core/package.json')`: the package's `exports` expose
 * its package.json but not the command's file itself.
 */
export function playwrightCli(from: string = import.meta.url): string {
  const manifestPath = createRequire(from).resolve(`${DOWNLOADER_PACKAGE}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    bin?: string | Record<string, string>;
  };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[DOWNLOADER_PACKAGE];
  if (bin === undefined) {
    throw new Error(`${manifestPath} names no "${DOWNLOADER_PACKAGE}" command in its "bin"`);
  }
  const cli = resolve(dirname(manifestPath), bin);
  if (!existsSync(cli))
    throw new Error(`${manifestPath} names the command ${cli}, which is missing`);
  return cli;
}

/** How the downloader process ran. */
export interface DownloaderRun {
  /** The program started (this Node). */
  command: string;
  /** Its arguments: the command's file, then `install chromium`. */
  args: string[];
  /** Its exit code, or null when it was stopped by a signal or not started. */
  status: number | null;
  /** The signal that stopped it (the timeout's), if any. */
  signal: NodeJS.Signals | null;
  /** Its stdout and stderr, when they were piped rather than shown (`stdio: 'pipe'`). */
  output: string;
  /** Why it could not start or was stopped (spawn failure, timeout), if so. */
  error?: string;
}

/** What provisioning did. */
export type ProvisionOutcome =
  | { kind: 'found'; browser: FoundChromium }
  | { kind: 'skipped' }
  | { kind: 'downloaded'; browser: FoundChromium; run: DownloaderRun }
  | { kind: 'failed'; reason: string; run?: DownloaderRun };

/** What to search and how to run the downloader; the defaults are the real ones. */
export interface ProvisionOptions {
  /** Finds an installed browser (default {@link findChromium}). */
  find?: () => FoundChromium | undefined;
  /** The downloader's environment, also read for `NEOCORTEX_SKIP_BROWSER_DOWNLOAD`. */
  env?: NodeJS.ProcessEnv;
  /** The downloader's command file (default {@link playwrightCli}). */
  cli?: () => string;
  /** The downloader is stopped after this long (default {@link DOWNLOAD_TIMEOUT_MS}). */
  timeoutMs?: number;
  /** `inherit` shows the download's progress (the default); `pipe` keeps it in the run. */
  stdio?: 'inherit' | 'pipe';
  /** Where the messages go (default `console.warn`). */
  warn?: (message: string) => void;
}

/** One line on how a downloader run ended. */
export function describeRun(run: DownloaderRun): string {
  const what = `the download (${[run.command, ...run.args].join(' ')})`;
  if (run.error !== undefined) return `${what} failed: ${run.error}`;
  if (run.signal !== null) return `${what} was stopped by ${run.signal}`;
  return `${what} exited with code ${run.status}`;
}

/** Runs `node <cli> install chromium`, waiting for it (bounded by the timeout). */
function runDownloader(cli: string, options: ProvisionOptions): DownloaderRun {
  const timeoutMs = options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS;
  const stdio: StdioOptions = options.stdio ?? 'inherit';
  const args = [cli, 'install', 'chromium'];
  const result = spawnSync(process.execPath, args, {
    stdio,
    env: options.env ?? process.env,
    timeout: timeoutMs,
    encoding: 'utf8',
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  const run: DownloaderRun = {
    command: process.execPath,
    args,
    status: result.status,
    signal: result.signal,
    output,
  };
  if (result.error !== undefined) {
    const timedOut = (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
    run.error = timedOut
      ? `it did not finish within ${timeoutMs / 1000} s and was stopped`
      : result.error.message;
  }
  return run;
}

/**
 * Makes sure a Chromium is there for the page tests: returns at once when one is
 * found, else starts playwright-core's downloader and reports how it ended. Never
 * throws: a failure is returned (and warned about) so that `npm install` goes on.
 */
export function provisionBrowser(options: ProvisionOptions = {}): ProvisionOutcome {
  const find = options.find ?? (() => findChromium());
  const env = options.env ?? process.env;
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const fail = (reason: string, run?: DownloaderRun): ProvisionOutcome => {
    const help = reason.includes(chromiumMissingHelp) ? '' : ` ${chromiumMissingHelp}`;
    warn(`neocortex-sim: no browser for the page tests: ${reason.replace(/\.$/, '')}.${help}`);
    return run === undefined ? { kind: 'failed', reason } : { kind: 'failed', reason, run };
  };
  try {
    const found = find();
    if (found !== undefined) return { kind: 'found', browser: found };
    if (env.NEOCORTEX_SKIP_BROWSER_DOWNLOAD === '1') {
      warn(`neocortex-sim: browser download skipped. ${chromiumMissingHelp}`);
      return { kind: 'skipped' };
    }
    const cli = (options.cli ?? (() => playwrightCli()))();
    warn(
      `neocortex-sim: no Chromium found for the page tests; downloading one (${DOWNLOADER_PACKAGE} install chromium)...`,
    );
    const run = runDownloader(cli, { ...options, env });
    if (run.status !== 0) return fail(describeRun(run), run);
    const browser = find();
    if (browser === undefined) {
      return fail(`${describeRun(run)}, but no Chromium is found after it`, run);
    }
    warn(`neocortex-sim: Chromium for the page tests is at ${browser.path}`);
    return { kind: 'downloaded', browser, run };
  } catch (error) {
    return fail((error as Error).message);
  }
}

/** True when this file is the script node started (not imported by a test). */
function isMainModule(): boolean {
  const script = process.argv[1];
  return script !== undefined && import.meta.url === pathToFileURL(resolve(script)).href;
}

if (isMainModule()) provisionBrowser();
