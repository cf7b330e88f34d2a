/**
 * `neocortex experiment --from DIR/results.json` without `--out` works in DIR,
 * reusing its cells, not in a new folder under the current one.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { experimentOutDir } from '../../src/cli/experiment.ts';
import { neocortexBin } from '../helpers/killAndResume.ts';
import { useTempDir } from '../helpers/tempDir.ts';

const run = promisify(execFile);
const tmp = useTempDir('experiment-from');
const committed = join(import.meta.dirname, '..', '..', 'experiments', 'results');

describe('experimentOutDir', () => {
  const full = { quick: false, dataset: 'mnist' };
  const defaultOut = () => 'experiments/results/x';

  it('is --out when given, else the folder of --from, else the default', () => {
    expect(experimentOutDir({ out: 'o', from: 'd/results.json' }, full, full, defaultOut)).toBe(
      'o',
    );
    expect(experimentOutDir({ from: 'runs/a/results.json' }, full, full, defaultOut)).toBe(
      'runs/a',
    );
    expect(experimentOutDir({ from: 'results.json' }, full, full, defaultOut)).toBe('.');
    expect(experimentOutDir({}, full, undefined, defaultOut)).toBe('experiments/results/x');
  });

  it('sends a run whose mode or data set the options changed to its default folder', () => {
    const from = { from: 'experiments/results/x/results.json' };
    const quick = { quick: true, dataset: 'mnist' };
    const fashion = { quick: false, dataset: 'fashion-mnist' };
    expect(experimentOutDir(from, quick, full, () => 'quick-folder')).toBe('quick-folder');
    expect(experimentOutDir(from, fashion, full, () => 'fashion-folder')).toBe('fashion-folder');
  });
});

describe('neocortex experiment --from DIR/results.json', () => {
  it('rebuilds the run in DIR from its cells and creates nothing in the current folder', async () => {
    const dir = join(tmp.path, 'run');
    const cwd = join(tmp.path, 'elsewhere');
    await cp(join(committed, 'recognition-vs-generation'), dir, { recursive: true });
    await mkdir(cwd);
    const { stdout } = await run(
      process.execPath,
      [neocortexBin, 'experiment', '--from', join('..', 'run', 'results.json'), '--no-progress'],
      { cwd, timeout: 170_000 },
    );
    expect(stdout).toContain(`writing to ${join('..', 'run')}`);
    expect(stdout).toContain('computed 0 cells, reused 3');
    expect(await readdir(cwd)).toEqual([]);
    const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as {
      cells: { computed: number; reused: number };
      spec: { experiment: string };
    };
    expect(results.cells).toEqual({ computed: 0, reused: 3 });
    expect(results.spec.experiment).toBe('recognition-vs-generation');
  }, 180_000);
});
