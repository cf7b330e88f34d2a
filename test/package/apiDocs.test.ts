/**
 * The API reference: TypeDoc reads the TSDoc comments of everything the package
 * exports (typedoc.json: treatWarningsAsErrors, validation.notDocumented), so an
 * exported symbol without documentation fails `npm run docs` and this test.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/tempDir.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const typedoc = join(root, 'node_modules', 'typedoc', 'bin', 'typedoc');
const tmp = useTempDir('api-docs');

/**
 * Folders being rewritten while their documentation is finished: their missing
 * comments are listed, not failed. Empty this list once they are documented; the
 * test then requires `npm run docs` itself (warnings as errors) to pass.
 */
const pendingDocumentation: string[] = [];

interface TypedocRun {
  code: number;
  warnings: string[];
}

async function runTypedoc(out: string, strict: boolean): Promise<TypedocRun> {
  const args = [typedoc, '--out', out];
  if (!strict) args.push('--treatWarningsAsErrors', 'false');
  try {
    const { stdout, stderr } = await run(process.execPath, args, {
      cwd: root,
      timeout: 300_000,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    return { code: 0, warnings: warningsOf(stdout + stderr) };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, warnings: warningsOf(e.stdout + e.stderr) };
  }
}

function warningsOf(output: string): string[] {
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  return plain
    .split('\n')
    .filter((line) => /^\[warning\]/.test(line) && !/Found \d+ errors and \d+ warnings/.test(line));
}

describe('npm run docs (TypeDoc)', () => {
  it('documents every exported symbol and writes the API site', async () => {
    const out = join(tmp.path, 'api');
    const strict = pendingDocumentation.length === 0;
    const result = await runTypedoc(out, strict);
    const pending = result.warnings.filter((w) => pendingDocumentation.some((f) => w.includes(f)));
    const failing = result.warnings.filter((w) => !pending.includes(w));
    expect(failing).toEqual([]);
    if (pending.length > 0) {
      console.warn(`${pending.length} undocumented symbols in ${pendingDocumentation.join(', ')}`);
    }
    expect(result.code).toBe(0);
    // The site: an index, and a page for a class and a function of the API.
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect(html).toContain('neocortex-sim');
    expect(existsSync(join(out, 'classes', 'neocortex-sim.Hierarchy.html'))).toBe(true);
    const page = await readFile(join(out, 'classes', 'neocortex-sim.Hierarchy.html'), 'utf8');
    expect(page).toContain('A built hierarchy');
  });
});
