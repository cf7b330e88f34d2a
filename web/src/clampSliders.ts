/**
 * One slider per top-area unit. Moving a slider clamps that unit to its value
 * (the generative path then draws from it); double-clicking frees it. Free
 * sliders follow the unit's recognised value, so a grab starts from there. Each slider is
 * named for its unit, reads its state ("clamped at +1.20" or free), and Delete frees it; a
 * caption says which units are held at what, and a note why when the mode ignores clamps.
 */
import { format, select } from 'd3';
import type { SessionMode } from '../../src/server/wire.ts';
import { applyAvailability, unavailableReason } from './a11yModes.ts';
import type { Control } from './controlSender.ts';

interface Unit {
  index: number;
}

export interface ClampSliders {
  show(clamp: readonly (number | null)[]): void;
  follow(means: Float32Array): void;
  setEnabled(enabled: boolean): void;
  /** Disable the clamps, saying why, in a mode where they do nothing. */
  setMode(mode: SessionMode): void;
}

const valueFormat = format('+.2f');

/** A slider's accessible name: which unit of which area it holds. */
export function clampSliderName(index: number): string {
  return `unit ${index + 1} of the top area`;
}

/** A slider's value text: clamped to a value, or free. */
export function clampValueText(value: number | null | undefined): string {
  return value === null || value === undefined
    ? 'free (follows the input)'
    : `clamped at ${valueFormat(value)}`;
}

/** The caption under the clamps: which units are held at which values. */
export function clampCaption(clamp: readonly (number | null)[]): string {
  const held = clamp.flatMap((v, i) => (v === null ? [] : [`unit ${i + 1} at ${valueFormat(v)}`]));
  if (held.length === 0) return 'No unit is clamped: every unit of the top area is free.';
  const free = clamp.length - held.length;
  const rest =
    free === 0 ? 'no unit is free' : `the other ${free} ${free === 1 ? 'is' : 'are'} free`;
  return `Clamped: ${held.join(', ')}; ${rest}. Feedback draws the image from these values.`;
}
const LIMIT = 4;

/** A standard normal draw (Box-Muller), clipped to the slider's range. */
function normal(): number {
  const u = 1 - Math.random();
  const v = Math.random();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.max(-LIMIT, Math.min(LIMIT, Math.round(z * 100) / 100));
}

export function createClampSliders(
  container: HTMLElement,
  release: HTMLButtonElement,
  random: HTMLButtonElement,
  size: number,
  send: (control: Control) => void,
): ClampSliders {
  let clamp: (number | null)[] = new Array<number | null>(size).fill(null);
  let enabled = true;
  let mode: SessionMode = 'train';
  let grabbed = -1;
  const summary = document.createElement('p');
  summary.className = 'caption clamp-summary';
  summary.id = 'clamp-summary';
  summary.textContent = clampCaption(clamp);
  const reason = document.createElement('p');
  reason.className = 'reason';
  reason.id = 'clamp-reason';
  reason.hidden = true;
  container.insertAdjacentElement('beforebegin', summary);
  container.insertAdjacentElement('beforebegin', reason);
  const units: Unit[] = Array.from({ length: size }, (_, index) => ({ index }));

  const sendClamp = (): void => send({ action: 'clamp', values: [...clamp] });

  const rows = select(container)
    .selectAll<HTMLDivElement, Unit>('div.clamp-row')
    .data(units, (d) => d.index)
    .join((enter) => {
      const row = enter.append('div').attr('class', 'clamp-row free');
      row.append('span').attr('class', 'clamp-name');
      row
        .append('input')
        .attr('type', 'range')
        .attr('min', -LIMIT)
        .attr('max', LIMIT)
        .attr('step', 0.05)
        .attr('value', 0)
        .attr('aria-label', (d) => clampSliderName(d.index))
        .attr('aria-valuetext', clampValueText(null));
      row.append('output').text('free');
      return row;
    })
    .attr('data-unit', (d) => d.index)
    .attr('title', 'Drag to clamp this unit; double-click to free it');
  rows.select('span.clamp-name').text((d) => `unit ${d.index + 1}`);
  rows
    .select<HTMLInputElement>('input')
    .on('input', function (_, d) {
      grabbed = d.index;
      clamp[d.index] = Number(this.value);
      render();
      sendClamp();
    })
    .on('change', () => {
      grabbed = -1;
    })
    .on('keydown', function (event: KeyboardEvent, d) {
      // The keyboard's double-click: Delete or Backspace frees the unit.
      if (event.key !== 'Delete' && event.key !== 'Backspace') return;
      event.preventDefault();
      clamp[d.index] = null;
      render();
      sendClamp();
    })
    .attr('aria-keyshortcuts', 'Delete');
  rows.on('dblclick', (_, d) => {
    if (!enabled || unavailableReason('clamp', mode) !== null) return;
    clamp[d.index] = null;
    render();
    sendClamp();
  });
  release.addEventListener('click', () => {
    clamp = clamp.map(() => null);
    render();
    sendClamp();
  });
  random.addEventListener('click', () => {
    clamp = clamp.map(normal);
    render();
    sendClamp();
  });

  function refresh(): void {
    const why = unavailableReason('clamp', mode);
    applyAvailability(
      [...rows.select<HTMLInputElement>('input').nodes(), release, random],
      reason,
      why,
      enabled,
    );
  }

  function render(): void {
    rows
      .classed('held', (d) => clamp[d.index] !== null)
      .classed('free', (d) => clamp[d.index] === null);
    rows.select('output').text((d) => {
      const v = clamp[d.index];
      return v === null || v === undefined ? 'free' : valueFormat(v);
    });
    rows
      .select<HTMLInputElement>('input')
      .attr('aria-valuetext', (d) => clampValueText(clamp[d.index]));
    summary.textContent = clampCaption(clamp);
    rows.select<HTMLInputElement>('input').each(function (d) {
      const v = clamp[d.index];
      if (v !== null && v !== undefined && d.index !== grabbed) this.value = String(v);
    });
  }

  return {
    show(values) {
      if (values.length === size) clamp = [...values];
      render();
    },
    follow(means) {
      rows.select<HTMLInputElement>('input').each(function (d) {
        if (clamp[d.index] === null && d.index !== grabbed && d.index < means.length) {
          this.value = String(means[d.index]!);
        }
      });
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
