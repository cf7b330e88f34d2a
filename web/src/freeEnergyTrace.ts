/**
 * The free energy (−ELBO estimate, nats) of what is on screen. In settle mode it
 * is drawn against the predictive-coding iteration of the current input, so you
 * watch it fall as predictions and errors settle; otherwise it rolls over the
 * last ticks.
 */
import { axisBottom, axisLeft, extent, format, line, scaleLinear, select } from 'd3';
import type { Frame, SessionMode } from '../../src/server/wire.ts';
import { BoundedSeries } from './boundedSeries.ts';

interface Point {
  x: number;
  f: number;
}

const WIDTH = 380;
const HEIGHT = 130;
const LEFT = 44;
const RIGHT = WIDTH - 10;
const TOP = 22;
const BOTTOM = HEIGHT - 32;

export class FreeEnergyTrace {
  private readonly points = new BoundedSeries<Point>(1000, (p) => p.x);
  private mode: SessionMode | null = null;

  constructor(private readonly svgElement: SVGSVGElement) {
    select(svgElement).attr('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  }

  add(frame: Frame): void {
    const settling = frame.mode === 'settle';
    const x = settling ? frame.iteration : frame.tick;
    const last = this.points.items.at(-1);
    // A new settle run (or another mode) starts a new trace; a held last iteration repeats x.
    if (frame.mode !== this.mode || (last !== undefined && x < last.x)) this.points.clear();
    this.mode = frame.mode;
    if (Number.isFinite(frame.freeEnergy)) this.points.add([{ x, f: frame.freeEnergy }]);
    if (!settling && this.points.length > 150) {
      const keep = this.points.items.slice(-150);
      this.points.clear();
      this.points.add(keep);
    }
  }

  draw(): void {
    const svg = select(this.svgElement);
    const points = this.points.items as Point[];
    const settling = this.mode === 'settle';
    const [x0, x1] = extent(points, (p) => p.x);
    const [f0, f1] = extent(points, (p) => p.f);
    const x = scaleLinear()
      // Settle runs may continue across ticks: show the iterations held, from the first one.
      .domain(
        settling
          ? [Math.max(0, (x0 ?? 1) - 1), Math.max(x1 ?? 1, (x0 ?? 0) + 1)]
          : [x0 ?? 0, Math.max(x1 ?? 1, (x0 ?? 0) + 1)],
      )
      .range([LEFT, RIGHT]);
    const y = scaleLinear()
      // At least one nat of range, so a steady value is a flat line, not repeated tick labels.
      .domain(
        (f1 ?? 0) - (f0 ?? 0) >= 1
          ? [f0!, f1!]
          : [((f0 ?? 0) + (f1 ?? 0)) / 2 - 0.5, ((f0 ?? 0) + (f1 ?? 0)) / 2 + 0.5],
      )
      .nice()
      .range([BOTTOM, TOP]);
    const title = settling
      ? `Free energy while settling: iteration ${x1 ?? 0}`
      : this.mode === 'generate'
        ? 'Prior energy ½‖z‖² of each dream, per tick'
        : 'Free energy (−ELBO) of the shown input, per tick';
    svg
      .selectAll<SVGTextElement, string>('text.chart-title')
      .data([title])
      .join('text')
      .attr('class', 'chart-title')
      .attr('x', LEFT - 34)
      .attr('y', 11)
      .text((d) => d);
    svg
      .selectAll<SVGGElement, string>('g.axis')
      .data(['x', 'y'], (d) => d)
      .join('g')
      .attr('class', 'axis')
      .attr('transform', (d) => (d === 'x' ? `translate(0,${BOTTOM})` : `translate(${LEFT},0)`))
      .each(function (d) {
        if (d === 'x') select(this).call(axisBottom(x).ticks(6, 's'));
        else select(this).call(axisLeft(y).ticks(3).tickFormat(format('.4~s')));
      });
    svg
      .selectAll<SVGTextElement, string>('text.x-name')
      .data([settling ? 'iteration' : 'tick'])
      .join('text')
      .attr('class', 'chart-label x-name')
      .attr('x', (LEFT + RIGHT) / 2)
      .attr('y', HEIGHT - 2)
      .attr('text-anchor', 'middle')
      .text((d) => d);
    svg
      .selectAll<SVGPathElement, Point[]>('path.curve')
      .data([points])
      .join('path')
      .attr('class', 'curve')
      .attr('stroke', '#2c8a8a')
      .attr('d', (d) =>
        line<Point>()
          .x((p) => x(p.x))
          .y((p) => y(p.f))(d),
      );
  }
}
