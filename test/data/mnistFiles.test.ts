/**
 * The MNIST files loadMnist reads and writes cannot hang it or fill the memory: a digit file
 * or a cache that is a named pipe, a link to /dev/zero or over its cap is refused at once (a
 * digit file with a DataError naming it, a cache passed over with a warning and rebuilt), and
 * a cache folder where a recursive mkdir would spin forever (/proc/1) ends in a warning.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DataError, loadMnist, mnistCacheFile, readMnistJson } from '../../src/data/index.ts';
import { log } from '../../src/log.ts';
import { useTempDir } from '../helpers/tempDir.ts';

const tmp = useTempDir('mnist-files');
/** A hang guard: reading a FIFO or /dev/zero unbounded never ends; refusing them takes milliseconds. */
const BOUNDED = 10_000;

/** Ten digit files of `perDigit` images each. */
async function writeDigits(dir: string, perDigit: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let digit = 0; digit < 10; digit++) {
    const data = Array.from({ length: perDigit * 784 }, (_, k) => ((k + digit) % 5) / 4);
    await writeFile(join(dir, `${digit}.json`), JSON.stringify({ data }));
  }
}

let digitsDir: string;

beforeAll(async () => {
  digitsDir = join(tmp.path, 'digits');
  await writeDigits(digitsDir, 5);
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** The warnings of one loadMnist, and what it loaded. */
async function loadWarning(cacheDir: string) {
  const warn = vi.spyOn(log, 'warn').mockImplementation(() => undefined);
  const split = await loadMnist({ cacheDir, digitsDir });
  const lines = warn.mock.calls.map((call) => String(call[0]));
  warn.mockRestore();
  return { split, lines };
}

/** The DataError reading the digits in `dir` gives. */
async function digitRefusal(dir: string): Promise<DataError> {
  const error = await readMnistJson(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  return error as DataError;
}

describe('the MNIST cache', () => {
  it(
    'passes over a named pipe in the cache’s place with a warning, and writes a real cache',
    async () => {
      const cacheDir = join(tmp.path, 'fifo-cache');
      await mkdir(cacheDir);
      const file = mnistCacheFile(cacheDir);
      execFileSync('mkfifo', [file]);
      const { split, lines } = await loadWarning(cacheDir);
      expect(split.train.count).toBe(40);
      expect(lines).toEqual([
        `neocortex-sim: cannot read MNIST cache ${file} (it is a named pipe (FIFO), not a regular file); rebuilding`,
      ]);
      expect((await stat(file)).isFile()).toBe(true);
      expect((await loadWarning(cacheDir)).lines).toEqual([]);
    },
    BOUNDED,
  );

  it.runIf(existsSync('/dev/zero'))(
    'passes over a link to /dev/zero (which reads forever) with a warning',
    async () => {
      const cacheDir = join(tmp.path, 'zero-cache');
      await mkdir(cacheDir);
      const file = mnistCacheFile(cacheDir);
      await symlink('/dev/zero', file);
      const { split, lines } = await loadWarning(cacheDir);
      expect(split.test.count).toBe(10);
      expect(lines).toEqual([
        `neocortex-sim: cannot read MNIST cache ${file} (it is a symbolic link to /dev/zero, a character device, not a regular file); rebuilding`,
      ]);
    },
    BOUNDED,
  );

  it('ignores a cache over its cap, naming the cap and how to raise it', async () => {
    const cacheDir = join(tmp.path, 'capped-cache');
    await loadWarning(cacheDir);
    const size = (await stat(mnistCacheFile(cacheDir))).size;
    // The 50 images' cache holds about 38 KiB (a byte a pixel): a 32 KiB cap refuses it.
    expect(size).toBeGreaterThan(32 * 1024);
    vi.stubEnv('NEOCORTEX_MAX_MNIST_MIB', '0.03125');
    const { split, lines } = await loadWarning(cacheDir);
    expect(split.train.count).toBe(40);
    expect(lines).toEqual([
      `neocortex-sim: cannot read MNIST cache ${mnistCacheFile(cacheDir)} (it holds ${(size / 1024).toFixed(1)} KiB, more than the 32 KiB a MNIST cache may hold (set NEOCORTEX_MAX_MNIST_MIB to allow more)); rebuilding`,
    ]);
  });

  it.runIf(existsSync('/proc/1'))(
    'in a folder that takes no new entries (/proc/1, where a recursive mkdir spun forever) ends in a warning',
    async () => {
      const cacheDir = '/proc/1/nope';
      const started = performance.now();
      const { split, lines } = await loadWarning(cacheDir);
      expect(performance.now() - started).toBeLessThan(BOUNDED);
      expect(split.train.count).toBe(40);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^neocortex-sim: could not write MNIST cache \/proc\/1\/nope\/mnist-embedded\.bin: \/proc\/1\/nope: cannot create the folder/,
      );
      expect(existsSync(cacheDir)).toBe(false);
    },
    BOUNDED,
  );
});

describe('the MNIST digit files', () => {
  /** A copy of the digits with digit 4's file replaced by `make(path)`. */
  async function withDigitFour(name: string, make: (path: string) => Promise<void> | void) {
    const dir = join(tmp.path, name);
    await writeDigits(dir, 1);
    const file = join(dir, '4.json');
    await rm(file);
    await make(file);
    return { dir, file };
  }

  it(
    'refuses a named pipe or a link to /dev/zero as a digit file, naming the file',
    async () => {
      const fifo = await withDigitFour('fifo-digits', (path) => {
        execFileSync('mkfifo', [path]);
      });
      const error = await digitRefusal(fifo.dir);
      expect(error.file).toBe(fifo.file);
      expect(error.message).toBe(
        `${fifo.file}: cannot read MNIST digit JSON: it is a named pipe (FIFO), not a regular file`,
      );
      if (existsSync('/dev/zero')) {
        const zero = await withDigitFour('zero-digits', (path) => symlink('/dev/zero', path));
        expect((await digitRefusal(zero.dir)).problem).toBe(
          'cannot read MNIST digit JSON: it is a symbolic link to /dev/zero, a character device, not a regular file',
        );
      }
    },
    BOUNDED,
  );

  it('refuses a digit file over its cap before reading it, and broken JSON by line and column', async () => {
    vi.stubEnv('NEOCORTEX_MAX_DIGITS_MIB', '0.001');
    const capped = await digitRefusal(digitsDir);
    expect(capped.file).toBe(join(digitsDir, '0.json'));
    expect(capped.problem).toMatch(
      /^cannot read MNIST digit JSON: it holds [\d.]+ KiB, more than the 1\.0 KiB a MNIST digit file may hold \(set NEOCORTEX_MAX_DIGITS_MIB to allow more\)$/,
    );
    vi.unstubAllEnvs();
    const broken = await withDigitFour('broken-digits', (path) =>
      writeFile(path, '{"data": [0.5,\n  0.25,, 1]}'),
    );
    const error = await digitRefusal(broken.dir);
    expect(error.file).toBe(broken.file);
    expect(error.problem).toMatch(
      /^cannot read MNIST digit JSON: not valid JSON: an unexpected character at line 2, column 8$/,
    );
    expect(await readdir(broken.dir)).toHaveLength(10);
  });
});
