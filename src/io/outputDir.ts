/**
 * Check an output folder before any work starts: create it (and its parents)
 * and write, flush and remove a small probe file in it, so a run that cannot
 * keep its results fails in a second, not after its first epoch. Every check
 * ends in a bounded number of system calls (see {@link createFolder}).
 */
import { open, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { kindOfFile } from './fileKind.ts';
import { createFolder, outputError, OutputError } from './outputError.ts';

/** Bytes the probe file writes and flushes: enough to meet a full disk. */
const PROBE_BYTES = 64 * 1024;

/**
 * Create `dir` if needed and prove it writable; throws an {@link OutputError}
 * (code `OUTPUT_UNWRITABLE`) naming the folder and the cause otherwise.
 */
export async function prepareOutputDir(dir: string): Promise<void> {
  const existing = await stat(dir).catch(() => undefined);
  if (existing !== undefined && !existing.isDirectory()) {
    throw new OutputError(
      dir,
      `cannot use as the output folder: it is ${kindOfFile(existing)}, not a folder`,
    );
  }
  await createFolder(dir, 'create the output folder');
  const probe = join(
    dir,
    `.neocortex-write-check-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  try {
    const file = await open(probe, 'w');
    try {
      // writeFile loops over short writes, so a full disk shows as ENOSPC.
      await file.writeFile(Buffer.alloc(PROBE_BYTES));
      await file.sync();
    } finally {
      await file.close();
    }
  } catch (error) {
    // A folder that exists but refuses new files (/proc/1) answers ENOENT.
    throw outputError(dir, 'write in the output folder', error, {
      ENOENT: 'the folder takes no new files',
    });
  } finally {
    await rm(probe, { force: true });
  }
}
