import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/tempDir.ts';
import {
  assertSameConfig,
  CheckpointError,
  decodeCheckpoint,
  encodeCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
  type CheckpointContent,
} from '../../src/models/checkpoint.ts';

const content: CheckpointContent = {
  model: 'vae',
  spec: { latentSize: 2 },
  config: { seed: 1, latentSize: 2, epochs: 5 },
  epoch: 3,
  history: [{ epoch: 1 }, { epoch: 2 }, { epoch: 3 }],
  version: '0.0.0-test',
  tensors: [
    { name: 'a', shape: [2, 3], values: Float32Array.from([1, 2, 3, 4, 5, Math.PI]) },
    { name: 'b', shape: [], values: Float32Array.from([-0.5]) },
  ],
};

const tmp = useTempDir('ckpt');

describe('checkpoint files', () => {
  it('round-trip spec, config, history and exact float32 values', async () => {
    const path = join(tmp.path, 'ok.bin');
    await saveCheckpoint(path, content);
    const { header, tensors } = await loadCheckpoint(path);
    expect(header.epoch).toBe(3);
    expect(header.spec).toEqual({ latentSize: 2 });
    expect(header.history).toHaveLength(3);
    expect(Array.from(tensors.get('a')!.values)).toEqual(Array.from(content.tensors[0]!.values));
    expect(tensors.get('a')!.shape).toEqual([2, 3]);
    expect(tensors.get('b')!.values[0]).toBe(-0.5);
  });

  it('refuses a flipped byte, a truncated file, a foreign file and a missing one', async () => {
    const bytes = encodeCheckpoint(content);
    const flipped = bytes.slice();
    flipped[flipped.length - 3]! ^= 0x40;
    expect(() => decodeCheckpoint(flipped, 'x.bin')).toThrow(
      /x\.bin: corrupt: the file does not match its checksum/,
    );
    expect(() => decodeCheckpoint(bytes.slice(0, bytes.length - 4), 'x.bin')).toThrow(/truncated/);
    expect(() =>
      decodeCheckpoint(new TextEncoder().encode('{"not":"a checkpoint"}'), 'x.bin'),
    ).toThrow(/wrong magic bytes/);
    const damagedHeader = bytes.slice();
    damagedHeader[14] = 0x7b; // break the JSON header
    expect(() => decodeCheckpoint(damagedHeader, 'x.bin')).toThrow(CheckpointError);
    await expect(loadCheckpoint(join(tmp.path, 'nothing.bin'))).rejects.toThrow(
      /no checkpoint here/,
    );
  });

  it('a write interrupted before its rename leaves the previous checkpoint intact', async () => {
    const path = join(tmp.path, 'atomic.bin');
    await saveCheckpoint(path, content);
    const before = await readFile(path);
    // A crash mid-write leaves only a temporary sibling behind, never a half file at `path`.
    await writeFile(`${path}.12345.deadbeef.tmp`, before.subarray(0, 20));
    const { header } = await loadCheckpoint(path);
    expect(header.epoch).toBe(3);
  });

  it('refuses a checkpoint from another model or config, naming the differences', () => {
    const { header } = decodeCheckpoint(encodeCheckpoint(content), 'x.bin');
    expect(() =>
      assertSameConfig(header, 'x.bin', 'vae', { seed: 1, latentSize: 2, epochs: 9 }),
    ).not.toThrow();
    expect(() => assertSameConfig(header, 'x.bin', 'vae', { seed: 2, latentSize: 2 })).toThrow(
      /another config.*seed: checkpoint 1, now 2/,
    );
    expect(() =>
      assertSameConfig(header, 'x.bin', 'classifier', { seed: 1, latentSize: 2 }),
    ).toThrow(/holds a "vae" model, not "classifier"/);
  });
});
