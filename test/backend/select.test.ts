import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  backendChoiceFromEnv,
  fastTransposedMatMulInstalled,
  initBackend,
  parseBackendChoice,
} from '../../src/backend/index.ts';

/** Whether the optional @tensorflow/tfjs-node loads on this machine. */
async function tfjsNodeLoads(): Promise<boolean> {
  try {
    const name: string = '@tensorflow/tfjs-node';
    await import(name);
    return true;
  } catch {
    return false;
  }
}

describe('backend selection', () => {
  it('parses choices and aliases, and names the valid ones on a typo', () => {
    expect(parseBackendChoice('wasm')).toBe('wasm');
    expect(parseBackendChoice('node')).toBe('tensorflow');
    expect(() => parseBackendChoice('gpu')).toThrow(
      /unknown backend "gpu".*auto, tensorflow, wasm, cpu/,
    );
  });

  it('reads NEOCORTEX_BACKEND, defaulting to auto', () => {
    expect(backendChoiceFromEnv({})).toBe('auto');
    expect(backendChoiceFromEnv({ NEOCORTEX_BACKEND: 'cpu' })).toBe('cpu');
    expect(() => backendChoiceFromEnv({ NEOCORTEX_BACKEND: 'cuda' })).toThrow(/NEOCORTEX_BACKEND/);
  });

  it('auto prefers tfjs-node and falls back to wasm with the reason', async () => {
    const nodeLoads = await tfjsNodeLoads();
    const info = await initBackend('auto');
    expect(tf.getBackend()).toBe(info.name);
    if (nodeLoads) {
      expect(info.name).toBe('tensorflow');
    } else {
      expect(info.name).toBe('wasm');
      expect(info.fallbackReason).toMatch(/tfjs-node/);
      expect(fastTransposedMatMulInstalled()).toBe(true);
    }
  });

  it('forcing cpu uses cpu, and forcing an unavailable backend is a clear error', async () => {
    const info = await initBackend('cpu');
    expect(info.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    const nodeLoads = await tfjsNodeLoads();
    if (!nodeLoads) await expect(initBackend('tensorflow')).rejects.toThrow(/optional dependency/);
  });
});
