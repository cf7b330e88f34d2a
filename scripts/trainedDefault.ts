/**
 * Remake the trained weights the package ships for the default live session
 * (trained/mnist-default/generative and .../classifier): `npm run trained:default`.
 *
 * Each model is trained by the project's own command, `neocortex train`, with the default
 * session's model (the pcvae of `defaultPcVaeAreas`, the MLP of `LIVE_MLP_HIDDEN`), its batch
 * size and learning rate, on the embedded MNIST split. Then its checkpoint is cut to the
 * model's weights (`model/0`, `model/1`, ...; Adam's moments dropped, which a session never
 * reads), in the same checkpoint format, so the package stays small. The run's metrics.json
 * (its spec, figures and history) and pictures stay beside it.
 *
 * Run it niced on a shared machine: `nice -n 10 npm run trained:default` (about 3 minutes on
 * 2 cores). test/cli/trainedDefault.test.ts checks the shipped files load and match the
 * default session and these runs.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCheckpoint, saveCheckpoint } from '../src/models/checkpoint.ts';

const root = join(fileURLToPath(import.meta.url), '..', '..');

/** The folder the shipped runs go to. */
export const TRAINED_DEFAULT_DIR = join(root, 'trained', 'mnist-default');

/** Epochs each shipped model is trained for. */
export const TRAINED_DEFAULT_EPOCHS = 10;

/** The `neocortex train` options of each slot's shipped run (before `--out`). */
export const trainedDefaultRuns = {
  generative: ['--model', 'pcvae', '--latent', '20', '--hidden', '400'],
  classifier: ['--model', 'classifier', '--classifier', 'mlp', '--hidden', '256,256'],
} as const;

/** The options every shipped run shares: the session's batch and rate, seed 1, MNIST. */
export const trainedDefaultShared = [
  '--dataset',
  'mnist',
  '--epochs',
  String(TRAINED_DEFAULT_EPOCHS),
  '--batch-size',
  '32',
  '--lr',
  '0.001',
  '--seed',
  '1',
] as const;

/** Keep only a checkpoint's model weights (same format, same header). */
async function weightsOnly(file: string): Promise<void> {
  const { header, tensors } = await loadCheckpoint(file);
  const kept = [...tensors.values()].filter((t) => t.name.startsWith('model/'));
  await saveCheckpoint(file, {
    model: header.model,
    spec: header.spec,
    config: header.config,
    epoch: header.epoch,
    history: header.history,
    version: header.version,
    tensors: kept,
  });
}

async function main(): Promise<void> {
  for (const [slot, options] of Object.entries(trainedDefaultRuns)) {
    const out = join(TRAINED_DEFAULT_DIR, slot);
    const args = ['train', ...options, ...trainedDefaultShared, '--out', out, '--overwrite'];
    console.log(`neocortex ${args.join(' ')}`);
    execFileSync(
      process.execPath,
      ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts'), ...args, '--no-progress'],
      { stdio: 'inherit', cwd: root },
    );
    await weightsOnly(join(out, 'checkpoint.bin'));
    console.log(`kept the model weights only in ${join(out, 'checkpoint.bin')}`);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
