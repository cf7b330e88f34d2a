/**
 * `npm run build:static`: the live cortex as a static site in dist/static/ (docs/static-site.md),
 * served by any static file host, with no server of ours. It holds:
 *
 * - the page (web/index.html + web/src, built by Vite as for `serve`), marked as the static
 *   site (`<meta name="neocortex-site" content="static">`), so it talks to a Web Worker instead
 *   of a socket (web/src/workerConnection.ts);
 * - `session-worker.js`: src/server/static/sessionWorker.ts bundled by esbuild for the browser,
 *   the same session, models, lessons and control code `serve` runs. Node's built-in modules
 *   are replaced: a few by the small browser versions in web/static/shims (what the shared code
 *   calls there: SHA-256, CRC-32, path helpers, the package manifest, `process.env`, `Buffer`,
 *   `setImmediate`, and pino's destination, the console),
 *   every other one by stubs that throw when called (the worker reads no file: it fetches its
 *   bytes and hands them to the session);
 * - `wasm/`: the tfjs wasm backend's binaries;
 * - `data/`: the embedded MNIST split in the data cache format, gzipped, and the built-in
 *   lessons as JSON; `trained/`: the trained start (trained/mnist-default/<slot>/checkpoint.bin);
 * - `sw.js`: the service worker that keeps the site for offline use (web/static/serviceWorker.ts).
 *
 * `--if-stale` keeps a site newer than every source. The site is built into a private folder
 * beside its place, then swapped in.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Plugin as EsbuildPlugin } from 'esbuild';
import { loadMnist } from '../src/data/mnist.ts';
import { encodeMnistCache } from '../src/data/mnistCache.ts';
import { mnistDigitsDir, mnistFingerprint, MNIST_SIDE } from '../src/data/mnistJson.ts';
import { SHIPPED_TRAINED_DIR } from '../src/cli/trainedStart.ts';
import { loadLessonCatalogue } from '../src/sim/lessons/index.ts';
import {
  SERVICE_WORKER_FILE,
  SESSION_WORKER_FILE,
  SITE_FILES,
} from '../src/server/static/workerProtocol.ts';

const webDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(webDir, '..');
/** Where the static site goes. */
export const staticDist = path.join(root, 'dist', 'static');
const shims = path.join(webDir, 'static', 'shims');
/** The Node modules that have a browser version in web/static/shims. */
const SHIMMED: Record<string, string> = {
  crypto: 'crypto.ts',
  zlib: 'zlib.ts',
  module: 'module.ts',
  path: 'path.ts',
};
const require = createRequire(import.meta.url);

/** Files whose change makes the site stale. */
const sources = [
  path.join(webDir, 'index.html'),
  path.join(webDir, 'vite.config.ts'),
  path.join(webDir, 'buildStatic.ts'),
  path.join(webDir, 'src'),
  path.join(webDir, 'static'),
  path.join(root, 'src'),
  path.join(root, 'lessons'),
  SHIPPED_TRAINED_DIR,
];

async function newestMtime(target: string): Promise<number> {
  const info = await stat(target);
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(target);
  const times = await Promise.all(entries.map((entry) => newestMtime(path.join(target, entry))));
  return Math.max(info.mtimeMs, ...times);
}

/** True when dist/static is missing or older than a source. */
export async function staticBuildIsStale(): Promise<boolean> {
  const built = path.join(staticDist, SESSION_WORKER_FILE);
  if (!existsSync(built) || !existsSync(path.join(staticDist, 'index.html'))) return true;
  const builtAt = (await stat(built)).mtimeMs;
  const times = await Promise.all(sources.filter((s) => existsSync(s)).map(newestMtime));
  return Math.max(...times) > builtAt;
}

/** Node's built-ins in the worker bundle: a shim from web/static/shims, or throwing stubs. */
function nodeBuiltins(stubbed: Set<string>): EsbuildPlugin {
  const builtins = new Set(builtinModules);
  return {
    name: 'node-builtins',
    setup(build) {
      // The shared logger's pino writes to a file descriptor: in the browser, to the console.
      build.onResolve({ filter: /^pino$/ }, () => ({ path: path.join(shims, 'pino.ts') }));
      build.onResolve({ filter: /^[a-z_/]+$|^node:/ }, (args) => {
        const name = args.path.replace(/^node:/, '');
        if (!builtins.has(name)) return undefined;
        if (SHIMMED[name] === undefined) stubbed.add(name);
        return { path: name, namespace: 'node-builtin' };
      });
      build.onLoad({ filter: /.*/, namespace: 'node-builtin' }, async (args) => {
        const shim = SHIMMED[args.path];
        const shimFile = shim === undefined ? undefined : path.join(shims, shim);
        const shimmed = new Set(
          shimFile === undefined ? [] : Object.keys(await import(pathToFileURL(shimFile).href)),
        );
        // Every other export the real module has: a function that throws when called.
        const names = Object.keys(require(args.path) as object).filter(
          (n) => /^[A-Za-z_$][\w$]*$/.test(n) && !shimmed.has(n) && n !== 'default',
        );
        const lines = [
          `const fail = (name) => function unavailable() { throw new Error('not in the browser: ' + name + ' (a Node module; the static site reads no files)'); };`,
          ...names.map((n) => `export const ${n} = fail(${JSON.stringify(`${args.path}.${n}`)});`),
        ];
        if (shimFile === undefined) lines.push(`export default { ${names.join(', ')} };`);
        else {
          lines.push(
            `import * as shim from ${JSON.stringify(shimFile)};`,
            `export * from ${JSON.stringify(shimFile)};`,
            `export default { ${names.join(', ')}, ...shim };`,
          );
        }
        return { contents: lines.join('\n'), loader: 'js', resolveDir: shims };
      });
    },
  };
}

