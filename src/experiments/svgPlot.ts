/**
 * Line plots as SVG text, drawn with d3's scales and line generator on the
 * server (no DOM): one line per series, a vertical bar of ± the spread at each
 * point, axes with the scales' own ticks, and a legend.
 */
import { line, scaleLinear, scaleLog, schemeTableau10 } from 'd3';
import { escapeXml } from './xml.ts';

/** One point of a series, with an optional error bar. */
export interface PlotPoint {
  /** Position on the x axis. */
  x: number;
  /** Position on the y axis. */
  y: number;
  /** Half-length of the error bar (e.g. the standard deviation over seeds). */
  spread?: number;
}

/** One line of a plot. */
export interface PlotSeries {
  /** The series' name in the legend. */
  name: string;
  /** Its points (drawn in order of x, each as a dot). */
  points: PlotPoint[];
  /** Drawn dashed (e.g. the out-of-context twin of a solid line). */
  dashed?: boolean;
  /** Colour index shared by twin series; default: the series' position. */
  colour?: number;
}

/** A line plot to draw: title, axis labels, series, and optional scales and size. */
export interface LinePlot {
  /** Title above the plot. */
  title: string;
  /** Label of the x axis. */
  xLabel: string;
  /** Label of the y axis. */
  yLabel: string;
  /** The lines to draw. */
  series: PlotSeries[];
  /** Scale of the x axis; default linear. */
  xScale?: 'linear' | 'log';
  /** The y axis's range (widened to round ticks); default: the points' range with their error bars. */
  yDomain?: [number, number];
  /** Width in pixels; default 780 (the legend takes the right 270). */
  width?: number;
  /** Height in pixels; default 380. */
  height?: number;
}

const MARGIN = { top: 36, right: 270, bottom: 48, left: 60 };

function tickLabel(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(3)));
}

/**
 * The plot as a standalone SVG document (text, no DOM): axes, grid, one line
 * per series with ± spread error bars, and a legend. A plot with no points is
 * an error.
 */
export function linePlotSvg(plot: LinePlot): string {
  const width = plot.width ?? 780;
  const height = plot.height ?? 380;
  const innerW = width - MARGIN.left - MARGIN.right;
  const innerH = height - MARGIN.top - MARGIN.bottom;
  const points = plot.series.flatMap((s) => s.points);
  if (points.length === 0) throw new Error(`plot "${plot.title}": no points`);
  const xs = points.map((p) => p.x);
  const [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
  const x =
    plot.xScale === 'log'
      ? scaleLog()
          .domain([xMin, xMax === xMin ? xMin * 10 : xMax])
          .range([0, innerW])
      : scaleLinear()
          .domain(xMax === xMin ? [xMin - 1, xMax + 1] : [xMin, xMax])
          .range([0, innerW]);
  const lows = points.map((p) => p.y - (p.spread ?? 0));
  const highs = points.map((p) => p.y + (p.spread ?? 0));
  const y = scaleLinear()
    .domain(plot.yDomain ?? [Math.min(...lows), Math.max(...highs)])
    .nice()
    .range([innerH, 0]);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
  );
  out.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  out.push(
    `<text x="${MARGIN.left}" y="20" font-size="13" font-weight="bold">` +
      `${escapeXml(plot.title)}</text>`,
  );
  out.push(`<g transform="translate(${MARGIN.left},${MARGIN.top})">`);
  // Axes and grid.
  const xTicks =
    plot.xScale === 'log'
      ? [...new Set([...x.ticks(), xMin, xMax])].filter((t) => shownLogTick(t, xMin, xMax))
      : x.ticks(6);
  for (const t of y.ticks(6)) {
    out.push(
      `<line x1="0" x2="${innerW}" y1="${y(t)}" y2="${y(t)}" stroke="#e5e5e5"/>` +
        `<text x="-6" y="${y(t) + 4}" text-anchor="end">${tickLabel(t)}</text>`,
    );
  }
  for (const t of xTicks) {
    out.push(
      `<line x1="${x(t)}" x2="${x(t)}" y1="${innerH}" y2="${innerH + 5}" stroke="#333"/>` +
        `<text x="${x(t)}" y="${innerH + 17}" text-anchor="middle">${tickLabel(t)}</text>`,
    );
  }
  out.push(`<line x1="0" x2="${innerW}" y1="${innerH}" y2="${innerH}" stroke="#333"/>`);
  out.push(`<line x1="0" x2="0" y1="0" y2="${innerH}" stroke="#333"/>`);
  out.push(
    `<text x="${innerW / 2}" y="${innerH + 38}" text-anchor="middle">${escapeXml(plot.xLabel)}</text>`,
  );
  out.push(
    `<text transform="translate(-44,${innerH / 2}) rotate(-90)" text-anchor="middle">` +
      `${escapeXml(plot.yLabel)}</text>`,
  );
  // Series.
  const path = line<PlotPoint>()
    .x((p) => x(p.x))
    .y((p) => y(p.y));
  plot.series.forEach((series, i) => {
    const colour = schemeTableau10[(series.colour ?? i) % schemeTableau10.length]!;
    const sorted = [...series.points].sort((a, b) => a.x - b.x);
    const dash = series.dashed ? ' stroke-dasharray="6 4"' : '';
    out.push(
      `<path d="${path(sorted) ?? ''}" fill="none" stroke="${colour}" stroke-width="2"${dash}/>`,
    );
    for (const p of sorted) {
      const s = p.spread ?? 0;
      if (s > 0) {
        out.push(
          `<line x1="${x(p.x)}" x2="${x(p.x)}" y1="${y(p.y - s)}" y2="${y(p.y + s)}" ` +
            `stroke="${colour}"/>`,
        );
      }
      out.push(`<circle cx="${x(p.x)}" cy="${y(p.y)}" r="3" fill="${colour}"/>`);
    }
    const ly = 8 + 18 * i;
    out.push(
      `<line x1="${innerW + 14}" x2="${innerW + 40}" y1="${ly}" y2="${ly}" stroke="${colour}" ` +
        `stroke-width="2"${dash}/><text x="${innerW + 46}" y="${ly + 4}">${escapeXml(series.name)}</text>`,
    );
  });
  out.push('</g></svg>');
  return `${out.join('\n')}\n`;
}

/** On a log axis, label the decades, 2, 3 and 5 times them, and the ends. */
function shownLogTick(t: number, min: number, max: number): boolean {
  if (t === min || t === max) return true;
  const lead = t / 10 ** Math.floor(Math.log10(t) + 1e-9);
  return [1, 2, 3, 5].some((d) => Math.abs(lead - d) < 1e-6) && t > min * 1.15 && t < max / 1.15;
}
