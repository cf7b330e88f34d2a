/** A cell file that is not a regular file under its cap is computed again, never read. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cellPath, readCell, writeCell } from '../../src/experiments/cellCache.ts';
import { useTempDir } from '../helpers/tempDir.ts';

const tmp = useTempDir('cell-files');
/** A hang guard: reading a FIFO cell waited forever; passing it over takes milliseconds. */
const BOUNDED = 5_000;

describe('readCell', () => {
  it(
    'passes over a named pipe, a link to /dev/zero and an oversized cell; writeCell replaces them',
    async () => {
      const dir = tmp.path;
      await mkdir(join(dir, 'cells'));
      const config = { seed: 1 };
      execFileSync('mkfifo', [cellPath(dir, 'pipe')]);
      expect(await readCell(dir, 'pipe', config)).toBeUndefined();
      if (existsSync('/dev/zero')) {
        await symlink('/dev/zero', cellPath(dir, 'zero'));
        expect(await readCell(dir, 'zero', config)).toBeUndefined();
      }
      await writeFile(cellPath(dir, 'huge'), '');
      await truncate(cellPath(dir, 'huge'), 65 * 1024 * 1024);
      expect(await readCell(dir, 'huge', config)).toBeUndefined();
      await writeFile(cellPath(dir, 'broken'), '{"key": ');
      expect(await readCell(dir, 'broken', config)).toBeUndefined();
      await writeFile(cellPath(dir, 'null'), 'null');
      expect(await readCell(dir, 'null', config)).toBeUndefined();
      for (const key of ['pipe', 'huge']) {
        await writeCell(dir, key, config, { accuracy: 0.9 });
        expect(await readCell(dir, key, config)).toEqual({ accuracy: 0.9 });
        expect(await readCell(dir, key, { seed: 2 })).toBeUndefined();
      }
    },
    BOUNDED,
  );
});
