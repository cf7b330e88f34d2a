/**
 * The committed full context-shift results stay reusable where their model did
 * not change: every finished cell of the MLP, M1 and analysis by synthesis under
 * experiments/results/context-shift/cells is found again, with the same key and
 * config, by the script as it is now (with the figure-ground route). The ssvae's
 * are found too, because the route still builds the dense class area they were
 * computed with; a cell asked for with the cortex class area is not (it must be
 * computed again, never silently reused).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contextShiftCell, ContextShiftConfig } from '../../experiments/context-shift.ts';
import { experiments } from '../../experiments/index.ts';
import { parseExperimentSpec, readCell } from '../../src/experiments/index.ts';
import { CLASS_AREA_FORM } from '../../src/models/ssvae/index.ts';

const dir = join(import.meta.dirname, '..', '..', 'experiments', 'results', 'context-shift');

describe('the context-shift cell cache', () => {
  const spec = parseExperimentSpec({ experiment: 'context-shift' }, experiments);
  const size = ContextShiftConfig.parse(spec.config);

  it('finds every committed full-mode cell again; refuses the ssvae ones for a cortex class area', async () => {
    const files = (await readdir(join(dir, 'cells'))).filter((f) => f.endsWith('.json'));
    const expected: string[] = [];
    for (const dataset of size.datasets)
      for (const c of size.correlations)
        for (const seed of spec.seeds)
          for (const route of ['mlp', 'm1', 'ssvae', 'abs'] as const) {
            const cell = contextShiftCell(route, size, dataset, c, seed);
            expected.push(`${cell.key}.json`);
            expect(await readCell(dir, cell.key, cell.config), cell.key).toBeDefined();
            if (route === 'ssvae') {
              const cortex = { ...cell.config, classArea: CLASS_AREA_FORM };
              expect(await readCell(dir, cell.key, cortex), cell.key).toBeUndefined();
            }
          }
    expect(expected).toHaveLength(120);
    for (const file of expected) expect(files).toContain(file);
  });

  it('keys the figure-ground route apart, with the sizes it depends on', () => {
    const cell = contextShiftCell('figure-ground', size, 'mnist', 0.9, 2);
    expect(cell.key).toBe('figure-ground-mnist-c0.9-seed2');
    expect(cell.config).toMatchObject({ figureGround: size.figureGround, seed: 2 });
    const longer = contextShiftCell(
      'figure-ground',
      { ...size, figureGround: { ...size.figureGround, epochs: size.figureGround.epochs + 1 } },
      'mnist',
      0.9,
      2,
    );
    expect(longer.config).not.toEqual(cell.config);
    // The other routes' configs do not depend on the figure-ground sizes.
    const mlp = contextShiftCell('mlp', size, 'mnist', 0.9, 2);
    const mlpLonger = contextShiftCell(
      'mlp',
      { ...size, figureGround: { ...size.figureGround, epochs: 99 } },
      'mnist',
      0.9,
      2,
    );
    expect(mlpLonger).toEqual(mlp);
  });
});
