// A user's first script against the installed package: plain JavaScript, no
// TypeScript loader. Run by install.test.ts in a temp folder where only the packed
// tarball is installed; prints one JSON object of what it saw on its last line.
import { setTimeout as sleep } from 'node:timers/promises';
import * as tf from '@tensorflow/tfjs';
import { VERSION, initBackend } from 'neocortex-sim';
import { buildHierarchy, parseHierarchySpec } from 'neocortex-sim/cortex';
import { generateLetters } from 'neocortex-sim/data';
import { PcVae, trainGenerative } from 'neocortex-sim/models';
import { createSession } from 'neocortex-sim/sim';
import { startServer } from 'neocortex-sim/server';

const backend = await initBackend('wasm');

// 1. A three-area hierarchy from a JSON spec, as a user would keep it in a file.
const specJson = JSON.stringify({
  areas: [
    { name: 'retina', size: 16, activation: 'sigmoid', likelihood: 'bernoulli' },
    { name: 'v1', size: 8, activation: 'tanh' },
    { name: 'it', size: 4 },
  ],
  pathways: [
    { from: 'retina', to: 'v1', kind: 'feedforward' },
    { from: 'v1', to: 'it', kind: 'feedforward' },
    { from: 'it', to: 'v1', kind: 'feedback' },
    { from: 'v1', to: 'retina', kind: 'feedback' },
  ],
  seed: 3,
});
const cortex = buildHierarchy(parseHierarchySpec(JSON.parse(specJson)));
const input = Array.from({ length: 16 }, (_, i) => (i % 3 === 0 ? 1 : 0));
const top = Array.from(cortex.recognize([input]).dataSync());
const settled = cortex.settle([input], { iterations: 5, stepSize: 0.05 });
const hierarchy = {
  areas: cortex.areas.map((a) => [a.name, a.size]),
  top,
  freeEnergy: settled.freeEnergy,
};
cortex.dispose();

// 2. A predictive-coding VAE with named areas and three latent areas, one training step.
const { set } = generateLetters({ count: 16, seed: 1 });
const model = new PcVae(
  {
    latentSizes: [8, 6, 4],
    hiddenSizes: [32, 16, 8],
    areaNames: ['retina', 'v1', 'v2', 'it'],
  },
  1,
);
const before = model.variables().map((v) => v.dataSync().slice());
const result = await trainGenerative(model, set, { epochs: 1, seed: 1, batchSize: 16 });
const after = model.variables().map((v) => v.dataSync());
const changed = before.filter((b, i) => b.some((x, j) => x !== after[i][j])).length;
const pcvae = {
  areas: model.hierarchy.areas.map((a) => [a.name, a.size]),
  epochs: result.epochs,
  variables: before.length,
  changed,
};
model.dispose();

// 3. A live session training in a worker thread (compiled JavaScript, no loader).
const session = await createSession({
  training: 'worker',
  dataset: 'letters',
  generative: { areas: [{ size: 784 }, { name: 'z1', size: 4, hidden: 16 }] },
  classifierHidden: [16],
  batchSize: 8,
  weightSyncMs: 50,
});
const deadline = Date.now() + 150_000;
while (session.trainingStatus.steps === 0 && Date.now() < deadline) {
  await sleep(50);
}
const worker = session.trainingStatus;
await session.dispose();

console.log(
  JSON.stringify({
    version: VERSION,
    backend: backend.name,
    tensorsLeft: tf.memory().numTensors,
    hierarchy,
    pcvae,
    worker,
    serverExport: typeof startServer,
  }),
);
