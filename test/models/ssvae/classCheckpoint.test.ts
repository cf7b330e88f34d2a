import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.ts';
import type { ImageSet } from '../../../src/data/index.ts';
import { loadCheckpoint, saveCheckpoint } from '../../../src/models/checkpoint.ts';
import { classAreaForm, SsVae, trainSsVae } from '../../../src/models/ssvae/index.ts';
import { useTempDir } from '../../helpers/tempDir.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const tmp = useTempDir('ssvae-class-form');
const spec = { inputSize: 16, classes: 2, latentSize: 3, hiddenSize: 8, classHiddenSize: 8 };

function tinySet(count: number): ImageSet {
  const images = Float32Array.from({ length: count * 16 }, (_, i) => ((i * 7) % 11) / 10);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 2);
  return { name: 'tiny', images, labels, count, height: 4, width: 4, classNames: ['a', 'b'] };
}

async function train(
  dir: string,
  resume: boolean,
  classArea: 'dense' | 'cortex' = 'cortex',
): Promise<void> {
  const model = new SsVae({ ...spec, classArea }, 2);
  try {
    await trainSsVae(model, tinySet(32), {
      epochs: 1,
      classEpochs: 1,
      seed: 1,
      batchSize: 16,
      labelled: Int32Array.from([0, 1, 2, 3]),
      checkpoint: {
        lowerPath: join(dir, 'checkpoint.bin'),
        classPath: join(dir, 'checkpoint-class.bin'),
        config: { model: 'ssvae', ...spec, ...classAreaForm(classArea) },
        resume,
      },
    });
  } finally {
    model.dispose();
  }
}

describe('a class-stage checkpoint of the dense class area (every run before the cortex one)', () => {
  it('is refused by a cortex class area with CHECKPOINT_INVALID naming the change, and left as it was', async () => {
    await train(tmp.path, false);
    const classPath = join(tmp.path, 'checkpoint-class.bin');
    const { header, tensors } = await loadCheckpoint(classPath);
    expect(header.config['classArea']).toMatch(/cortex areas y .* and z2 .* predict z1/);
    // The same checkpoint as a run before the change wrote it: no classArea in its config.
    const oldConfig = { ...header.config };
    delete oldConfig['classArea'];
    await saveCheckpoint(classPath, {
      ...header,
      config: oldConfig,
      tensors: [...tensors.values()],
    });
    const before = await readFile(classPath);
    const refusal = await train(tmp.path, true).then(
      () => undefined,
      (error: unknown) => error as { code?: string; message: string },
    );
    expect(refusal?.code).toBe('CHECKPOINT_INVALID');
    expect(refusal?.message).toMatch(
      /another config.*classArea: checkpoint unset, now "cortex areas y \(categorical\) and z2/,
    );
    expect(await readFile(classPath)).toEqual(before);
  });

  it('is written without a classArea field and resumed by the dense class area', async () => {
    const dir = join(tmp.path, 'dense');
    await train(dir, false, 'dense');
    const { header } = await loadCheckpoint(join(dir, 'checkpoint-class.bin'));
    expect(header.config).not.toHaveProperty('classArea');
    await expect(train(dir, true, 'dense')).resolves.toBeUndefined();
    await expect(train(dir, true, 'cortex')).rejects.toMatchObject({ code: 'CHECKPOINT_INVALID' });
  });
});
