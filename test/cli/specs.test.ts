/**
 * Specs through the real command line: `neocortex spec` prints defaults that
 * pass their own validators; `train --spec` trains the hierarchy a file
 * describes and records it; `serve --spec` reads a session; a spec with
 * mistakes is refused before anything runs, one problem a line with its path.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { experiments } from '../../experiments/index.ts';
import { defaultSpec } from '../../src/cli/printSpec.ts';
import { parseExperimentSpec } from '../../src/experiments/index.ts';
import { modelKindNames } from '../../src/models/kinds.ts';
import { parseModelSpec } from '../../src/models/modelSpec/index.ts';
import { SessionSpec } from '../../src/sim/session/sessionSpec.ts';
import { useTempDir } from '../helpers/tempDir.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', 'helpers', 'neocortexSource.js');
const tmp = useTempDir('specs');

async function neocortex(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { timeout: 170_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The problem lines of an `error: invalid ...:` message, without their indent. */
function problemLines(stderr: string): string[] {
  const lines = stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^error: invalid .*:$/);
  return lines.slice(1).map((line) => line.trim());
}

async function writeJson(name: string, value: unknown): Promise<string> {
  const path = join(tmp.path, name);
  await writeFile(path, JSON.stringify(value, null, 2));
  return path;
}

describe('neocortex spec', () => {
  it('prints default model, session and experiment specs that validate unchanged', async () => {
    const pcvae = await neocortex(['spec', 'model', 'pcvae']);
    expect(pcvae.code).toBe(0);
    const model = JSON.parse(pcvae.stdout) as unknown;
    expect(parseModelSpec(model)).toEqual(model);
    const classifier = JSON.parse((await neocortex(['spec', 'model', 'classifier'])).stdout);
    expect(classifier).toMatchObject({ kind: 'classifier', classifier: 'mlp', batchSize: 32 });
    expect(parseModelSpec(classifier)).toEqual(classifier);
    const session = JSON.parse((await neocortex(['spec', 'session'])).stdout) as unknown;
    expect(SessionSpec.parse(session)).toEqual(session);
    const experiment = JSON.parse(
      (await neocortex(['spec', 'experiment', 'label-efficiency'])).stdout,
    ) as { config: { labels: unknown[] } };
    expect(experiment.config.labels).toEqual([100, 600, 1000, 3000, 'all']);
    expect(parseExperimentSpec(experiment, experiments)).toEqual(experiment);
  });

  it('has a default for every model kind and experiment, quick and full', () => {
    for (const kind of modelKindNames()) {
      const spec = JSON.parse(JSON.stringify(defaultSpec('model', kind))) as unknown;
      expect(parseModelSpec(spec)).toEqual(spec);
    }
    for (const { name } of experiments) {
      for (const quick of [false, true]) {
        const spec = JSON.parse(JSON.stringify(defaultSpec('experiment', name, quick))) as unknown;
        expect(parseExperimentSpec(spec, experiments)).toEqual(spec);
      }
    }
  });

  it('names the kinds when asked for one it does not have', async () => {
    const r = await neocortex(['spec', 'network']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/model, session, experiment/);
  });
});

