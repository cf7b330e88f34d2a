import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');

describe('docs/cortex.md example: examples/settle-digit.ts', () => {
  it('runs and shows settling, and the lesion, as docs/cortex.md says', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', join(root, 'examples', 'settle-digit.ts')],
      { cwd: root, timeout: 120_000 },
    );
    const energies = [...stdout.matchAll(/iteration \d+: free energy ([\d.]+)/g)].map((m) =>
      Number(m[1]),
    );
    expect(energies).toHaveLength(20);
    for (let i = 1; i < energies.length; i++) expect(energies[i]!).toBeLessThan(energies[i - 1]!);
    const intact = /intact: predictions for two digits differ by ([\d.]+)/.exec(stdout);
    const lesioned = /lesioned: predictions for two digits differ by ([\d.]+)/.exec(stdout);
    expect(Number(intact?.[1])).toBeGreaterThan(0.001);
    expect(Number(lesioned?.[1])).toBe(0);
  });
});
