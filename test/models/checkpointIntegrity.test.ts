import { appendFile, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNeocortexError } from '../../src/errors.ts';
import {
  encodeCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
  type CheckpointContent,
} from '../../src/models/checkpoint.ts';
import { assertHistoryMatchesEpoch } from '../../src/models/trainingCheckpoint.ts';
import { useTempDir } from '../helpers/tempDir.ts';

const content: CheckpointContent = {
  model: 'vae',
  spec: { latentSize: 2 },
  config: { seed: 1, latentSize: 2, epochs: 5 },
  epoch: 1,
  history: [{ epoch: 1, trainNegElbo: 180.5 }],
  version: '0.0.0-test',
  tensors: [{ name: 'a', shape: [2, 3], values: Float32Array.from([1, 2, 3, 4, 5, 6]) }],
};

const tmp = useTempDir('ckpt-integrity');

/** Save a good checkpoint, damage the file on disk with `damage`, load it back. */
async function loadDamaged(name: string, damage: (path: string) => Promise<void>) {
  const path = join(tmp.path, name);
  await saveCheckpoint(path, content);
  await loadCheckpoint(path); // intact, it loads
  await damage(path);
  return loadCheckpoint(path);
}

async function rewrite(path: string, edit: (bytes: Buffer) => Buffer): Promise<void> {
  await writeFile(path, edit(await readFile(path)));
}

/** Replace `from` by `to` (same length) in the file's header text. */
function replaceText(bytes: Buffer, from: string, to: string): Buffer {
  const at = bytes.indexOf(from);
  expect(at).toBeGreaterThan(0);
  const out = Buffer.from(bytes);
  out.write(to, at);
  return out;
}

describe('a checkpoint file is checked byte for byte', () => {
  it('refuses a header whose epoch was changed, though it still parses', async () => {
    const load = loadDamaged('epoch.bin', (path) =>
      rewrite(path, (b) => replaceText(b, '"epoch":1,', '"epoch":3,')),
    );
    await expect(load).rejects.toThrow(/epoch\.bin: corrupt: the file does not match its checksum/);
    await expect(load).rejects.toSatisfy((e) => isNeocortexError(e, 'CHECKPOINT_INVALID'));
  });

  it('refuses a header whose recorded loss was changed', async () => {
    await expect(
      loadDamaged('loss.bin', (path) => rewrite(path, (b) => replaceText(b, '180.5', '100.5'))),
    ).rejects.toThrow(/loss\.bin: corrupt/);
  });

  it('refuses a flipped byte in the weights and in the checksum itself', async () => {
    const payloadAt = encodeCheckpoint(content).length - 32 - 4;
    await expect(
      loadDamaged('payload.bin', (path) =>
        rewrite(path, (b) => {
          b[payloadAt]! ^= 0x01;
          return b;
        }),
      ),
    ).rejects.toThrow(/payload\.bin: corrupt/);
    await expect(
      loadDamaged('digest.bin', (path) =>
        rewrite(path, (b) => {
          b[b.length - 1]! ^= 0x80;
          return b;
        }),
      ),
    ).rejects.toThrow(/digest\.bin: corrupt/);
  });

  it('refuses a truncated file and one with bytes appended', async () => {
    const size = encodeCheckpoint(content).length;
    await expect(loadDamaged('short.bin', (path) => truncate(path, size - 1))).rejects.toThrow(
      /short\.bin: corrupt/,
    );
    await expect(loadDamaged('tiny.bin', (path) => truncate(path, 20))).rejects.toThrow(
      /tiny\.bin: truncated/,
    );
    await expect(
      loadDamaged('long.bin', (path) => appendFile(path, Buffer.alloc(4))),
    ).rejects.toThrow(/long\.bin: corrupt/);
  });

  it('refuses a checksummed checkpoint whose history does not match its epoch', () => {
    expect(() => assertHistoryMatchesEpoch(3, [{ epoch: 1 }], 'x.bin')).toThrow(
      /x\.bin: inconsistent: it claims 3 epochs done but holds 1 epochs of history/,
    );
    expect(() => assertHistoryMatchesEpoch(2, [{ epoch: 1 }, { epoch: 3 }], 'x.bin')).toThrow(
      /history entry 2 is numbered epoch 3/,
    );
    expect(() => assertHistoryMatchesEpoch(2, [{ epoch: 1 }, { epoch: 2 }], 'x.bin')).not.toThrow();
  });
});
