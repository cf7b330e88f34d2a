import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isNeocortexError } from '../../src/errors.ts';
import { writeFileAtomic } from '../../src/io/atomicWrite.ts';
import { prepareOutputDir } from '../../src/io/outputDir.ts';
import { useTempDir } from '../helpers/tempDir.ts';
import { mountable, mountTmpfs, unmount } from '../helpers/tmpfs.ts';

const tmp = useTempDir('atomic');
const canMount = mountable();
const mounted: string[] = [];
afterAll(() => mounted.forEach(unmount));

describe('writeFileAtomic and prepareOutputDir', () => {
  it('names the path and the cause when a file is in the way', async () => {
    const file = join(tmp.path, 'in-the-way');
    await writeFile(file, 'x');
    const error = await writeFileAtomic(join(file, 'metrics.json'), '{}').catch((e: unknown) => e);
    expect(isNeocortexError(error, 'OUTPUT_UNWRITABLE')).toBe(true);
    expect((error as Error).message).toBe(
      `${file}: cannot create the folder: ${file} is a file, not a folder`,
    );
    await expect(prepareOutputDir(file)).rejects.toThrow(
      `${file}: cannot use as the output folder`,
    );
  });

  it.runIf(canMount)(
    'on a full disk: names the file and leaves the previous one whole, with no temporary left',
    async () => {
      const disk = join(tmp.path, 'small-disk');
      mountTmpfs(disk, 'size=256k');
      mounted.push(disk);
      const path = join(disk, 'checkpoint.bin');
      await writeFileAtomic(path, 'previous checkpoint');
      const error = await writeFileAtomic(path, new Uint8Array(256 * 1024)).catch(
        (e: unknown) => e,
      );
      expect(isNeocortexError(error, 'OUTPUT_UNWRITABLE')).toBe(true);
      expect((error as Error).message).toBe(
        `${path}: cannot write: no space left on the device (ENOSPC)`,
      );
      expect(await readFile(path, 'utf8')).toBe('previous checkpoint');
      expect(await readdir(disk)).toEqual(['checkpoint.bin']);
      await expect(prepareOutputDir(join(disk, 'run'))).resolves.toBeUndefined();
      // Fill the disk to the last byte.
      await writeFile(join(disk, 'filler'), new Uint8Array(1024 * 1024)).catch(() => undefined);
      await expect(prepareOutputDir(join(disk, 'run'))).rejects.toThrow(
        /run: cannot write in the output folder: no space left on the device \(ENOSPC\)/,
      );
    },
  );

  it.runIf(canMount)('on a read-only file system: names the folder', async () => {
    const ro = join(tmp.path, 'ro');
    mountTmpfs(ro, 'ro,size=16k');
    mounted.push(ro);
    await expect(prepareOutputDir(join(ro, 'run'))).rejects.toThrow(
      `${join(ro, 'run')}: cannot create the output folder: the file system is read-only (EROFS)`,
    );
  });

  it('a fresh folder is created and left empty', async () => {
    const dir = join(tmp.path, 'a', 'b');
    await prepareOutputDir(dir);
    expect(await readdir(dir)).toEqual([]);
    await mkdir(dir, { recursive: true });
  });
});
