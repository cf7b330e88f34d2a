/**
 * Hide part of the input: preset buttons, or drag a box on the input image. The
 * hidden rectangle is outlined over the input (for every viewer, from the
 * session's state); the model sees blank pixels there, and feedback fills them in.
 */
import { select } from 'd3';
import type { Occlusion } from '../../src/server/wire.ts';
import type { Control } from './controlSender.ts';

const presets: Record<string, Occlusion | null> = {
  bottom: { x: 0, y: 14, width: 28, height: 14 },
  left: { x: 0, y: 0, width: 14, height: 28 },
  center: { x: 7, y: 7, width: 14, height: 14 },
  none: null,
};

export interface OcclusionControl {
  show(occlusion: Occlusion | null): void;
  setEnabled(enabled: boolean): void;
}

function clampInt(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, Math.floor(v)));
}

export function createOcclusionControl(
  frame: HTMLElement,
  overlay: SVGSVGElement,
  buttons: NodeListOf<HTMLButtonElement>,
  send: (control: Control) => void,
  side = 28,
): OcclusionControl {
  let enabled = true;
  let current: Occlusion | null = null;
  let start: [number, number] | null = null;
  let preview: Occlusion | null = null;

  const draw = (): void => {
    const rects = [preview ?? current].filter((r): r is Occlusion => r !== null);
    select(overlay)
      .selectAll<SVGRectElement, Occlusion>('rect.occlusion-rect')
      .data(rects, () => 'occlusion')
      .join('rect')
      .attr('class', 'occlusion-rect')
      .attr('x', (d) => d.x)
      .attr('y', (d) => d.y)
      .attr('width', (d) => d.width)
      .attr('height', (d) => d.height);
  };

  const pixel = (event: PointerEvent): [number, number] => {
    const box = frame.getBoundingClientRect();
    return [
      clampInt(((event.clientX - box.left) / box.width) * side, 0, side - 1),
      clampInt(((event.clientY - box.top) / box.height) * side, 0, side - 1),
    ];
  };
  const rectFrom = (a: [number, number], b: [number, number]): Occlusion => ({
    x: Math.min(a[0], b[0]),
    y: Math.min(a[1], b[1]),
    width: Math.abs(a[0] - b[0]) + 1,
    height: Math.abs(a[1] - b[1]) + 1,
  });

  frame.addEventListener('pointerdown', (event) => {
    if (!enabled) return;
    start = pixel(event);
    preview = rectFrom(start, start);
    frame.setPointerCapture(event.pointerId);
    draw();
  });
  frame.addEventListener('pointermove', (event) => {
    if (start === null) return;
    preview = rectFrom(start, pixel(event));
    draw();
  });
  frame.addEventListener('pointerup', () => {
    if (start === null || preview === null) return;
    const occlusion = preview;
    start = null;
    preview = null;
    // A click without a drag is not a box worth hiding.
    if (occlusion.width * occlusion.height > 1) {
      current = occlusion;
      send({ action: 'occlude', occlusion });
    }
    draw();
  });
  buttons.forEach((button) => {
    button.addEventListener('click', () => {
      const occlusion = presets[button.dataset.occlude ?? 'none'] ?? null;
      send({ action: 'occlude', occlusion });
    });
  });

  return {
    show(occlusion) {
      current = occlusion;
      draw();
    },
    setEnabled(value) {
      enabled = value;
      buttons.forEach((button) => (button.disabled = !value));
      frame.style.cursor = value ? 'crosshair' : 'default';
    },
  };
}
