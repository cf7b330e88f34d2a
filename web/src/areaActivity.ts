/**
 * Per frame: paint each area's heatmap, set its prediction-error bar and value,
 * and mark lesioned feedback lanes.
 */
import { format } from 'd3';
import type { AreaFrame, Frame } from '../../src/server/wire.ts';
import { markerFor, type Svg } from './diagram.ts';
import type { AreaNode, Lane } from './diagramLayout.ts';
import { paintHeatmap } from './heatmap.ts';
import { RunningScale } from './runningScale.ts';

const scales = new Map<string, RunningScale>();
const errorScales = new Map<string, RunningScale>();
const errorFormat = format('.3f');

function scaleOf(map: Map<string, RunningScale>, id: string, floor: number): RunningScale {
  let scale = map.get(id);
  if (scale === undefined) {
    scale = new RunningScale(floor, 0.995);
    map.set(id, scale);
  }
  return scale;
}

function areaFrameOf(frame: Frame, node: AreaNode): AreaFrame | undefined {
  const areas = node.model === 'generative' ? frame.generative : frame.classifier;
  return areas.find((a) => a.name === node.area.name);
}

export function updateAreaActivity(svg: Svg, frame: Frame): void {
  svg.selectAll<SVGGElement, AreaNode>('g.area').each((node, i, groups) => {
    const group = groups[i]!;
    const area = areaFrameOf(frame, node);
    const canvas = group.querySelector('canvas');
    if (canvas !== null && area !== undefined) {
      paintHeatmap(canvas, node.area, area.state, scaleOf(scales, node.id, 1e-3));
    }
    if (node.error === undefined) return;
    const rms = area?.errorRms ?? 0;
    const scale = scaleOf(errorScales, node.id, 0.05).update(rms);
    const height = node.error.height * Math.min(1, rms / scale);
    const bar = group.querySelector('rect.error-bar');
    bar?.setAttribute('y', String(node.error.y + node.error.height - height));
    bar?.setAttribute('height', String(height));
    const value = group.querySelector('text.error-value');
    if (value !== null) value.textContent = errorFormat(rms);
  });
}

export function updateLesion(svg: Svg, lesioned: boolean): void {
  svg
    .selectAll<SVGLineElement, Lane>('line.lane-feedback')
    .classed('lesioned', lesioned)
    .attr('marker-end', (d) => markerFor(d, lesioned));
  svg.selectAll('text.lesion-mark').attr('display', lesioned ? null : 'none');
}
