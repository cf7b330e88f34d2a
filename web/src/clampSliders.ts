/**
 * One slider per top-area unit. Moving a slider clamps that unit to its value
 * (the generative path then draws from it); double-clicking frees it. Free
 * sliders follow the unit's recognised value, so a grab starts from there.
 */
import { format, select } from 'd3';
import type { Control } from './controlSender.ts';

interface Unit {
  index: number;
}

export interface ClampSliders {
  show(clamp: readonly (number | null)[]): void;
  follow(means: Float32Array): void;
  setEnabled(enabled: boolean): void;
}

const valueFormat = format('+.2f');
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
  let grabbed = -1;
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
        .attr('value', 0);
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
    });
  rows.on('dblclick', (_, d) => {
    if (!enabled) return;
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

  function render(): void {
    rows
      .classed('held', (d) => clamp[d.index] !== null)
      .classed('free', (d) => clamp[d.index] === null);
    rows.select('output').text((d) => {
      const v = clamp[d.index];
      return v === null || v === undefined ? 'free' : valueFormat(v);
    });
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
      rows.select<HTMLInputElement>('input').property('disabled', !value);
      release.disabled = !value;
      random.disabled = !value;
    },
  };
}
