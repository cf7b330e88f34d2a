/**
 * The generative model's recognition of the current input: the top area's posterior means,
 * one bar per unit around zero (keyed by unit); units held by a clamp are
 * drawn in the feedback colour.
 */
import { labelImage, latentBarsSummary } from './chartSummary.ts';
import { scaleBand, scaleLinear, select } from 'd3';
import { FEEDBACK, FEEDFORWARD } from './colors.ts';

interface UnitBar {
  unit: number;
  value: number;
  held: boolean;
}

const WIDTH = 240;
const HEIGHT = 196;
const LEFT = 24;
const LIMIT = 3;

export function drawLatentBars(
  svgElement: SVGSVGElement,
  means: Float32Array,
  clamp: readonly (number | null)[],
): void {
  const svg = select(svgElement).attr('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  labelImage(svgElement, latentBarsSummary(means, clamp));
  const units: UnitBar[] = Array.from(means, (value, unit) => ({
    unit,
    value: Math.max(-LIMIT, Math.min(LIMIT, value)),
    held: clamp[unit] !== null && clamp[unit] !== undefined,
  }));
  const x = scaleBand<number>()
    .domain(units.map((u) => u.unit))
    .range([LEFT, WIDTH - 4])
    .paddingInner(0.18);
  const y = scaleLinear()
    .domain([-LIMIT, LIMIT])
    .range([HEIGHT - 16, 6]);

  const guides = [-LIMIT, 0, LIMIT];
  svg
    .selectAll<SVGLineElement, number>('line.guide')
    .data(guides, (d) => d)
    .join('line')
    .attr('class', 'guide')
    .attr('x1', LEFT)
    .attr('x2', WIDTH - 4)
    .attr('y1', (d) => y(d))
    .attr('y2', (d) => y(d))
    .attr('stroke', (d) => (d === 0 ? '#9aa3b3' : '#e3e6ec'));
  svg
    .selectAll<SVGTextElement, number>('text.guide-label')
    .data(guides, (d) => d)
    .join('text')
    .attr('class', 'chart-label guide-label')
    .attr('x', LEFT - 5)
    .attr('y', (d) => y(d))
    .attr('text-anchor', 'end')
    .attr('dominant-baseline', 'central')
    .text((d) => (d > 0 ? `+${d}` : String(d)));
  svg
    .selectAll<SVGRectElement, UnitBar>('rect.unit')
    .data(units, (d) => d.unit)
    .join('rect')
    .attr('class', 'unit')
    .attr('x', (d) => x(d.unit)!)
    .attr('width', x.bandwidth())
    .attr('y', (d) => Math.min(y(0), y(d.value)))
    .attr('height', (d) => Math.abs(y(d.value) - y(0)))
    .attr('fill', (d) => (d.held ? FEEDBACK : FEEDFORWARD));
  svg
    .selectAll<SVGTextElement, string>('text.axis-name')
    .data([`unit 1…${units.length}`])
    .join('text')
    .attr('class', 'chart-label axis-name')
    .attr('x', (LEFT + WIDTH) / 2)
    .attr('y', HEIGHT - 2)
    .attr('text-anchor', 'middle')
    .text((d) => d);
}
