import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchemas, schemaFileText } from '../../src/cli/jsonSchemas.ts';

const dir = join(import.meta.dirname, '..', '..', 'schemas');

describe('JSON Schema files', () => {
  it.each(Object.entries(jsonSchemas()))(
    'schemas/%s is what `npm run schemas` writes from the zod schemas',
    async (file, schema) => {
      const path = join(dir, file);
      const committed = await readFile(path, 'utf8');
      expect(committed, 'out of date: run npm run schemas').toBe(
        await schemaFileText(path, schema),
      );
    },
  );

  it('describes each model kind, with bounds an editor can check', () => {
    const model = jsonSchemas()['model.schema.json'] as {
      oneOf: { properties: { kind: { const: string }; epochs: { maximum: number } } }[];
    };
    expect(model.oneOf.map((k) => k.properties.kind.const)).toEqual([
      'vae',
      'pcvae',
      'classifier',
      'ssvae',
      'pcn',
      'pcgen',
    ]);
    for (const kind of model.oneOf) expect(kind.properties.epochs.maximum).toBe(100_000);
  });
});
