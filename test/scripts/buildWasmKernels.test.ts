import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedKernels } from '../../scripts/buildWasmKernels.ts';

describe('scripts/buildWasmKernels.ts', () => {
  it('the committed wasm kernel bytes are the compiled src/backend/wat sources', async () => {
    const committed = readFileSync(
      join(import.meta.dirname, '../../src/backend/wasmKernels.generated.ts'),
      'utf8',
    );
    const fresh = await generatedKernels();
    expect(fresh).toContain('adam:');
    expect(committed).toBe(fresh);
  });
});
