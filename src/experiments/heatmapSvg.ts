/**
 * Heatmaps as SVG text, drawn with d3's scales on the server (no DOM): one
 * coloured cell per (row, column) value with the value written in it, row and
 * column labels, and a colour bar. Used for the factor-by-unit mutual
 * information matrix.
 */
import { interpolateBlues, scaleSequential } from 'd3';
import { escapeXml } from './xml.ts';

/** A heatmap to draw: title, labels of the rows and columns, and the values. */
export interface Heatmap {
  /** Title above the map. */
  title: string;
  /** Label of each row, top to bottom. */
  rowLabels: string[];
  /** Label of each column, left to right. */
  columnLabels: string[];
  /** values[r][c]: one row per row label, one value per column label. */
  values: number[][];
  /** The colour scale's range; default [0, the largest value]. */
  domain?: [number, number];
  /** What the values are (e.g. "mutual information (nats)"), written under the colour bar. */
  valueLabel: string;
  /** Digits written in each cell; default 2. */
  digits?: number;
}

const CELL = 42;
const MARGIN = { top: 40, right: 150, bottom: 30, left: 110 };

/**
 * The heatmap as a standalone SVG document (text, no DOM). Rows whose length
 * differs from the column labels, a row count that differs from the row
 * labels, or a non-finite value is an error naming where.
 */
export function heatmapSvg(map: Heatmap): string {
  const { rowLabels, columnLabels, values } = map;
  if (values.length !== rowLabels.length || values.length === 0) {
    throw new Error(`heatmap "${map.title}": ${values.length} rows for ${rowLabels.length} labels`);
  }
  values.forEach((row, r) => {
    if (row.length !== columnLabels.length) {
      throw new Error(
        `heatmap "${map.title}": row ${r} has ${row.length} values for ${columnLabels.length} columns`,
      );
    }
    row.forEach((v, c) => {
      if (!Number.isFinite(v))
        throw new Error(`heatmap "${map.title}": value [${r}][${c}] is ${v}`);
    });
  });
  const max = Math.max(...values.flat());
  const domain = map.domain ?? [0, max > 0 ? max : 1];
  const colour = scaleSequential(interpolateBlues).domain(domain);
  const digits = map.digits ?? 2;
  const innerW = columnLabels.length * CELL;
  const innerH = rowLabels.length * CELL;
  const width = MARGIN.left + innerW + MARGIN.right;
  const height = MARGIN.top + innerH + MARGIN.bottom;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="10" y="20" font-size="13" font-weight="bold">${escapeXml(map.title)}</text>`,
    `<g transform="translate(${MARGIN.left},${MARGIN.top})">`,
  ];
  const mid = (domain[0] + domain[1]) / 2;
  values.forEach((row, r) => {
    out.push(
      `<text x="-8" y="${r * CELL + CELL / 2 + 4}" text-anchor="end">${escapeXml(rowLabels[r]!)}</text>`,
    );
    row.forEach((v, c) => {
      const ink = v > mid ? 'white' : 'black';
      out.push(
        `<rect x="${c * CELL}" y="${r * CELL}" width="${CELL}" height="${CELL}" ` +
          `fill="${colour(v)}" stroke="white"/>` +
          `<text x="${c * CELL + CELL / 2}" y="${r * CELL + CELL / 2 + 4}" text-anchor="middle" ` +
          `fill="${ink}" font-size="10">${v.toFixed(digits)}</text>`,
      );
    });
  });
  columnLabels.forEach((label, c) => {
    out.push(
      `<text x="${c * CELL + CELL / 2}" y="${innerH + 16}" text-anchor="middle">${escapeXml(label)}</text>`,
    );
  });
  // Colour bar: ten steps from the low end to the high end of the domain.
  const barX = innerW + 24;
  const steps = 10;
  const stepH = innerH / steps;
  for (let k = 0; k < steps; k++) {
    const v = domain[1] - ((k + 0.5) / steps) * (domain[1] - domain[0]);
    out.push(
      `<rect x="${barX}" y="${k * stepH}" width="14" height="${stepH}" fill="${colour(v)}"/>`,
    );
  }
  out.push(
    `<text x="${barX + 20}" y="10">${domain[1].toFixed(digits)}</text>`,
    `<text x="${barX + 20}" y="${innerH}">${domain[0].toFixed(digits)}</text>`,
    `<text x="${barX}" y="${innerH + 16}">${escapeXml(map.valueLabel)}</text>`,
  );
  out.push('</g></svg>');
  return `${out.join('\n')}\n`;
}
