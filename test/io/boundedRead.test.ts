import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNeocortexError } from '../../src/errors.ts';
import {
  FileReadError,
  formatBytes,
  readBoundedBytes,
  readBoundedText,
  type BoundedReadOptions,
} from '../../src/io/boundedRead.ts';
import { capVariable, fileCap, fileCaps } from '../../src/io/fileCaps.ts';
import { readBoundedJson } from '../../src/io/jsonFile.ts';
import { useTempDir } from '../helpers/tempDir.ts';

const tmp = useTempDir('bounded-read');
/** A hang guard: a FIFO or /dev/zero read unbounded never ends; refusing them takes milliseconds. */
const BOUNDED = 5_000;
const small: BoundedReadOptions = {
  what: 'spec',
  maxBytes: 1024,
  code: 'SPEC_INVALID',
  raise: 'set X to allow more',
};

/** The FileReadError reading `path` with `options` gives. */
async function refusal(path: string, options = small): Promise<FileReadError> {
  const error = await readBoundedBytes(path, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FileReadError);
  expect(isNeocortexError(error, options.code)).toBe(true);
  return error as FileReadError;
}

describe('readBoundedBytes reads only regular files under the cap', () => {
  it(
    'reads a regular file whole, and one exactly at the cap',
    async () => {
      const path = join(tmp.path, 'exact.bin');
      const bytes = Uint8Array.from({ length: 1024 }, (_, i) => (i * 7) % 256);
      await writeFile(path, bytes);
      const read = await readBoundedBytes(path, small);
      expect(read).toEqual(bytes);
      // A plain Uint8Array: slice() copies (a Buffer's would share the memory).
      expect(Object.getPrototypeOf(read)).toBe(Uint8Array.prototype);
      const copy = read.slice(0, 4);
      copy[0] = 255;
      expect(read[0]).toBe(0);
      await writeFile(path, 'héllo');
      expect(await readBoundedText(path, small)).toBe('héllo');
    },
    BOUNDED,
  );

  it(
    'refuses a named pipe at once (reading one waits forever for a writer)',
    async () => {
      const fifo = join(tmp.path, 'pipe.json');
      execFileSync('mkfifo', [fifo]);
      const error = await refusal(fifo);
      expect(error.reason).toBe('not-regular');
      expect(error.message).toBe(
        `cannot read spec ${fifo}: it is a named pipe (FIFO), not a regular file`,
      );
      const link = join(tmp.path, 'to-pipe.json');
      await symlink(fifo, link);
      expect((await refusal(link)).message).toBe(
        `cannot read spec ${link}: it is a symbolic link to ${fifo}, a named pipe (FIFO), not a regular file`,
      );
    },
    BOUNDED,
  );

  it.runIf(existsSync('/dev/zero'))(
    'refuses a link to /dev/zero (which reads forever) and the device itself',
    async () => {
      const link = join(tmp.path, 'zero.bin');
      await symlink('/dev/zero', link);
      const checkpointCap = fileCap('checkpoint', {});
      const error = await refusal(link, checkpointCap);
      expect(isNeocortexError(error, 'CHECKPOINT_INVALID')).toBe(true);
      expect(error.message).toBe(
        `cannot read checkpoint ${link}: it is a symbolic link to /dev/zero, a character device, not a regular file`,
      );
      expect((await refusal('/dev/zero')).problem).toBe(
        'it is a character device, not a regular file',
      );
    },
    BOUNDED,
  );

  it(
    'refuses a file over the cap before reading it, naming its size, the cap and how to raise it',
    async () => {
      const big = join(tmp.path, 'big.json');
      // Sparse: 50 MiB on the disk's books, nothing written; a read would cost 50 MiB.
      await writeFile(big, '');
      await truncate(big, 50 * 1024 * 1024);
      const error = await refusal(big, fileCap('spec', {}));
      expect(error.reason).toBe('too-large');
      expect(error.message).toBe(
        `cannot read spec ${big}: it holds 50 MiB, more than the 1 MiB a spec may hold ` +
          `(set NEOCORTEX_MAX_SPEC_MIB to allow more)`,
      );
      const over = join(tmp.path, 'over.json');
      await writeFile(over, new Uint8Array(1025));
      expect((await refusal(over)).message).toBe(
        `cannot read spec ${over}: it holds 1.0 KiB, more than the 1 KiB a spec may hold (set X to allow more)`,
      );
    },
    BOUNDED,
  );

  it.runIf(existsSync('/proc/self/status'))(
    'stops at the cap a file that says it is empty but is not (a /proc file)',
    async () => {
      // /proc files report size 0 and hold more: read in chunks, the cap still holds.
      const error = await refusal('/proc/self/status', { ...small, maxBytes: 16 });
      expect(error.message).toBe(
        'cannot read spec /proc/self/status: it grew, more than the 16 bytes a spec may hold (set X to allow more)',
      );
      const whole = await readBoundedText('/proc/self/status', { ...small, maxBytes: 1 << 20 });
      expect(whole).toMatch(/^Name:/);
    },
    BOUNDED,
  );

  it(
    'names a missing file, a folder and a path through a file',
    async () => {
      const missing = join(tmp.path, 'nothing.json');
      const error = await refusal(missing);
      expect(error.reason).toBe('missing');
      expect(error.message).toBe(`cannot read spec ${missing}: no such file (ENOENT)`);
      const folder = join(tmp.path, 'folder.json');
      await mkdir(folder);
      expect((await refusal(folder)).message).toBe(
        `cannot read spec ${folder}: it is a folder, not a regular file`,
      );
      const file = join(tmp.path, 'plain');
      await writeFile(file, 'x');
      expect((await refusal(join(file, 'spec.json'))).problem).toBe(
        'a part of the path is a file, not a folder (ENOTDIR)',
      );
    },
    BOUNDED,
  );
});

