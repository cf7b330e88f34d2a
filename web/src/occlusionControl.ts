/**
 * Hide part of the input: preset buttons (the keyboard's way), or drag a box on the input
 * image. The hidden rectangle is outlined over the input (for every viewer, from the session's
 * state). What hiding means depends on the mode, and a caption under the tools says so:
 * recognition sees blank paper there (counted in the prediction error); settling takes the
 * pixels as unknown (precision 0) and the prediction fills them in; generate has no input.
 */
import { select } from 'd3';
import type { Occlusion, SessionMode } from '../../src/server/wire.ts';
import { applyAvailability, unavailableReason } from './a11yModes.ts';
import type { Control } from './controlSender.ts';

/** What an occluded box means in `mode`, in plain words (null: nothing is hidden). */
export function occlusionCaption(mode: SessionMode, occlusion: Occlusion | null): string {
  const what =
    occlusion === null
      ? 'Nothing is hidden.'
      : `Hidden: a ${occlusion.width}×${occlusion.height} pixel box at (${occlusion.x}, ${occlusion.y}).`;
  switch (mode) {
    case 'train':
    case 'recognize':
      return (
        `${what} In ${mode === 'train' ? 'Train' : 'Recognize'} mode a hidden box is blank paper: ` +
        'the model sees no ink there, and ink the prediction puts there counts as prediction error.'
      );
    case 'settle':
      return (
        `${what} In Settle mode a hidden box is unknown: its pixels carry no error ` +
        '(precision 0), so the prediction from above fills them in.'
      );
    case 'generate':
      return `${what} Generate mode has no input, so hiding changes nothing until you leave it.`;
  }
}

const presets: Record<string, Occlusion | null> = {
  bottom: { x: 0, y: 14, width: 28, height: 14 },
  left: { x: 0, y: 0, width: 14, height: 28 },
  center: { x: 7, y: 7, width: 14, height: 14 },
  none: null,
};

export interface OcclusionControl {
  show(occlusion: Occlusion | null): void;
  setEnabled(enabled: boolean): void;
  /** Say what occlusion means in `mode` (and turn the tools off where there is no input). */
  setMode(mode: SessionMode): void;
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
  let mode: SessionMode = 'train';
  let current: Occlusion | null = null;
  // The outline is decoration: the caption says in words what is hidden.
  overlay.setAttribute('aria-hidden', 'true');
  const tools = buttons[0]?.parentElement ?? frame;
  const caption = document.createElement('p');
  caption.className = 'caption occlusion-caption';
  caption.id = 'occlusion-caption';
  const reason = document.createElement('p');
  reason.className = 'reason';
  reason.id = 'occlusion-reason';
  reason.hidden = true;
  tools.insertAdjacentElement('afterend', reason);
  tools.insertAdjacentElement('afterend', caption);
  const refresh = (): void => {
    caption.textContent = occlusionCaption(mode, current);
    const why = unavailableReason('occlusion', mode);
    applyAvailability([...buttons], reason, why, enabled);
    frame.style.cursor = enabled && why === null ? 'crosshair' : 'default';
  };
  refresh();
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
    if (!enabled || unavailableReason('occlusion', mode) !== null) return;
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
      refresh();
    },
    setEnabled(value) {
      enabled = value;
      refresh();
    },
    setMode(next) {
      mode = next;
      refresh();
    },
  };
}
