/**
 * The latent space in 2-D: a projection of the top area's means for recent test
 * inputs, one dot per input keyed by id, coloured by its label; older dots fade.
 * The view's range follows the points smoothly instead of jumping.
 */
import { labelImage, latentViewSummary } from './chartSummary.ts';
import { extent, scaleLinear, select } from 'd3';
import type { LatentPoint } from '../../src/server/wire.ts';
import { labelColor } from './colors.ts';

const WIDTH = 380;
const HEIGHT = 290;
/** How many of the newest points carry their class as text. */
const LABELLED = 24;
const PLOT = { left: 8, right: WIDTH - 8, top: 8, bottom: HEIGHT - 40 };

export class LatentView {
  private domain: { x: [number, number]; y: [number, number] } | null = null;

  constructor(
    private readonly svgElement: SVGSVGElement,
    private readonly classes: readonly string[],
  ) {
    const svg = select(svgElement).attr('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
    svg
      .selectAll('rect.frame')
      .data([null])
      .join('rect')
      .attr('class', 'frame')
      .attr('x', PLOT.left)
      .attr('y', PLOT.top)
      .attr('width', PLOT.right - PLOT.left)
      .attr('height', PLOT.bottom - PLOT.top)
      .attr('fill', '#fbfbfd')
      .attr('stroke', '#e3e6ec');
    svg.selectAll('g.dots').data([null]).join('g').attr('class', 'dots');
    this.drawLegend();
  }

  private drawLegend(): void {
    const columns = Math.min(10, this.classes.length);
    const step = (PLOT.right - PLOT.left) / columns;
    const entries = this.classes.map((name, index) => ({ name, index }));
    const items = select(this.svgElement)
      .selectAll<SVGGElement, { name: string; index: number }>('g.latent-legend')
      .data(entries, (d) => d.name)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'latent-legend');
        g.append('circle').attr('r', 5);
        g.append('text')
          .attr('class', 'chart-label')
          .attr('x', 9)
          .attr('dominant-baseline', 'central');
        return g;
      })
      .attr('transform', (d) => {
        const row = Math.floor(d.index / columns);
        const col = d.index % columns;
        return `translate(${PLOT.left + 8 + col * step},${PLOT.bottom + 16 + row * 16})`;
      });
    items.select('circle').attr('fill', (d) => labelColor(d.index));
    items.select('text').text((d) => (d.name.length > 7 ? `${d.name.slice(0, 6)}…` : d.name));
  }

  private follow(points: readonly LatentPoint[]): { x: [number, number]; y: [number, number] } {
    const pad = (range: [number, number]): [number, number] => {
      const span = Math.max(range[1] - range[0], 1e-3);
      return [range[0] - span * 0.08, range[1] + span * 0.08];
    };
    const [x0, x1] = extent(points, (p) => p.x);
    const [y0, y1] = extent(points, (p) => p.y);
    const target = {
      x: pad([x0 ?? -1, x1 ?? 1]),
      y: pad([y0 ?? -1, y1 ?? 1]),
    };
    const ease = (a: [number, number], b: [number, number]): [number, number] => [
      a[0] + (b[0] - a[0]) * 0.15,
      a[1] + (b[1] - a[1]) * 0.15,
    ];
    this.domain =
      this.domain === null
        ? target
        : { x: ease(this.domain.x, target.x), y: ease(this.domain.y, target.y) };
    return this.domain;
  }

  draw(points: readonly LatentPoint[]): void {
    const domain = this.follow(points);
    const x = scaleLinear()
      .domain(domain.x)
      .range([PLOT.left + 6, PLOT.right - 6])
      .clamp(true);
    const y = scaleLinear()
      .domain(domain.y)
      .range([PLOT.bottom - 6, PLOT.top + 6])
      .clamp(true);
    const n = points.length;
    const newest = points.at(-1)?.id;
    select(this.svgElement)
      .select<SVGGElement>('g.dots')
      .selectAll<SVGCircleElement, LatentPoint>('circle')
      .data(points, (d) => d.id)
      .join('circle')
      .attr('cx', (d) => x(d.x))
      .attr('cy', (d) => y(d.y))
      .attr('r', (d) => (d.id === newest ? 6 : 3.2))
      .attr('fill', (d) => labelColor(d.label))
      .attr('stroke', (d) => (d.id === newest ? '#1d2330' : 'none'))
      .attr('opacity', (_, i) => 0.25 + 0.75 * ((i + 1) / Math.max(1, n)));
    // Colour is not the only cue: the newest points carry their class as text.
    const named = points.slice(-LABELLED);
    select(this.svgElement)
      .selectAll('g.dot-labels')
      .data([null])
      .join('g')
      .attr('class', 'dot-labels')
      .attr('aria-hidden', 'true')
      .selectAll<SVGTextElement, LatentPoint>('text')
      .data(named, (d) => d.id)
      .join('text')
      .attr('class', 'dot-label')
      .attr('x', (d) => x(d.x) + 5)
      .attr('y', (d) => y(d.y) - 4)
      .text((d) => (d.label < 0 ? '?' : (this.classes[d.label] ?? String(d.label))));
    labelImage(this.svgElement, latentViewSummary(points, this.classes));
  }
}
