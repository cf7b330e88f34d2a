import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isNeocortexError } from '../../src/errors.ts';
import { prepareOutputDir } from '../../src/io/outputDir.ts';
import { useTempDir } from '../helpers/tempDir.ts';
import { mountable, mountTmpfs, unmount } from '../helpers/tmpfs.ts';

const tmp = useTempDir('out-dir');
const canMount = mountable();
const mounted: string[] = [];
afterAll(() => mounted.forEach(unmount));
const isRoot = process.getuid?.() === 0;
/** A hang guard: every check here ends in milliseconds, so a second is generous. */
const BOUNDED = 5_000;

/**
 * The refusals `prepareOutputDir` gives for each of `dirs`, as a user without root's rights: this
 * process when it is not root, else a child process run as `nobody` by setpriv.
 */
async function refusalsAsUser(dirs: string[]): Promise<string[]> {
  if (!isRoot) return Promise.all(dirs.map(refusal));
  const script = [
    `import { prepareOutputDir } from ${JSON.stringify(pathToFileURL(resolve('src/io/outputDir.ts')).href)};`,
    'const out = [];',
    `for (const dir of ${JSON.stringify(dirs)}) {`,
    "  try { await prepareOutputDir(dir); out.push('created'); }",
    '  catch (e) { out.push(e.code === "OUTPUT_UNWRITABLE" ? e.message : `${e.code}: ${e.message}`); }',
    '}',
    'console.log(JSON.stringify(out));',
  ].join('\n');
  const stdout = execFileSync(
    'setpriv',
    [
      '--reuid=65534',
      '--regid=65534',
      '--clear-groups',
      process.execPath,
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      script,
    ],
    { encoding: 'utf8', timeout: BOUNDED * 3 },
  );
  return JSON.parse(stdout) as string[];
}

/** The refusal `prepareOutputDir(dir)` gives: an OUTPUT_UNWRITABLE error's message. */
async function refusal(dir: string): Promise<string> {
  const error = await prepareOutputDir(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isNeocortexError(error, 'OUTPUT_UNWRITABLE')).toBe(true);
  return (error as Error).message;
}

describe('prepareOutputDir ends, with an error, in bounded time', () => {
  it.runIf(existsSync('/proc/1'))(
    'a folder under /proc/1 (where a recursive mkdir retries forever)',
    async () => {
      expect(await refusal('/proc/1/nope')).toBe(
        '/proc/1/nope: cannot create the output folder: /proc/1 takes no new folders (ENOENT)',
      );
      expect(await refusal('/proc/1/nope/deeper/still')).toMatch(
        /^\/proc\/1\/nope\/deeper\/still: cannot create the output folder: \/proc\/1 takes no new folders/,
      );
      expect(await refusal('/proc/1')).toBe(
        '/proc/1: cannot write in the output folder: the folder takes no new files (ENOENT)',
      );
    },
    BOUNDED,
  );

  it(
    'a path under a regular file names the file',
    async () => {
      const file = join(tmp.path, 'regular');
      await writeFile(file, 'not a folder');
      const out = join(file, 'a', 'b');
      expect(await refusal(out)).toBe(
        `${out}: cannot create the output folder: ${file} is a file, not a folder`,
      );
      expect(await refusal(file)).toBe(
        `${file}: cannot use as the output folder: it is a file, not a folder`,
      );
    },
    BOUNDED,
  );

  it(
    'a named pipe or a device is not a folder',
    async () => {
      const fifo = join(tmp.path, 'pipe');
      execFileSync('mkfifo', [fifo]);
      expect(await refusal(fifo)).toBe(
        `${fifo}: cannot use as the output folder: it is a named pipe (FIFO), not a folder`,
      );
      expect(await refusal(join(fifo, 'run'))).toBe(
        `${join(fifo, 'run')}: cannot create the output folder: ${fifo} is a named pipe (FIFO), not a folder`,
      );
      expect(await refusal('/dev/null')).toBe(
        '/dev/null: cannot use as the output folder: it is a character device, not a folder',
      );
    },
    BOUNDED,
  );

  it(
    'a folder without write permission (as an unprivileged user: root runs it through setpriv)',
    async () => {
      // Root may write anywhere, so as root the check runs in a child process as `nobody`.
      const locked = await mkdtemp(join(tmpdir(), 'neocortex-locked-'));
      await chmod(locked, isRoot ? 0o755 : 0o555);
      try {
        expect(await refusalsAsUser([join(locked, 'run'), locked])).toEqual([
          `${join(locked, 'run')}: cannot create the output folder: permission denied in ${locked} (EACCES)`,
          `${locked}: cannot write in the output folder: permission denied (EACCES)`,
        ]);
      } finally {
        await chmod(locked, 0o755);
        await rm(locked, { recursive: true, force: true });
      }
    },
    BOUNDED * 4,
  );

  it.runIf(canMount)(
    'a folder on a read-only file system (which root cannot write either)',
    async () => {
      const ro = join(tmp.path, 'read-only');
      mountTmpfs(ro, 'ro,size=64k');
      mounted.push(ro);
      expect(await refusal(join(ro, 'run', 'deep'))).toBe(
        `${join(ro, 'run', 'deep')}: cannot create the output folder: the file system is read-only (EROFS)`,
      );
      expect(await refusal(ro)).toBe(
        `${ro}: cannot write in the output folder: the file system is read-only (EROFS)`,
      );
    },
    BOUNDED,
  );

  it(
    'creates missing folders, also when two runs create the same ones at once, and leaves no probe',
    async () => {
      const out = join(tmp.path, 'new', 'nested', 'run');
      await Promise.all([prepareOutputDir(out), prepareOutputDir(out), prepareOutputDir(out)]);
      expect((await stat(out)).isDirectory()).toBe(true);
      expect(await readdir(out)).toEqual([]);
      await prepareOutputDir(out); // an existing folder is fine
      expect(await readdir(out)).toEqual([]);
    },
    BOUNDED,
  );
});
