/**
 * Through the real command line, a spec or results file that is not a regular
 * file under its cap ends the command at once with one line naming the file and
 * the problem: a named pipe hung it forever, a link to /dev/zero read 640 MB
 * before "Invalid string length", a 50 MB spec took 780 MB.
 */
import { execFile } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readSpecFile } from '../../src/cli/specFile.ts';
import { neocortexBin } from '../helpers/killAndResume.ts';
import { useTempDir } from '../helpers/tempDir.ts';

const run = promisify(execFile);
const tmp = useTempDir('spec-files');
/** A hang guard for the child: a refusal takes the start-up time, a few seconds. */
const CHILD_TIMEOUT = 40_000;

/** Run `neocortex args`: exit code and stderr (killed after CHILD_TIMEOUT). */
async function neocortex(args: string[]): Promise<{ code: number | null; stderr: string }> {
  try {
    const { stderr } = await run(process.execPath, [neocortexBin, ...args], {
      timeout: CHILD_TIMEOUT,
    });
    return { code: 0, stderr };
  } catch (error) {
    const e = error as { code: number | null; stderr: string; killed?: boolean };
    expect(e.killed, 'the command hung').not.toBe(true);
    return { code: e.code, stderr: e.stderr };
  }
}

/** Refused with exactly `line` (and no stack trace). */
function expectRefused(result: { code: number | null; stderr: string }, line: string): void {
  expect(result.code).toBe(1);
  expect(result.stderr).toContain(line);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

describe('spec and results files the command line refuses before reading', () => {
  it(
    'train --spec: a named pipe, a file over 1 MiB, broken JSON without quoting it',
    async () => {
      const fifo = join(tmp.path, 'spec.fifo');
      execFileSync('mkfifo', [fifo]);
      expectRefused(
        await neocortex(['train', '--spec', fifo]),
        `cannot read spec ${fifo}: it is a named pipe (FIFO), not a regular file`,
      );
      const big = join(tmp.path, 'big.json');
      await writeFile(big, '');
      await truncate(big, 50 * 1024 * 1024);
      expectRefused(
        await neocortex(['train', '--spec', big]),
        `cannot read spec ${big}: it holds 50 MiB, more than the 1 MiB a spec may hold ` +
          `(set NEOCORTEX_MAX_SPEC_MIB to allow more)`,
      );
      const broken = join(tmp.path, 'broken.json');
      await writeFile(broken, '{ "kind": "vae", "hidden": SECRET }');
      const result = await neocortex(['train', '--spec', broken]);
      expectRefused(
        result,
        `spec ${broken} is not valid JSON: an unexpected character at line 1, column 28`,
      );
      expect(result.stderr).not.toContain('SECRET');
    },
    3 * CHILD_TIMEOUT,
  );

  it.runIf(existsSync('/dev/zero'))(
    'experiment --from a link to /dev/zero',
    async () => {
      const zero = join(tmp.path, 'results.json');
      await symlink('/dev/zero', zero);
      expectRefused(
        await neocortex(['experiment', '--from', zero]),
        `cannot read results file ${zero}: it is a symbolic link to /dev/zero, a character device, not a regular file`,
      );
    },
    CHILD_TIMEOUT,
  );
});

describe('readSpecFile', () => {
  it("gives a run's metrics.json (a long history) the metrics cap, any other spec 1 MiB", async () => {
    const history = Array.from({ length: 12_000 }, (_, i) => ({
      epoch: i + 1,
      trainNegElbo: 100 + 1 / (i + 1),
      seconds: 2.5,
    }));
    const text = JSON.stringify({ kind: 'vae', history }, null, 2);
    expect(text.length).toBeGreaterThan(1024 * 1024);
    const metrics = join(tmp.path, 'metrics.json');
    await writeFile(metrics, text);
    expect(((await readSpecFile(metrics)) as { history: unknown[] }).history).toHaveLength(12_000);
    const spec = join(tmp.path, 'long-spec.json');
    await writeFile(spec, text);
    await expect(readSpecFile(spec)).rejects.toThrow(
      /more than the 1 MiB a spec may hold \(set NEOCORTEX_MAX_SPEC_MIB to allow more\)$/,
    );
    await expect(readSpecFile(spec, 'results')).resolves.toBeDefined();
  });
});