describe('neocortex train --spec', () => {
  it('trains three named stochastic areas and records the spec; the metrics rebuild the run', async () => {
    const spec = {
      $schema: '../../schemas/model.schema.json',
      kind: 'pcvae',
      areas: [
        { name: 'retina', size: 784 },
        { name: 'v1', size: 16, hidden: 64 },
        { name: 'v2', size: 8, hidden: 32 },
        { name: 'it', size: 4, hidden: 16 },
      ],
      dataset: 'letters',
      epochs: 3,
      settleIterations: 0,
      seed: 5,
    };
    const file = await writeJson('three-areas.json', spec);
    const out = join(tmp.path, 'three');
    // --epochs typed on the command line overrides the file; everything else comes from it.
    const r = await neocortex([
      'train',
      '--spec',
      file,
      '--epochs',
      '1',
      '--out',
      out,
      '--no-progress',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as {
      spec: { areas: { name: string }[]; epochs: number; seed: number; kind: string };
      config: { areaNames: string[]; latentSizes: number[] };
      test: { negElbo: number };
      epochs: number;
    };
    expect(metrics.spec.kind).toBe('pcvae');
    expect(metrics.spec.areas.map((a) => a.name)).toEqual(['retina', 'v1', 'v2', 'it']);
    expect(metrics.spec.epochs).toBe(1);
    expect(metrics.spec.seed).toBe(5);
    expect(metrics.epochs).toBe(1);
    expect(metrics.config.areaNames).toEqual(['retina', 'v1', 'v2', 'it']);
    expect(metrics.config.latentSizes).toEqual([16, 8, 4]);
    expect(metrics.spec).not.toHaveProperty('$schema');
    expect(Number.isFinite(metrics.test.negElbo)).toBe(true);

    // The run's metrics.json as the spec: the same run, the same figures.
    const again = join(tmp.path, 'three-again');
    const r2 = await neocortex([
      'train',
      '--spec',
      join(out, 'metrics.json'),
      '--out',
      again,
      '--no-progress',
    ]);
    expect(r2.code).toBe(0);
    const rebuilt = JSON.parse(
      await readFile(join(again, 'metrics.json'), 'utf8'),
    ) as typeof metrics;
    expect(rebuilt.spec).toEqual(metrics.spec);
    expect(rebuilt.test.negElbo).toBe(metrics.test.negElbo);
  }, 300_000);

  it('refuses a spec with mistakes before anything runs, one problem a line with its path', async () => {
    const file = await writeJson('bad-model.json', {
      kind: 'pcvae',
      areas: [
        { name: 'retina', size: 784 },
        { name: 'v1', size: 0, hidden: 64 },
        { name: 'v2', size: 8, hidden: 1e8 },
      ],
      epochs: 1e12,
      colour: 'red',
    });
    const out = join(tmp.path, 'never');
    const r = await neocortex(['train', '--spec', file, '--out', out, '--seed', '-1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(''); // not even the backend line
    expect(problemLines(r.stderr).sort()).toEqual([
      '--seed -1: expected a whole number from 0 to 4294967295, got -1',
      'areas[1].size: expected a whole number from 1 to 10000, got 0',
      'areas[2].hidden: expected a whole number from 1 to 16384, got 100000000',
      'colour: unknown field (not part of this spec)',
      'epochs: expected a whole number from 1 to 100000, got 1000000000000',
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses options out of range by name, and a file that is not JSON by its name', async () => {
    const r = await neocortex(['train', '--epochs', '1e12', '--hidden', '1e8']);
    expect(r.code).toBe(1);
    expect(problemLines(r.stderr).sort()).toEqual([
      '--epochs 1e12: expected a whole number from 1 to 100000, got 1000000000000',
      '--hidden 1e8: expected a whole number from 1 to 16384, got 100000000',
    ]);
    const broken = join(tmp.path, 'broken.json');
    await writeFile(broken, '{ "kind": "vae", ');
    const b = await neocortex(['train', '--spec', broken]);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain(`spec ${broken} is not valid JSON`);
  });
});

describe('neocortex serve --spec', () => {
  it('refuses a session spec with mistakes before it starts', async () => {
    const file = await writeJson('bad-session.json', {
      dataset: 'cifar',
      speed: 1000,
      classifierHidden: [256, -1],
      colour: 'red',
    });
    const r = await neocortex(['serve', '--spec', file, '--port', '0', '--no-web']);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/listening/);
    const lines = problemLines(r.stderr);
    expect(lines).toHaveLength(4);
    expect(lines.map((line) => line.split(':')[0]).sort()).toEqual([
      'classifierHidden[1]',
      'colour',
      'dataset',
      'speed',
    ]);
  });

  it('runs the session a spec describes, with the options typed on top', async () => {
    const file = await writeJson('session.json', { dataset: 'letters', seed: 9 });
    const child = spawn(
      process.execPath,
      [bin, 'serve', '--spec', file, '--port', '0', '--no-web', '--backend', 'wasm', '--seed', '2'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`did not start:\n${stdout}`)), 90_000);
        child.stdout.on('data', () => {
          if (stdout.includes('press Ctrl+C to stop\n')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      expect(stdout).toMatch(
        /^live session: Predictive-coding VAE \(pcvae\), backprop learning; Feedforward classifier \(mlp\), backprop learning; on letters$/m,
      );
      // As a user would: stop it once it answers (from the sources, tsx's loader leaves a
      // window of start-up in which a signal takes its default action; see serveCli.test.ts).
      const url = /^listening on (\S+)$/m.exec(stdout)![1]!;
      expect((await fetch(new URL('healthz', url))).ok).toBe(true);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);
});
