/**
 * Small real file systems for output tests: a tmpfs mounted read-only (which
 * root cannot write either, unlike a chmod-ed folder) or of a few KB (a disk
 * that fills up). Mounting needs root with mount rights (the case on this
 * project's machines and CI); `mountable()` says whether it works here.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Mount a tmpfs at `dir` with mount options such as 'ro' or 'size=32k'. */
export function mountTmpfs(dir: string, options: string): void {
  mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
}

/** Unmount a tmpfs mounted by {@link mountTmpfs}; a no-op if it is not mounted. */
export function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'pipe' });
  } catch {
    // not mounted
  }
}

/** Whether this process may mount a tmpfs (tried once, on a throw-away folder). */
export function mountable(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'neocortex-mount-'));
  try {
    mountTmpfs(dir, 'size=16k');
    unmount(dir);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
