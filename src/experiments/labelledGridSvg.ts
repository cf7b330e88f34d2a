/**
 * An image grid (a PNG of equal cells, io/imageGrid.ts) with a label at the
 * left of each row, as one standalone SVG: the PNG is embedded (a data URI),
 * so the file shows the same wherever it is opened, a report's <img> included.
 */
import type { GridOptions } from '../io/imageGrid.ts';
import { escapeXml } from './xml.ts';

const FONT_SIZE = 13;
/** A generous width per character of a sans-serif label at FONT_SIZE (no font metrics here). */
const CHAR_WIDTH = 7.5;

/**
 * The SVG of `png`, a grid laid out by `grid`, with `rowLabels` (one per row of
 * images, top to bottom) written at the left. A label count that differs from
 * the grid's rows is an error.
 */
export function labelledGridSvg(png: Uint8Array, grid: GridOptions, rowLabels: string[]): string {
  const scale = grid.scale ?? 2;
  const gap = grid.gap ?? 2;
  const cellH = grid.height * scale + gap;
  const width = grid.columns * (grid.width * scale + gap) + gap;
  const pngHeight = pngHeightOf(png);
  const rows = Math.round((pngHeight - gap) / cellH);
  if (rows !== rowLabels.length) {
    throw new Error(`labelled grid: ${rowLabels.length} labels for a grid of ${rows} rows`);
  }
  const labelWidth = Math.ceil(16 + CHAR_WIDTH * Math.max(0, ...rowLabels.map((l) => l.length)));
  const labels = rowLabels.map((label, r) => {
    const y = gap + r * cellH + (grid.height * scale) / 2 + FONT_SIZE / 3;
    return `<text x="${labelWidth - 8}" y="${y}" text-anchor="end">${escapeXml(label)}</text>`;
  });
  const data = Buffer.from(png).toString('base64');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + width}" height="${pngHeight}" ` +
      `font-family="sans-serif" font-size="${FONT_SIZE}">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...labels,
    `<image x="${labelWidth}" y="0" width="${width}" height="${pngHeight}" ` +
      `href="data:image/png;base64,${data}"/>`,
    '</svg>',
    '',
  ].join('\n');
}

/** A PNG's height in pixels, from its IHDR chunk. */
function pngHeightOf(png: Uint8Array): number {
  const signature = [137, 80, 78, 71, 13, 10, 26, 10];
  if (png.length < 24 || signature.some((b, i) => png[i] !== b)) {
    throw new Error('labelled grid: the image is not a PNG');
  }
  return new DataView(png.buffer, png.byteOffset, png.byteLength).getUint32(20);
}
