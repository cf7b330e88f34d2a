/**
 * A live slot with its own pathways: a tiny pcvae with a skip (feedback z2 -> sensory) and a
 * pcn with a feedforward skip (image -> label), trained by `neocortex train --spec` into a
 * temporary folder, then named by a session spec as `trained`. The slot builds the trained
 * run's graph (given or not in the slot), holds the checkpoint's weights, draws the skip in its
 * topology, and a worker copy trains on it; other pathways than the run's are refused naming
 * both, and a slot's own pathways are validated as the model spec's are.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { reciprocalPathways } from '../../src/cortex/index.ts';
import { isNeocortexError } from '../../src/errors.ts';
import { loadTrainedModel } from '../../src/models/trainedModel.ts';
import { createSession, loadTrainedSlots, type Frame } from '../../src/sim/session/index.ts';
import { SessionModels } from '../../src/sim/session/sessionModels.ts';
import { SessionSpec, type SessionSpecInput } from '../../src/sim/session/sessionSpec.ts';
import { useTempDir } from '../helpers/tempDir.ts';
import { sessionSpecProblems, tinyData, tinySpec } from './sessionFixture.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', 'helpers', 'neocortexSource.js');
const tmp = useTempDir('live-pathways');

const areas: [{ name: string; size: number }, ...{ name: string; size: number; hidden: number }[]] =
  [
    { name: 'sensory', size: 784 },
    { name: 'z1', size: 16, hidden: 32 },
    { name: 'z2', size: 8, hidden: 16 },
  ];
const skip = { from: 'z2', to: 'sensory', kind: 'feedback' as const };
const pcvaePathways = [...reciprocalPathways(['sensory', 'z1', 'z2']), skip];
const pcn = {
  kind: 'pcn' as const,
  hiddenSizes: [8],
  inferenceSteps: 4,
  pathways: [
    { from: 'image', to: 'h1', kind: 'feedforward' as const },
    { from: 'h1', to: 'label', kind: 'feedforward' as const },
    { from: 'image', to: 'label', kind: 'feedforward' as const },
  ],
};
const CLASSES = tinyData().train.classNames.length;
/** The pcn slot without its pathways (a slot that takes the trained run's). */
const pcnSlot = {
  kind: pcn.kind,
  hiddenSizes: pcn.hiddenSizes,
  inferenceSteps: pcn.inferenceSteps,
};

/** Train `spec` with the command line into DIR/`name`; returns the run folder. */
async function train(name: string, spec: object): Promise<string> {
  const file = join(tmp.path, `${name}.json`);
  await writeFile(file, JSON.stringify(spec));
  const out = join(tmp.path, name);
  await run(process.execPath, [bin, 'train', '--spec', file, '--out', out, '--no-progress'], {
    timeout: 170_000,
  });
  return out;
}

let pcvaeRun = '';
let pcnRun = '';

beforeAll(async () => {
  await initBackend('wasm');
  const schedule = { dataset: 'letters', epochs: 1, batchSize: 100 };
  [pcvaeRun, pcnRun] = await Promise.all([
    train('pcvae', {
      kind: 'pcvae',
      areas,
      pathways: pcvaePathways,
      settleIterations: 0,
      ...schedule,
    }),
    train('pcn', { ...pcn, classes: CLASSES, ...schedule }),
  ]);
}, 340_000);

const owned: { dispose(): unknown }[] = [];
afterEach(async () => {
  while (owned.length > 0) await owned.pop()!.dispose();
});

/** A session naming both runs, the slots giving no pathways of their own unless overridden. */
function trainedSpec(overrides: SessionSpecInput = {}): SessionSpec {
  return SessionSpec.parse(
    tinySpec({
      generative: { areas, trained: pcvaeRun },
      classifier: { ...pcnSlot, trained: pcnRun },
      ...overrides,
    }),
  );
}

/** A checkpoint's weights, end to end (the order `weights()` gives). */
async function checkpointWeights(path: string): Promise<number[]> {
  const { weights } = await loadTrainedModel(path);
  return weights.flatMap((w) => Array.from(w.values));
}

/** The pathways of a topology as `kind from->to`. */
const lanes = (pathways: readonly { from: string; to: string; kind: string }[]) =>
  pathways.map((p) => `${p.kind} ${p.from}->${p.to}`);

