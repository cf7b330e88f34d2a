/**
 * The local-learning panel's chart: for the latest local step of a predictive-coding network,
 * one line per area over the settle iterations 1..T (its prediction-error energy, nats per
 * image), then a dashed last segment to a marked "weight update" point (its energy after the
 * update). A wide grey band under them is the total, the free energy the settle descends. Each line carries
 * its values in `data-values` (T + 1 numbers: the settle, then after the update) for people's
 * tools and for tests; the chart's aria-label says the same in words.
 */
import { axisBottom, axisLeft, format, line, scaleLinear, scaleSqrt, select } from 'd3';
import type { LocalLearningTrace } from '../../src/server/wire.ts';
import { areaColor } from './colors.ts';

const WIDTH = 380;
const HEIGHT = 170;
const LEFT = 44;
const RIGHT = WIDTH - 14;
const TOP = 18;
const BOTTOM = HEIGHT - 30;
const nats = format('.3~f');

/** The total's colour: a wide translucent band under the areas' lines. */
const TOTAL_COLOR = '#9aa3b3';

/** One drawn line: an area (or the total) with its T + 1 values. */
export interface EnergyLine {
  id: string;
  label: string;
  color: string;
  /** The settle iterations 1..T, then the value after the weight update. */
  values: number[];
}

/** The lines of a trace: the total (drawn first, underneath), then one per area bottom to top. */
export function energyLines(trace: LocalLearningTrace): EnergyLine[] {
  const areas = trace.areas.map((area, i) => ({
    id: area.name,
    label: area.name,
    color: areaColor(i),
    values: [...area.settle, area.afterUpdate],
  }));
  const points = areas[0]?.values.length ?? 0;
  const total = Array.from({ length: points }, (_, k) =>
    areas.reduce((sum, a) => sum + a.values[k]!, 0),
  );
  return [{ id: 'total', label: 'total', color: TOTAL_COLOR, values: total }, ...areas];
}

/** Draws the chart and its legend from the latest trace. */
export class LocalLearningChart {
  /**
   * @param svgElement - the chart
   * @param legend - a list element for the areas' colours
   */
  constructor(
    private readonly svgElement: SVGSVGElement,
    private readonly legend: HTMLElement,
  ) {
    select(svgElement)
      .attr('viewBox', `0 0 ${WIDTH} ${HEIGHT}`)
      .attr('role', 'img')
      .attr('aria-label', 'Energy per area during a local-learning step: no step yet');
  }

  /** Redraw from `trace` (null: nothing yet); `live` false greys it (an older step). */
  draw(trace: LocalLearningTrace | null, live: boolean): void {
    const svg = select(this.svgElement);
    const lines = trace === null ? [] : energyLines(trace);
    const T = (lines[0]?.values.length ?? 2) - 1;
    const max = Math.max(1e-6, ...lines.flatMap((l) => l.values));
    const x = scaleLinear()
      .domain([1, T + 1])
      .range([LEFT, RIGHT]);
    // A square-root scale: the small energies of the hidden areas stay visible beside the top's.
    const y = scaleSqrt().domain([0, max]).nice().range([BOTTOM, TOP]);
    svg
      .attr('data-step', trace?.step ?? '')
      .attr('data-model', trace?.model ?? '')
      .attr('data-iterations', trace === null ? '' : T)
      .classed('stale', !live)
      .attr('aria-label', describe(trace, lines));
    svg
      .selectAll<SVGGElement, string>('g.axis')
      .data(['x', 'y'], (d) => d)
      .join('g')
      .attr('class', 'axis')
      .attr('transform', (d) => (d === 'x' ? `translate(0,${BOTTOM})` : `translate(${LEFT},0)`))
      .each(function (d) {
        if (d === 'x') {
          const ticks = x.ticks(Math.min(T, 6)).filter((t) => Number.isInteger(t) && t <= T);
          select(this).call(axisBottom(x).tickValues(ticks).tickFormat(format('d')));
        } else select(this).call(axisLeft(y).ticks(4).tickFormat(format('.2~f')));
      });
    svg
      .selectAll<SVGTextElement, string>('text.x-name')
      .data(['settle iteration'])
      .join('text')
      .attr('class', 'chart-label x-name')
      .attr('x', (LEFT + x(T)) / 2)
      .attr('y', HEIGHT - 2)
      .attr('text-anchor', 'middle')
      .text((d) => d);
    // The weight update: its own column, after the settle's last iteration.
    svg
      .selectAll<SVGLineElement, number>('line.update-rule')
      .data(trace === null ? [] : [T + 1])
      .join('line')
      .attr('class', 'update-rule')
      .attr('x1', (d) => x(d))
      .attr('x2', (d) => x(d))
      .attr('y1', TOP)
      .attr('y2', BOTTOM);
    svg
      .selectAll<SVGTextElement, number>('text.update-name')
      .data(trace === null ? [] : [T + 1])
      .join('text')
      .attr('class', 'chart-label update-name')
      .attr('x', (d) => x(d))
      .attr('y', TOP - 4)
      .attr('text-anchor', 'end')
      .text('weight update');
    const settlePath = line<number>()
      .x((_, i) => x(i + 1))
      .y((v) => y(v));
    svg
      .selectAll<SVGPathElement, EnergyLine>('path.area-energy')
      .data(lines, (l) => l.id)
      .join('path')
      .attr('class', (l) => (l.id === 'total' ? 'area-energy energy-total' : 'area-energy'))
      .attr('stroke', (l) => l.color)
      .attr('data-area', (l) => (l.id === 'total' ? null : l.id))
      .attr('data-values', (l) => JSON.stringify(l.values))
      .attr('d', (l) => settlePath(l.values.slice(0, T)));
    svg
      .selectAll<SVGPathElement, EnergyLine>('path.update-step')
      .data(lines, (l) => l.id)
      .join('path')
      .attr('class', (l) => (l.id === 'total' ? 'update-step energy-total' : 'update-step'))
      .attr('stroke', (l) => l.color)
      .attr('d', (l) => `M${x(T)},${y(l.values[T - 1]!)}L${x(T + 1)},${y(l.values[T]!)}`);
    svg
      .selectAll<SVGCircleElement, EnergyLine>('circle.update-point')
      .data(lines, (l) => l.id)
      .join('circle')
      .attr('class', 'update-point')
      .attr('r', 3)
      .attr('fill', (l) => l.color)
      .attr('cx', x(T + 1))
      .attr('cy', (l) => y(l.values[T]!));
    select(this.legend)
      .selectAll<HTMLLIElement, EnergyLine>('li')
      .data(lines, (l) => l.id)
      .join((enter) => {
        const li = enter.append('li');
        li.append('span').attr('class', 'swatch').attr('aria-hidden', 'true');
        li.append('span').attr('class', 'legend-name');
        return li;
      })
      .each(function (l) {
        const li = select(this);
        li.select('.swatch').style('background', l.color);
        li.select('.legend-name').text(l.label);
      });
  }
}

/** The chart in words, for a screen reader. */
function describe(trace: LocalLearningTrace | null, lines: EnergyLine[]): string {
  if (trace === null) return 'Energy per area during a local-learning step: no step yet';
  const T = lines[0]!.values.length - 1;
  const parts = lines.map(
    (l) =>
      `${l.label} ${nats(l.values[0]!)} to ${nats(l.values[T - 1]!)}, ` +
      `${nats(l.values[T]!)} after the update`,
  );
  return (
    `Energy per area (nats per image) over the ${T} settle iterations of training step ` +
    `${trace.step}, then after the weight update: ${parts.join('; ')}.`
  );
}
