/**
 * The settle speed slider (settle mode only, beside Auto-advance): settle iterations per
 * second, 0.5 to 120 on a log scale, apart from the tick rate of the other modes, so a class
 * can follow a run iteration by iteration. Its value reads in units ("4 iterations/s").
 */
import type { SessionState } from '../../src/server/wire.ts';
import type { Control } from './controlSender.ts';
import { sliderFromSpeed, speedFromSlider } from './speedScale.ts';

/** The settle speed control, as the page drives it. */
export interface SettleSpeedControl {
  update(state: SessionState): void;
  setEnabled(enabled: boolean): void;
}

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`page: #${id} is missing`);
  return element as T;
}

/** Wire #settle-speed (in #settle-speed-control) to the `settle-speed` control. */
export function createSettleSpeed(send: (control: Control) => void): SettleSpeedControl {
  const container = byId<HTMLElement>('settle-speed-control');
  const slider = byId<HTMLInputElement>('settle-speed');
  const value = byId<HTMLOutputElement>('settle-speed-value');
  container.title = 'Settle iterations per second (settle mode), apart from the tick rate';
  let dragging = false;
  const show = (iterationsPerSecond: number): void => {
    value.textContent = `${iterationsPerSecond} iterations/s`;
    slider.setAttribute('aria-valuetext', `${iterationsPerSecond} iterations per second`);
  };
  slider.addEventListener('input', () => {
    dragging = true;
    const iterationsPerSecond = speedFromSlider(Number(slider.value));
    show(iterationsPerSecond);
    send({ action: 'settle-speed', iterationsPerSecond });
  });
  slider.addEventListener('change', () => {
    dragging = false;
  });
  return {
    update(state) {
      container.hidden = state.mode !== 'settle';
      if (!dragging) {
        slider.value = String(sliderFromSpeed(state.settleSpeed));
        show(state.settleSpeed);
      }
    },
    setEnabled(enabled) {
      slider.disabled = !enabled;
    },
  };
}
