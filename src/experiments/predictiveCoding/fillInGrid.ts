/**
 * The fill-in grid of one model as a labelled SVG: each row of the PNG grid
 * (per occlusion: the originals, what the model is shown, then each method's
 * fill-in) named at its left, so the figure reads without the report.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomicWrite.ts';
import type { GridOptions } from '../../io/imageGrid.ts';
import { labelledGridSvg } from '../labelledGridSvg.ts';

/** How the report names each fill-in method. */
export const METHOD_TEXT: Record<string, string> = {
  encoder: 'encoder alone',
  settle: 'encoder + settling',
  'settle-lesion-sensory': 'settling, feedback z1 → sensory lesioned',
  'settle-lesion-top': 'settling, feedback z2 → z1 lesioned',
};

/** The grid's row labels, top to bottom. */
export function fillInRowLabels(
  occlusions: readonly string[],
  methods: readonly string[],
): string[] {
  return occlusions.flatMap((occlusion) => [
    `${occlusion}: original`,
    `${occlusion}: shown`,
    ...methods.map((m) => `${occlusion}: ${METHOD_TEXT[m] ?? m}`),
  ]);
}

/**
 * Write `<name>.svg` next to the grid `<name>.png` in `dir`, its rows labelled;
 * returns the SVG's file name, or undefined when there is no PNG.
 */
export async function writeLabelledFillInGrid(
  dir: string,
  name: string,
  grid: GridOptions,
  occlusions: readonly string[],
  methods: readonly string[],
): Promise<string | undefined> {
  const png = join(dir, `${name}.png`);
  if (!existsSync(png)) return undefined;
  const svg = labelledGridSvg(await readFile(png), grid, fillInRowLabels(occlusions, methods));
  await writeFileAtomic(join(dir, `${name}.svg`), svg);
  return `${name}.svg`;
}
