/**
 * The hierarchy diagram's fixed parts, drawn once per topology with keyed joins:
 * arrow markers, column titles, lanes (feedforward, feedback, error), area boxes
 * with a heatmap canvas and an error bar, and the "same input" link between the
 * two sensory areas. Live parts (heatmaps, bars, lesion marks, pulses) are
 * updated by areaActivity.ts and pulses.ts.
 */
import type { Selection } from 'd3';
import { areaColor, ERROR, FEEDBACK, FEEDFORWARD, LATERAL } from './colors.ts';
import type { AreaNode, DiagramLayout, Lane, LateralArc, Model } from './diagramLayout.ts';

export type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

const markerColors: [string, string][] = [
  ['feedforward', FEEDFORWARD],
  ['feedback', FEEDBACK],
  ['error', ERROR],
  ['lateral', LATERAL],
  ['lesioned', '#b7bcc6'],
];

export function markerFor(lane: Lane, lesioned: boolean): string {
  return `url(#arrow-${lesioned && lane.kind === 'feedback' ? 'lesioned' : lane.kind})`;
}

const laneLabels: Record<Lane['kind'], string> = {
  feedforward: 'recognition ↑',
  feedback: 'prediction ↓',
  error: 'prediction error ↑',
};

function drawLanes(svg: Svg, lanes: Lane[]): void {
  const group = svg.selectAll('g.lanes').data([null]).join('g').attr('class', 'lanes');
  group
    .selectAll<SVGLineElement, Lane>('line.lane')
    .data(lanes, (d) => d.id)
    .join('line')
    .attr('class', (d) => `lane lane-${d.kind}`)
    .attr('data-lane', (d) => d.id)
    .attr('x1', (d) => d.x)
    .attr('x2', (d) => d.x)
    .attr('y1', (d) => d.y1)
    // Stop short of the box so the arrowhead shows.
    .attr('y2', (d) => d.y2 + (d.y2 > d.y1 ? -4 : 4))
    .attr('marker-end', (d) => markerFor(d, false));
  // Long lanes get a label along them; the classifier's short ones are told by the legend.
  const labelled = lanes.filter((d) => Math.abs(d.y2 - d.y1) > 120);
  group
    .selectAll<SVGTextElement, Lane>('text.lane-label')
    .data(labelled, (d) => d.id)
    .join('text')
    .attr('class', 'lane-label')
    .attr('fill', (d) =>
      d.kind === 'feedforward' ? FEEDFORWARD : d.kind === 'feedback' ? FEEDBACK : ERROR,
    )
    .attr('text-anchor', 'middle')
    .attr('transform', (d) => `translate(${d.x - 8},${(d.y1 + d.y2) / 2}) rotate(-90)`)
    .text((d) => laneLabels[d.kind]);
  group
    .selectAll<SVGTextElement, Lane>('text.lesion-mark')
    .data(
      lanes.filter((d) => d.kind === 'feedback'),
      (d) => d.id,
    )
    .join('text')
    .attr('class', 'lesion-mark')
    .attr('text-anchor', 'middle')
    .attr('dominant-baseline', 'central')
    .attr('x', (d) => d.x)
    .attr('y', (d) => (d.y1 + d.y2) / 2)
    .attr('display', 'none')
    .text('✕');
}

function drawAreas(svg: Svg, areas: AreaNode[], swatches: readonly Model[]): void {
  const group = svg.selectAll('g.areas').data([null]).join('g').attr('class', 'areas');
  const boxes = group
    .selectAll<SVGGElement, AreaNode>('g.area')
    .data(areas, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g');
      g.append('rect').attr('class', 'area-box');
      g.append('text').attr('class', 'area-name');
      g.append('text').attr('class', 'area-size');
      g.append('foreignObject').append('xhtml:canvas').attr('class', 'heatmap');
      return g;
    })
    .attr('class', 'area')
    .attr('data-area', (d) => d.id)
    .attr('data-model', (d) => d.model);
  boxes
    .select('rect')
    .attr('x', (d) => d.x)
    .attr('y', (d) => d.y)
    .attr('width', (d) => d.width)
    .attr('height', (d) => d.height)
    .attr('rx', 8);
  boxes
    .select('text.area-name')
    .attr('x', (d) => d.x + (swatches.includes(d.model) ? 18 : 10))
    .attr('y', (d) => d.y + 19)
    .text((d) => d.area.name);
  boxes
    .select('text.area-size')
    .attr('x', (d) => d.x + d.width - 10)
    .attr('y', (d) => d.y + 19)
    .attr('text-anchor', 'end')
    .text((d) => `${d.area.size} units`);
  boxes
    .select('foreignObject')
    .attr('x', (d) => d.heat.x)
    .attr('y', (d) => d.heat.y)
    .attr('width', (d) => d.heat.width)
    .attr('height', (d) => d.heat.height);

  // The areas of a model that learns locally carry the colour of their line in the
  // local-learning chart: a dot before the name.
  boxes
    .selectAll<SVGCircleElement, AreaNode>('circle.area-swatch')
    .data((d) => (swatches.includes(d.model) ? [d] : []))
    .join('circle')
    .attr('class', 'area-swatch')
    .attr('cx', (d) => d.x + 9)
    .attr('cy', (d) => d.y + 15)
    .attr('r', 4.5)
    .attr('fill', (d) => areaColor(d.level));

  const withError = boxes.filter((d) => d.error !== undefined);
  withError
    .selectAll<SVGRectElement, AreaNode>('rect.error-bar-track')
    .data((d) => [d])
    .join('rect')
    .attr('class', 'error-bar-track')
    .attr('x', (d) => d.error!.x)
    .attr('y', (d) => d.error!.y)
    .attr('width', (d) => d.error!.width)
    .attr('height', (d) => d.error!.height);
  withError
    .selectAll<SVGRectElement, AreaNode>('rect.error-bar')
    .data((d) => [d])
    .join('rect')
    .attr('class', 'error-bar')
    .attr('x', (d) => d.error!.x)
    .attr('width', (d) => d.error!.width)
    .attr('y', (d) => d.error!.y + d.error!.height)
    .attr('height', 0);
  withError
    .selectAll<SVGTextElement, AreaNode>('text.error-label')
    .data((d) => [d])
    .join('text')
    .attr('class', 'error-label')
    .attr('x', (d) => d.error!.x + d.error!.width + 7)
    .attr('y', (d) => d.error!.y + d.error!.height - 18)
    .text('prediction error');
  withError
    .selectAll<SVGTextElement, AreaNode>('text.error-value')
    .data((d) => [d])
    .join('text')
    .attr('class', 'error-value area-name')
    .attr('x', (d) => d.error!.x + d.error!.width + 7)
    .attr('y', (d) => d.error!.y + d.error!.height)
    .text('–');
}

