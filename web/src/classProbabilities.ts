/**
 * The feedforward classifier's answer for the current input: one bar per class
 * (keyed by class), the most probable one dark, the true label marked.
 */
import { labelImage, probabilitiesSummary } from './chartSummary.ts';
import { format, scaleBand, scaleLinear, select } from 'd3';
import { FEEDFORWARD } from './colors.ts';

interface ClassBar {
  name: string;
  index: number;
  p: number;
}

const WIDTH = 240;
const ROW = 19;
const LEFT = 26;
const RIGHT = 46;
const percent = format('.0%');

export function drawClassProbabilities(
  svgElement: SVGSVGElement,
  classes: readonly string[],
  probabilities: Float32Array,
  label: number,
): void {
  const height = classes.length * ROW + 6;
  const svg = select(svgElement).attr('viewBox', `0 0 ${WIDTH} ${height}`);
  labelImage(svgElement, probabilitiesSummary(classes, probabilities, label));
  const bars: ClassBar[] = classes.map((name, index) => ({
    name,
    index,
    p: probabilities[index] ?? 0,
  }));
  let best = -1;
  bars.forEach((b) => {
    if (probabilities.length > 0 && (best < 0 || b.p > bars[best]!.p)) best = b.index;
  });
  const y = scaleBand<number>()
    .domain(bars.map((b) => b.index))
    .range([3, height - 3])
    .paddingInner(0.22);
  const x = scaleLinear()
    .domain([0, 1])
    .range([LEFT, WIDTH - RIGHT]);
  const rows = svg
    .selectAll<SVGGElement, ClassBar>('g.class-row')
    .data(bars, (d) => d.name)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'class-row');
      g.append('rect').attr('class', 'track').attr('fill', '#eef0f4');
      g.append('rect').attr('class', 'value');
      g.append('text').attr('class', 'bar-label name').attr('text-anchor', 'end');
      g.append('text').attr('class', 'bar-label p');
      return g;
    })
    .attr('transform', (d) => `translate(0,${y(d.index)})`);
  rows
    .select('rect.track')
    .attr('x', LEFT)
    .attr('width', WIDTH - LEFT - RIGHT)
    .attr('height', y.bandwidth());
  rows
    .select('rect.value')
    .attr('x', LEFT)
    .attr('width', (d) => x(d.p) - LEFT)
    .attr('height', y.bandwidth())
    .attr('fill', (d) => (d.index === best ? FEEDFORWARD : '#9db5d8'));
  rows
    .select('text.name')
    .attr('x', LEFT - 6)
    .attr('y', y.bandwidth() / 2)
    .attr('dominant-baseline', 'central')
    .attr('font-weight', (d) => (d.index === label ? 700 : 400))
    // Ink, not the class colour: text must keep its contrast (the check mark names the truth).
    .attr('fill', '#1d2330')
    .text((d) => (d.index === label ? `✓${d.name}` : d.name));
  rows
    .select('text.p')
    .attr('x', WIDTH - RIGHT + 6)
    .attr('y', y.bandwidth() / 2)
    .attr('dominant-baseline', 'central')
    .attr('fill', '#1d2330')
    .text((d) => (probabilities.length === 0 ? '–' : percent(d.p)));
}
