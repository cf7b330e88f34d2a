/**
 * `neocortex train --spec` with a model spec that lists its pathways, through the real command
 * line on a small IDX set: a pcvae with a feedback skip z2 -> sensory beside its chain and a
 * pcn with a feedforward skip image -> label each train an epoch; the hierarchy built from the
 * spec the run wrote has that pathway, and the checkpoint holds its weights, moved by training.
 * The run records its pathways, so a resume with other pathways is refused, saying why; a spec
 * whose pathways name no area is refused at their path before anything is written.
 */
import type * as tf from '@tensorflow/tfjs';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { reciprocalPathways, type Hierarchy } from '../../src/cortex/index.ts';
import { loadCheckpoint } from '../../src/models/checkpoint.ts';
import { modelKind } from '../../src/models/kinds.ts';
import { parseModelSpec } from '../../src/models/modelSpec/index.ts';
import { writeIdxDataset } from '../data/idxFixtures.ts';
import { useTempDir } from '../helpers/tempDir.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', 'helpers', 'neocortexSource.js');
const tmp = useTempDir('cli-graph');
let dataDir = '';

async function neocortex(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { timeout: 170_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  await initBackend('wasm');
  dataDir = join(tmp.path, 'data');
  await mkdir(dataDir);
  await writeIdxDataset(dataDir, { trainCount: 200, testCount: 40 });
});

/** Write `spec` to a file and train it for one epoch into `out`; the command's result. */
async function train(name: string, spec: object, out: string, extra: string[] = []) {
  const file = join(tmp.path, `${name}.json`);
  await writeFile(file, JSON.stringify(spec));
  return neocortex([
    'train',
    '--spec',
    file,
    '--data-dir',
    dataDir,
    '--out',
    out,
    '--no-progress',
    ...extra,
  ]);
}

/**
 * The weights of the pathway `from -> to` at the start of the run in `out` (the model its
 * metrics.json spec builds with its seed) and in its checkpoint after training.
 */
async function pathwayWeights(out: string, from: string, to: string) {
  const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as {
    spec: { seed: number };
  };
  const spec = parseModelSpec(metrics.spec);
  const model = modelKind(spec.kind).build(spec, { height: 28, width: 28, classes: 10 }, spec.seed);
  const { hierarchy, variables } = model as unknown as {
    hierarchy: Hierarchy;
    variables(): tf.Variable[];
  };
  try {
    const all = variables.call(model);
    const pathway = hierarchy.pathway(from, to);
    const { tensors } = await loadCheckpoint(join(out, 'checkpoint.bin'));
    return {
      kind: pathway.kind,
      count: all.length,
      saved: [...tensors.keys()].filter((name) => name.startsWith('model/')).length,
      weights: pathway.variables().map((v) => {
        const trained = tensors.get(`model/${all.indexOf(v)}`)!;
        return { shape: v.shape, initial: Array.from(v.dataSync()), trained };
      }),
    };
  } finally {
    model.dispose();
  }
}

/** Whether a trained weight is the same shape as the initial one and moved from it. */
function moved(w: {
  shape: number[];
  initial: number[];
  trained: { shape: number[]; values: Float32Array };
}) {
  return (
    w.trained.shape.join('x') === w.shape.join('x') &&
    Array.from(w.trained.values).some((value, i) => value !== w.initial[i])
  );
}

const pcvaeChain = reciprocalPathways(['sensory', 'z1', 'z2']);
const pcvaeSpec = (skipGain: number) => ({
  kind: 'pcvae',
  areas: [
    { name: 'sensory', size: 784 },
    { name: 'z1', size: 8, hidden: 16 },
    { name: 'z2', size: 4, hidden: 8 },
  ],
  pathways: [...pcvaeChain, { from: 'z2', to: 'sensory', kind: 'feedback', gain: skipGain }],
  epochs: 1,
  batchSize: 50,
  settleIterations: 2,
});

describe('neocortex train --spec with pathways', () => {
  it('a pcvae with a feedback skip z2 -> sensory trains; the skip is in its hierarchy and its weights learned', async () => {
    const out = join(tmp.path, 'pcvae-skip');
    const r = await train('pcvae-skip', pcvaeSpec(1), out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/test -ELBO [\d.]+ nats/);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as {
      spec: { pathways: { from: string; to: string; kind: string }[] };
      config: { pathways: unknown[] };
    };
    // The run records the graph it trained, in its spec and in the config a resume must match.
    expect(metrics.spec.pathways.map((p) => `${p.kind} ${p.from}->${p.to}`)).toContain(
      'feedback z2->sensory',
    );
    expect(metrics.config.pathways).toEqual(metrics.spec.pathways);
    const skip = await pathwayWeights(out, 'z2', 'sensory');
    expect(skip.kind).toBe('feedback');
    // Its map: z2 (4) -> hidden 8 (z2's width) -> sensory (784), every part saved and trained.
    expect(skip.weights.map((w) => w.shape)).toEqual([[4, 8], [8], [8, 784]]);
    expect(skip.saved).toBe(skip.count);
    for (const w of skip.weights) expect(moved(w)).toBe(true);
    // The chain alone has three weights fewer: the skip's map is the difference.
    const chain = parseModelSpec({ ...pcvaeSpec(1), pathways: undefined });
    const model = modelKind('pcvae').build(chain, { height: 28, width: 28, classes: 10 }, 1);
    expect((model as unknown as { variables(): unknown[] }).variables().length).toBe(
      skip.count - 3,
    );
    model.dispose();

    // Resuming with other pathways (the skip at half gain) is refused, naming the difference.
    const resumed = await train('pcvae-skip-half', pcvaeSpec(0.5), out, [
      '--resume',
      '--epochs',
      '2',
    ]);
    expect(resumed.code).not.toBe(0);
    expect(resumed.stderr).toMatch(
      /checkpoint\.bin: was made with another config, refusing to resume \(pathways: checkpoint \[/,
    );
    expect(resumed.stderr).toMatch(/"gain":0\.5/);
  });

  it('a pcn with a feedforward skip image -> label trains locally; the skip learned', async () => {
    const out = join(tmp.path, 'pcn-skip');
    const r = await train(
      'pcn-skip',
      {
        kind: 'pcn',
        hiddenSizes: [16, 8],
        inferenceSteps: 3,
        pathways: [
          { from: 'image', to: 'h1', kind: 'feedforward' },
          { from: 'h1', to: 'h2', kind: 'feedforward' },
          { from: 'h2', to: 'label', kind: 'feedforward' },
          { from: 'image', to: 'label', kind: 'feedforward' },
        ],
        epochs: 1,
        batchSize: 50,
      },
      out,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/test accuracy [\d.]+% on 40 images \(local learning\)/);
    const skip = await pathwayWeights(out, 'image', 'label');
    expect(skip.kind).toBe('feedforward');
    expect(skip.weights.map((w) => w.shape)).toEqual([[784, 10]]);
    expect(moved(skip.weights[0]!)).toBe(true);
  });

  it('refuses pathways that name no area, at their path, before writing anything', async () => {
    const out = join(tmp.path, 'bad');
    const spec = pcvaeSpec(1);
    spec.pathways[4] = { from: 'zz2', to: 'sensroy', kind: 'feedback', gain: 1 };
    const r = await train('bad', spec, out);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('pathways[4].from: no area named "zz2" (did you mean "z2"?)');
    expect(r.stderr).toContain('pathways[4].to: no area named "sensroy" (did you mean "sensory"?)');
    expect(existsSync(out)).toBe(false);
  });
});
