/**
 * Write a file atomically and durably: write a temporary sibling, flush it to
 * the disk (fsync), rename it over the target, then flush the folder, so a
 * reader, a crash or a power loss sees either the previous file whole or the
 * new one whole, never half a file. Failures are {@link OutputError}s naming
 * the path and the cause.
 */
import { open, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { createFolder, outputError } from './outputError.ts';

/** Flush a folder's entries (the rename) to the disk; not every platform allows it. */
async function syncFolder(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open a folder for fsync; the rename itself is still atomic.
  } finally {
    await handle?.close();
  }
}

/** Write `data` to `path` atomically and durably (see the module comment). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await createFolder(dir, 'create the folder');
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const file = await open(temporary, 'w');
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw outputError(path, 'write', error);
  }
  await syncFolder(dir);
}

/** Write `value` as indented JSON to `path`, atomically and durably. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
