/** The diagram's legend: what each line, colour and bar means. */
import { select } from 'd3';
import { ERROR, FEEDBACK, FEEDFORWARD, divergingColor } from './colors.ts';

interface LegendItem {
  key: string;
  text: string;
  draw: (svg: SVGSVGElement) => void;
}

function line(color: string, dashed: boolean) {
  return (svg: SVGSVGElement): void => {
    select(svg)
      .append('line')
      .attr('x1', 0)
      .attr('x2', 26)
      .attr('y1', 7)
      .attr('y2', 7)
      .attr('stroke', color)
      .attr('stroke-width', 3)
      .attr('stroke-dasharray', dashed ? '5 4' : null);
    select(svg).append('circle').attr('cx', 18).attr('cy', 7).attr('r', 4).attr('fill', color);
  };
}

function gradient(svg: SVGSVGElement): void {
  select(svg)
    .selectAll('rect')
    .data([0, 0.25, 0.5, 0.75, 1])
    .join('rect')
    .attr('x', (_, i) => i * 5.2)
    .attr('y', 1)
    .attr('width', 5.2)
    .attr('height', 12)
    .attr('fill', (t) => divergingColor(t));
}

function bar(svg: SVGSVGElement): void {
  select(svg)
    .append('rect')
    .attr('x', 10)
    .attr('y', 0)
    .attr('width', 8)
    .attr('height', 14)
    .attr('fill', '#eef0f4');
  select(svg)
    .append('rect')
    .attr('x', 10)
    .attr('y', 6)
    .attr('width', 8)
    .attr('height', 8)
    .attr('fill', ERROR);
}

const items: LegendItem[] = [
  {
    key: 'feedforward',
    text: 'feedforward: recognition, bottom-up',
    draw: line(FEEDFORWARD, false),
  },
  { key: 'feedback', text: 'feedback: prediction, top-down', draw: line(FEEDBACK, false) },
  { key: 'error', text: 'prediction error, bottom-up', draw: line(ERROR, true) },
  { key: 'state', text: 'unit activity (− 0 +)', draw: gradient },
  { key: 'bar', text: 'size of the prediction error', draw: bar },
];

export function drawDiagramLegend(container: HTMLElement): void {
  select(container)
    .selectAll<HTMLSpanElement, LegendItem>('span.legend-item')
    .data(items, (d) => d.key)
    .join((enter) => {
      const span = enter.append('span').attr('class', 'legend-item');
      span
        .append('svg')
        .attr('width', 26)
        .attr('height', 14)
        .each(function (d) {
          d.draw(this);
        });
      span.append('span').text((d) => d.text);
      return span;
    });
}
