/**
 * One area's state as a heatmap: a picture area in ink (0..1), any other area on
 * a diverging scale around zero (red positive, blue negative) whose range follows
 * the area's recent largest value.
 */
import type { AreaTopology } from '../../src/server/wire.ts';
import { divergingColor, inkColor } from './colors.ts';
import { gridShape } from './gridShape.ts';
import { colorTable, paintCells } from './pixels.ts';
import { maxAbs, type RunningScale } from './runningScale.ts';

const ink = colorTable(inkColor);
const diverging = colorTable(divergingColor);

export function paintHeatmap(
  canvas: HTMLCanvasElement,
  area: AreaTopology,
  values: Float32Array,
  scale: RunningScale,
): void {
  const [columns, rows] = gridShape(area.displaySize, area.shape);
  if (area.shape !== undefined) {
    paintCells(canvas, columns, rows, ink, (i) => (i < values.length ? values[i]! * 255 : -1));
    return;
  }
  const range = scale.update(maxAbs(values));
  paintCells(canvas, columns, rows, diverging, (i) =>
    i < values.length ? 127.5 + (values[i]! / range) * 127.5 : -1,
  );
}
