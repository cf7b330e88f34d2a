/**
 * The page draws what the topology and the frames say: no file of web/src names a model
 * kind the live session runs (the kinds give their words through the topology's captions),
 * so a new kind needs nothing of the page.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { slotFacets } from '../../src/sim/session/liveSlots.ts';

const webSrc = join(import.meta.dirname, '..', '..', 'web', 'src');
const kinds = [...slotFacets('generative'), ...slotFacets('classifier')].map((f) => f.kind);

describe('the page', () => {
  it('names no model kind in any of its files', () => {
    expect(kinds).toEqual(expect.arrayContaining(['pcvae', 'pcgen', 'mlp', 'pcn']));
    const named: string[] = [];
    for (const file of readdirSync(webSrc).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(webSrc, file), 'utf8');
      for (const kind of kinds) {
        if (new RegExp(`\\b${kind}\\b`, 'i').test(text)) named.push(`${file}: ${kind}`);
      }
    }
    expect(named).toEqual([]);
  });
});