/** The FileReadError reading `path` as JSON gives. */
async function jsonRefusal(path: string): Promise<FileReadError> {
  const error = await readBoundedJson(path, small).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FileReadError);
  return error as FileReadError;
}

describe('readBoundedJson', () => {
  it(
    'parses JSON; broken JSON is named by line and column, with none of the file quoted',
    async () => {
      const good = join(tmp.path, 'good.json');
      await writeFile(good, '{ "kind": "vae", "latent": [2, 3] }');
      expect(await readBoundedJson(good, small)).toEqual({ kind: 'vae', latent: [2, 3] });
      const broken = join(tmp.path, 'broken.json');
      await writeFile(broken, '{\n  "kind": "vae",\n  "latent": SECRET\n}');
      const error = await jsonRefusal(broken);
      expect(error.reason).toBe('not-json');
      expect(error.message).toBe(
        `spec ${broken} is not valid JSON: an unexpected character at line 3, column 13`,
      );
      expect(error.message).not.toContain('SECRET');
      // The start of an executable: \x7f E L F, then binary bytes.
      const binary = join(tmp.path, 'binary.json');
      await writeFile(binary, Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01]));
      const elf = await jsonRefusal(binary);
      expect(elf.message).toBe(
        `spec ${binary} is not valid JSON: an unexpected character at line 1, column 1`,
      );
      expect(elf.message).not.toMatch(/ELF|\x7f/);
    },
    BOUNDED,
  );
});

describe('fileCap', () => {
  it('gives each kind its cap, overridable in MiB by its environment variable', () => {
    expect(fileCap('spec', {}).maxBytes).toBe(1024 * 1024);
    expect(fileCap('checkpoint', {}).maxBytes).toBe(2 * 1024 ** 3);
    expect(capVariable('results')).toBe('NEOCORTEX_MAX_RESULTS_MIB');
    expect(fileCap('results', { NEOCORTEX_MAX_RESULTS_MIB: '256' })).toEqual({
      ...fileCaps.results,
      maxBytes: 256 * 1024 * 1024,
      raise: 'set NEOCORTEX_MAX_RESULTS_MIB to allow more',
    });
    for (const bad of ['0', '-1', 'lots', '5000']) {
      expect(() => fileCap('checkpoint', { NEOCORTEX_MAX_CHECKPOINT_MIB: bad })).toThrow(
        `NEOCORTEX_MAX_CHECKPOINT_MIB: expected a positive number of MiB up to 4095, got "${bad}"`,
      );
    }
  });

  it('says sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MiB');
    expect(formatBytes(2 * 1024 ** 3)).toBe('2 GiB');
  });
});