/** Lateral pathways: a curved arrow beside the column, named for a screen reader. */
function drawLaterals(svg: Svg, laterals: LateralArc[]): void {
  const group = svg.selectAll('g.laterals').data([null]).join('g').attr('class', 'laterals');
  group
    .selectAll<SVGPathElement, LateralArc>('path.lateral')
    .data(laterals, (d) => d.id)
    .join((enter) => enter.append('path').call((p) => p.append('title')))
    .attr('class', 'lateral')
    .attr('data-lateral', (d) => d.id)
    .attr('d', (d) => d.path)
    .attr('fill', 'none')
    .attr('stroke', LATERAL)
    .attr('stroke-width', 2)
    .attr('marker-end', 'url(#arrow-lateral)')
    .attr('role', 'img')
    .attr('aria-label', (d) => `lateral pathway from ${d.from} to ${d.to}`)
    .select('title')
    .text((d) => `lateral pathway: ${d.from} → ${d.to}`);
}

function drawMarkers(svg: Svg): void {
  svg
    .selectAll('defs')
    .data([null])
    .join('defs')
    .selectAll<SVGMarkerElement, [string, string]>('marker')
    .data(markerColors, (d) => d[0])
    .join((enter) => enter.append('marker').call((m) => m.append('path')))
    .attr('id', (d) => `arrow-${d[0]}`)
    .attr('viewBox', '0 0 10 10')
    .attr('refX', 8)
    .attr('refY', 5)
    .attr('markerWidth', 4.5)
    .attr('markerHeight', 4.5)
    .attr('orient', 'auto')
    .select('path')
    .attr('d', 'M0,0 L10,5 L0,10 z')
    .attr('fill', (d) => d[1]);
}

function drawInputLink(svg: Svg, areas: AreaNode[]): void {
  const sensory = areas.filter((a) => a.level === 0);
  const left = sensory.find((a) => a.model === 'generative');
  const right = sensory.find((a) => a.model === 'classifier');
  const links = left !== undefined && right !== undefined ? [{ left, right }] : [];
  const y = (d: { left: AreaNode; right: AreaNode }): number =>
    Math.max(d.left.y, d.right.y) + Math.min(d.left.height, d.right.height) / 2;
  const group = svg
    .selectAll<SVGGElement, { left: AreaNode; right: AreaNode }>('g.input-link')
    .data(links)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'input-link');
      g.append('line');
      g.append('text').attr('class', 'area-size above').attr('text-anchor', 'middle');
      g.append('text').attr('class', 'area-size below').attr('text-anchor', 'middle');
      return g;
    });
  group
    .select('line')
    .attr('x1', (d) => d.left.x + d.left.width)
    .attr('x2', (d) => d.right.x)
    .attr('y1', y)
    .attr('y2', y)
    .attr('stroke', '#9aa3b3')
    .attr('stroke-dasharray', '3 3');
  group
    .select('text.above')
    .attr('x', (d) => (d.left.x + d.left.width + d.right.x) / 2)
    .attr('y', (d) => y(d) - 6)
    .text('same');
  group
    .select('text.below')
    .attr('x', (d) => (d.left.x + d.left.width + d.right.x) / 2)
    .attr('y', (d) => y(d) + 14)
    .text('input');
}

/** Options of {@link drawDiagram}. */
export interface DiagramOptions {
  /** Models whose areas get a colour dot, the colour of their line in the local-learning chart. */
  swatches?: readonly Model[];
}

/**
 * Draw (or redraw for a new topology) everything that does not move.
 * @param options - see DiagramOptions
 */
export function drawDiagram(svg: Svg, layout: DiagramLayout, options: DiagramOptions = {}): void {
  svg.attr('viewBox', `0 0 ${layout.width} ${layout.height}`);
  drawMarkers(svg);
  svg
    .selectAll<SVGTextElement, DiagramLayout['titles'][number]>('text.column-title')
    .data(layout.titles, (d) => d.model)
    .join('text')
    .attr('class', 'column-title')
    .attr('text-anchor', 'middle')
    .attr('x', (d) => d.x)
    .attr('y', (d) => d.y)
    .text((d) => d.text);
  drawLanes(svg, layout.lanes);
  drawInputLink(svg, layout.areas);
  drawAreas(svg, layout.areas, options.swatches ?? []);
  drawLaterals(svg, layout.laterals);
  svg.selectAll('g.pulses').data([null]).join('g').attr('class', 'pulses');
}
