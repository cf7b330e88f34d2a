/**
 * Live training curves: above, the generative model's cost and its two parts (nats per
 * image: say a −ELBO, its reconstruction and its KL), named as its kind names them; below, the
 * classifier's accuracy. One path per series, keyed; the axes follow the data.
 */
import { curvesSummary, labelImage } from './chartSummary.ts';
import { axisBottom, axisLeft, extent, format, line, max, scaleLinear, select } from 'd3';
import type { CurvePoint, LiveCaptions } from '../../src/server/wire.ts';

interface Series {
  key: 'negElbo' | 'reconstruction' | 'kl' | 'accuracy';
  label: string;
  color: string;
  dashed?: boolean;
}

const WIDTH = 380;
const HEIGHT = 300;
const LEFT = 44;
const RIGHT = WIDTH - 10;
const upper = { top: 24, bottom: 150 };
const lower = { top: 196, bottom: 264 };

/** The generative curve's names when its kind gives none. */
type CurveNames = NonNullable<LiveCaptions['curve']>;
const defaultCurve: CurveNames = {
  title: 'Generative model, nats/image',
  negElbo: 'cost',
  reconstruction: 'reconstruction',
  kl: 'rest',
};

/** The generative model's three series, named as its kind names them. */
function generativeSeries(names: CurveNames): Series[] {
  return [
    { key: 'negElbo', label: names.negElbo, color: '#1d2330' },
    { key: 'reconstruction', label: names.reconstruction, color: '#3b6fb6' },
    { key: 'kl', label: names.kl, color: '#e07b1f', dashed: true },
  ];
}
const accuracySeries: Series = {
  key: 'accuracy',
  label: 'accuracy on its training batches',
  color: '#2f7d4f',
};

type Svg = ReturnType<typeof select<SVGSVGElement, unknown>>;

function legend(svg: Svg, series: Series[], y: number, title: string): void {
  const entries = [{ key: 'title', label: title, color: '', dashed: false }, ...series];
  const items = svg
    .selectAll<SVGGElement, Series | (typeof entries)[number]>(`g.legend-${y}`)
    .data(entries, (d) => d.key)
    .join((enter) => {
      const g = enter.append('g').attr('class', `legend-${y}`);
      g.append('line');
      g.append('text');
      return g;
    });
  items
    .select('line')
    .attr('x1', 0)
    .attr('x2', (d) => (d.key === 'title' ? 0 : 18))
    .attr('stroke', (d) => d.color)
    .attr('stroke-width', 2.5)
    .attr('stroke-dasharray', (d) => (d.dashed ? '4 3' : null));
  items
    .select('text')
    .attr('x', (d) => (d.key === 'title' ? 0 : 22))
    .attr('dominant-baseline', 'central')
    .attr('class', (d) => (d.key === 'title' ? 'chart-title' : 'chart-label'))
    .text((d) => d.label);
  // Place the entries one after another by their rendered widths.
  let x = LEFT - 30;
  items.each(function (d) {
    const width = this.querySelector('text')?.getComputedTextLength() ?? 0;
    select(this).attr('transform', `translate(${x},${y})`);
    x += width + (d.key === 'title' ? 14 : 36);
  });
}

/**
 * Draw the curves of `points`; the upper chart names the generative model's cost as its kind
 * names it (`names`: a −ELBO, say, or a free energy after settling).
 */
export function drawCurves(
  svgElement: SVGSVGElement,
  points: readonly CurvePoint[],
  names: CurveNames = defaultCurve,
): void {
  const generative = generativeSeries(names);
  const svg = select(svgElement).attr('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  labelImage(svgElement, curvesSummary(points, names.negElbo));
  const [s0, s1] = extent(points, (p) => p.step);
  const x = scaleLinear()
    .domain([s0 ?? 0, Math.max(s1 ?? 1, (s0 ?? 0) + 1)])
    .range([LEFT, RIGHT]);
  const top = max(points, (p) => Math.max(p.negElbo, p.reconstruction, p.kl)) ?? 1;
  const yVae = scaleLinear().domain([0, top]).nice().range([upper.bottom, upper.top]);
  const yAcc = scaleLinear().domain([0, 1]).range([lower.bottom, lower.top]);

  legend(svg, generative, 8, names.title);
  legend(svg, [accuracySeries], lower.top - 16, 'Classifier');

  const axes = [
    {
      key: 'x-upper',
      transform: `translate(0,${upper.bottom})`,
      axis: axisBottom(x).ticks(5, 's'),
    },
    { key: 'y-upper', transform: `translate(${LEFT},0)`, axis: axisLeft(yVae).ticks(4) },
    {
      key: 'x-lower',
      transform: `translate(0,${lower.bottom})`,
      axis: axisBottom(x).ticks(5, 's'),
    },
    {
      key: 'y-lower',
      transform: `translate(${LEFT},0)`,
      axis: axisLeft(yAcc).ticks(3).tickFormat(format('.0%')),
    },
  ];
  svg
    .selectAll<SVGGElement, (typeof axes)[number]>('g.axis')
    .data(axes, (d) => d.key)
    .join('g')
    .attr('class', 'axis')
    .attr('transform', (d) => d.transform)
    .each(function (d) {
      select(this).call(d.axis);
    });
  svg
    .selectAll<SVGTextElement, string>('text.x-name')
    .data(['training steps'])
    .join('text')
    .attr('class', 'chart-label x-name')
    .attr('x', (LEFT + RIGHT) / 2)
    .attr('y', HEIGHT - 3)
    .attr('text-anchor', 'middle')
    .text((d) => d);

  const paths = [...generative.map((s) => ({ ...s, y: yVae })), { ...accuracySeries, y: yAcc }];
  svg
    .selectAll<SVGPathElement, (typeof paths)[number]>('path.curve')
    .data(paths, (d) => d.key)
    .join('path')
    .attr('class', 'curve')
    .attr('stroke', (d) => d.color)
    .attr('stroke-dasharray', (d) => (d.dashed ? '4 3' : null))
    .attr('d', (d) =>
      line<CurvePoint>()
        .defined((p) => Number.isFinite(p[d.key]))
        .x((p) => x(p.step))
        .y((p) => d.y(p[d.key]))(points as CurvePoint[]),
    );
  svg
    .selectAll<SVGTextElement, string>('text.empty')
    .data(points.length === 0 ? ['curves appear once training has run a few steps'] : [])
    .join('text')
    .attr('class', 'chart-label empty')
    .attr('x', (LEFT + RIGHT) / 2)
    .attr('y', (upper.top + upper.bottom) / 2)
    .attr('text-anchor', 'middle')
    .text((d) => d);
}