/** The message a SessionModels built from `spec` (and the runs it names) is refused with. */
async function refusal(spec: SessionSpec): Promise<string> {
  try {
    new SessionModels(spec, 784, CLASSES, await loadTrainedSlots(spec)).dispose();
  } catch (error) {
    expect(isNeocortexError(error, 'CHECKPOINT_INVALID')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('not refused');
}

describe('a live slot naming a trained model with pathways', () => {
  it('builds the run’s graph: the checkpoint’s weights, the skips in the topology', async () => {
    const spec = trainedSpec({ mode: 'recognize' });
    const models = new SessionModels(spec, 784, CLASSES, await loadTrainedSlots(spec));
    owned.push(models);
    expect(Array.from(models.generative.weights())).toEqual(await checkpointWeights(pcvaeRun));
    expect(Array.from(models.classifier.weights())).toEqual(await checkpointWeights(pcnRun));
    const session = await createSession(spec, { data: tinyData() });
    owned.push(session);
    expect(lanes(session.topology.generative.pathways)).toContain('feedback z2->sensory');
    expect(lanes(session.topology.generative.pathways)).toHaveLength(pcvaePathways.length);
    expect(lanes(session.topology.classifier.pathways)).toEqual(lanes(pcn.pathways));
    expect(session.tick().prediction).toHaveLength(784);
  });

  it('takes a slot giving the run’s own pathways', async () => {
    const spec = trainedSpec({
      generative: { areas, pathways: pcvaePathways, trained: pcvaeRun },
      classifier: { ...pcn, trained: pcnRun },
    });
    const models = new SessionModels(spec, 784, CLASSES, await loadTrainedSlots(spec));
    owned.push(models);
    expect(Array.from(models.generative.weights())).toEqual(await checkpointWeights(pcvaeRun));
    expect(Array.from(models.classifier.weights())).toEqual(await checkpointWeights(pcnRun));
  });

  it('refuses a slot giving other pathways than the run’s, naming both', async () => {
    const chain = reciprocalPathways(['sensory', 'z1', 'z2']);
    const message = await refusal(
      trainedSpec({ generative: { areas, pathways: chain, trained: pcvaeRun } }),
    );
    expect(message).toBe(
      `${join(pcvaeRun, 'checkpoint.bin')}: holds a pcvae trained with pathways ` +
        'sensory->z1 feedforward, z1->sensory feedback, z1->z2 feedforward, z2->z1 feedback, ' +
        'z2->sensory feedback, but the generative model gives pathways sensory->z1 feedforward, ' +
        "z1->sensory feedback, z1->z2 feedforward, z2->z1 feedback: leave the slot's pathways " +
        'out to take the trained ones, or train one with these',
    );
    const halfGain = pcn.pathways.map((p, i) => (i === 2 ? { ...p, gain: 0.5 } : p));
    expect(
      await refusal(
        trainedSpec({ classifier: { ...pcnSlot, pathways: halfGain, trained: pcnRun } }),
      ),
    ).toMatch(
      /trained with pathways .*image->label feedforward, but the classifier gives pathways .*image->label feedforward gain 0\.5:/,
    );
    // Other areas are refused as before, naming both lists of areas (not their pathways).
    expect(
      await refusal(
        trainedSpec({
          generative: {
            areas: [areas[0], { name: 'z1', size: 16, hidden: 32 }],
            trained: pcvaeRun,
          },
        }),
      ),
    ).toMatch(
      /holds a pcvae with areas sensory 784, z1 16, z2 8, but the generative model has sensory 784, z1 16:/,
    );
  });

  it('a worker copy builds the same graph and trains on from the trained weights', async () => {
    let workerFailed: (error: unknown) => void = () => undefined;
    const failure = new Promise<never>((_, reject) => (workerFailed = reject));
    const session = await createSession(trainedSpec({ training: 'worker', mode: 'train' }), {
      data: tinyData(),
      onError: (error) => workerFailed(error),
    });
    owned.push(session);
    const frame = new Promise<Frame>((resolve) => {
      const sub = session.frame$.subscribe((next) => {
        sub.unsubscribe();
        resolve(next);
      });
      session.step();
    });
    await Promise.race([frame, failure]);
    expect(session.trainingStatus.weightLoads).toBeGreaterThan(0);
  }, 120_000);
});

describe('a live slot’s own pathways', () => {
  it('are validated as the model spec’s, at their path', () => {
    const problems = sessionSpecProblems(
      tinySpec({
        generative: { areas, pathways: [...pcvaePathways, { ...skip, from: 'z3' }] },
      }),
    );
    expect(problems.join('\n')).toMatch(/generative\.pathways\[5\]\.from: no area named "z3"/);
  });

  it('build a fresh pcgen with them, drawn in the topology', async () => {
    const pcgen = {
      kind: 'pcgen' as const,
      latentSizes: [8, 4],
      inferenceSteps: 3,
      pathways: [
        { from: 'z1', to: 'sensory', kind: 'feedback' as const },
        { from: 'z2', to: 'z1', kind: 'feedback' as const },
        { from: 'z2', to: 'sensory', kind: 'feedback' as const },
      ],
    };
    const session = await createSession(tinySpec({ generative: pcgen, mode: 'recognize' }), {
      data: tinyData(),
    });
    owned.push(session);
    expect(lanes(session.topology.generative.pathways)).toEqual(lanes(pcgen.pathways));
    expect(session.tick().prediction).toHaveLength(784);
  });
});