async function buildWorker(outDir: string): Promise<string[]> {
  const { build } = await import('esbuild');
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const stubbed = new Set<string>();
  await build({
    entryPoints: [path.join(root, 'src', 'server', 'static', 'sessionWorker.ts')],
    outfile: path.join(outDir, SESSION_WORKER_FILE),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    inject: ['process.ts', 'buffer.ts', 'immediate.ts'].map((file) => path.join(shims, file)),
    define: {
      __NEOCORTEX_PACKAGE__: JSON.stringify({ name: pkg.name, version: pkg.version }),
      'process.env.NODE_ENV': '"production"',
    },
    plugins: [nodeBuiltins(stubbed)],
  });
  return [...stubbed].sort();
}

async function buildPage(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: path.join(webDir, 'vite.config.ts'),
    build: { outDir, emptyOutDir: true },
    plugins: [
      {
        name: 'neocortex-static-site',
        transformIndexHtml: (html: string) =>
          html.replace('<head>', '<head>\n    <meta name="neocortex-site" content="static" />'),
      },
    ],
  });
}

async function writeData(outDir: string): Promise<void> {
  await mkdir(path.join(outDir, 'data'), { recursive: true });
  await mkdir(path.join(outDir, 'trained'), { recursive: true });
  await mkdir(path.join(outDir, SITE_FILES.wasm), { recursive: true });
  const digitsDir = mnistDigitsDir();
  const split = await loadMnist({ digitsDir });
  const cache = encodeMnistCache({
    fingerprint: await mnistFingerprint(digitsDir),
    height: MNIST_SIDE,
    width: MNIST_SIDE,
    train: split.train,
    test: split.test,
  });
  await writeFile(path.join(outDir, SITE_FILES.mnist), gzipSync(cache, { level: 9 }));
  const lessons = await loadLessonCatalogue();
  const shipped = lessons.map(({ lesson, source }) => ({
    lesson,
    file: `lessons/${lesson.id}.json`,
    source,
  }));
  await writeFile(path.join(outDir, SITE_FILES.lessons), JSON.stringify(shipped));
  for (const slot of ['generative', 'classifier'] as const) {
    await copyFile(
      path.join(SHIPPED_TRAINED_DIR, slot, 'checkpoint.bin'),
      path.join(outDir, SITE_FILES.trained[slot]),
    );
  }
  // SIMD and plain; the threaded build needs cross-origin isolation, which a plain host lacks.
  const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  for (const file of await readdir(wasmDir)) {
    if (file.endsWith('.wasm') && !file.includes('threaded')) {
      await copyFile(path.join(wasmDir, file), path.join(outDir, SITE_FILES.wasm, file));
    }
  }
}

/** Every file of the site under `dir`, as relative addresses (`assets/index-….js`). */
async function siteFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const file = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await siteFiles(dir, file)));
    else out.push(file);
  }
  return out.sort();
}

/**
 * `sw.js`, the offline cache (web/static/serviceWorker.ts), with the site's files and a version
 * made from their contents written in; built last, over the finished site.
 */
async function buildServiceWorker(outDir: string): Promise<void> {
  const { build } = await import('esbuild');
  const files = (await siteFiles(outDir)).filter((file) => file !== SERVICE_WORKER_FILE);
  const hash = createHash('sha256');
  for (const file of files) hash.update(file).update(await readFile(path.join(outDir, file)));
  await build({
    entryPoints: [path.join(webDir, 'static', 'serviceWorker.ts')],
    outfile: path.join(outDir, SERVICE_WORKER_FILE),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    logLevel: 'warning',
    define: {
      // './' is the page itself, as a visitor asks for it.
      __SITE_FILES__: JSON.stringify(['./', ...files]),
      __SITE_VERSION__: JSON.stringify(hash.digest('hex').slice(0, 16)),
    },
  });
}

/**
 * Build the site into `target` (replacing what is there): built beside it in a private folder,
 * then swapped in, so a reader never sees half a site. Resolves to `target`.
 */
export async function buildStaticSite(target: string): Promise<string> {
  await mkdir(path.dirname(target), { recursive: true });
  const staging = `${target}.building-${process.pid}-${Date.now()}`;
  try {
    await buildPage(staging);
    const stubbed = await buildWorker(staging);
    await writeData(staging);
    await buildServiceWorker(staging);
    await rm(target, { recursive: true, force: true });
    await rename(staging, target).catch((error: unknown) => {
      // Another build swapped its site in first: that one is just as fresh.
      if (!existsSync(path.join(target, SESSION_WORKER_FILE))) throw error;
    });
    process.stderr.write(
      `static site: Node modules stubbed in the worker: ${stubbed.join(', ')}\n`,
    );
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return target;
}

let pending: Promise<string> | undefined;

/** Build dist/static if it is missing or stale (`force`: always); resolves to its path. */
export function ensureStaticBuild(options: { force?: boolean } = {}): Promise<string> {
  pending ??= (async () => {
    if (!options.force && !(await staticBuildIsStale())) return staticDist;
    return buildStaticSite(staticDist);
  })().finally(() => {
    pending = undefined;
  });
  return pending;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dist = await ensureStaticBuild({ force: !process.argv.includes('--if-stale') });
  process.stderr.write(`static site built into ${path.relative(process.cwd(), dist) || '.'}\n`);
}
