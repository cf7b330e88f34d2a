/**
 * Build the page (web/ with Vite) into web/dist when it is missing or older than
 * any of its sources. The server's command line calls `ensureWebBuild()` before
 * serving; `npm run build:web` forces a build, `npm run build` builds it when stale.
 */
import { existsSync } from 'node:fs';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const webDir = path.dirname(fileURLToPath(import.meta.url));
/** Where the built page goes. */
export const webDist = path.join(webDir, 'dist');

/** Files whose change makes the build stale: the page's sources and the wire module it imports. */
const sources = [
  path.join(webDir, 'index.html'),
  path.join(webDir, 'vite.config.ts'),
  path.join(webDir, 'src'),
  path.join(webDir, '..', 'src', 'server', 'wire.ts'),
  path.join(webDir, '..', 'src', 'server', 'exportFormats.ts'),
  path.join(webDir, '..', 'src', 'server', 'static', 'workerProtocol.ts'),
  path.join(webDir, '..', 'src', 'sim', 'session', 'vocabulary.ts'),
];

async function newestMtime(target: string): Promise<number> {
  const info = await stat(target);
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(target);
  const times = await Promise.all(entries.map((entry) => newestMtime(path.join(target, entry))));
  return Math.max(info.mtimeMs, ...times);
}

/** True when web/dist is missing or older than a source. */
export async function webBuildIsStale(): Promise<boolean> {
  const built = path.join(webDist, 'index.html');
  if (!existsSync(built)) return true;
  const [builtAt, ...sourceTimes] = await Promise.all([
    stat(built).then((s) => s.mtimeMs),
    ...sources.filter((s) => existsSync(s)).map(newestMtime),
  ]);
  return Math.max(...sourceTimes) > builtAt!;
}

/**
 * Build into a private folder, then swap it in, so a concurrent reader (or a
 * second builder) never sees a half-written dist.
 */
async function buildWeb(): Promise<void> {
  const { build } = await import('vite');
  // Inside node_modules: ignored by git and the linters, and on the same disk (rename works).
  const staging = path.join(
    webDir,
    '..',
    'node_modules',
    '.cache',
    `neocortex-web-${process.pid}-${Date.now()}`,
  );
  try {
    await build({
      configFile: path.join(webDir, 'vite.config.ts'),
      build: { outDir: staging, emptyOutDir: true },
    });
    await rm(webDist, { recursive: true, force: true });
    await rename(staging, webDist).catch((error: unknown) => {
      // Another process swapped its build in first: that one is just as fresh.
      if (!existsSync(path.join(webDist, 'index.html'))) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

let pending: Promise<string> | undefined;

/** Build web/dist if it is missing or stale (`force`: always); resolves to its path. */
export function ensureWebBuild(options: { force?: boolean } = {}): Promise<string> {
  pending ??= (async () => {
    if (options.force || (await webBuildIsStale())) await buildWeb();
    return webDist;
  })().finally(() => {
    pending = undefined;
  });
  return pending;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `--if-stale` (npm run build): keep a page that is newer than its sources.
  const dist = await ensureWebBuild({ force: !process.argv.includes('--if-stale') });
  console.warn(`page built into ${path.relative(process.cwd(), dist) || '.'}`);
}
