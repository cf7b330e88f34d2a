/**
 * The toolbar: play / pause, single step, speed, the four modes, the next test
 * image, the settle auto-advance switch (shown in settle mode) and the feedback
 * lesion switch. It sends controls and mirrors the session's state (which every
 * viewer receives).
 */
import { select } from 'd3';
import type { SessionMode, SessionState, Topology } from '../../src/server/wire.ts';
import { applyAvailability, unavailableReason } from './a11yModes.ts';
import { modeCaption } from './captions.ts';
import type { Control } from './controlSender.ts';
import { sliderFromSpeed, speedFromSlider } from './speedScale.ts';

const modes: { mode: SessionMode; label: string; title: string }[] = [
  { mode: 'train', label: 'Train', title: 'Both models learn; a test image is shown' },
  { mode: 'recognize', label: 'Recognize', title: 'Up, then down: no learning' },
  { mode: 'generate', label: 'Generate', title: 'Dream from the prior: feedback only' },
  { mode: 'settle', label: 'Settle', title: 'Predictive-coding iterations on one input' },
];

/** The speed slider's value text: the rate in units (a screen reader reads it, not 0.747). */
export function speedValueText(ticksPerSecond: number): string {
  return `${ticksPerSecond} ticks/s`;
}

/** The index a key moves to in a radio group of `count` (arrows wrap, Home/End), or null. */
export function radioKeyTarget(key: string, index: number, count: number): number | null {
  if (key === 'ArrowRight' || key === 'ArrowDown') return (index + 1) % count;
  if (key === 'ArrowLeft' || key === 'ArrowUp') return (index - 1 + count) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}

export interface Toolbar {
  update(state: SessionState): void;
  setEnabled(enabled: boolean): void;
  /** The session's models, whose kinds may word a mode's caption their own way. */
  setTopology(topology: Topology): void;
}

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`page: #${id} is missing`);
  return element as T;
}

export function createToolbar(send: (control: Control) => void): Toolbar {
  const play = byId<HTMLButtonElement>('play');
  const step = byId<HTMLButtonElement>('step');
  const speed = byId<HTMLInputElement>('speed');
  const speedValue = byId<HTMLOutputElement>('speed-value');
  const next = byId<HTMLButtonElement>('next-input');
  const lesion = byId<HTMLInputElement>('lesion');
  const autoAdvance = byId<HTMLInputElement>('auto-advance');
  const autoAdvanceSwitch = byId<HTMLElement>('auto-advance-switch');
  const caption = byId<HTMLElement>('mode-caption');
  let playing = false;
  let dragging = false;
  let enabled = false;
  let mode: SessionMode = 'train';
  let topology: Topology | null = null;
  const nextReason = document.createElement('span');
  nextReason.id = 'next-input-reason';
  nextReason.className = 'reason';
  nextReason.hidden = true;
  next.insertAdjacentElement('afterend', nextReason);
  const refreshAvailability = (): void =>
    applyAvailability([next], nextReason, unavailableReason('next-input', mode), enabled);

  const modeButtons = select(byId<HTMLElement>('modes'))
    .selectAll<HTMLButtonElement, (typeof modes)[number]>('button')
    .data(modes, (d) => d.mode)
    .join('button')
    .attr('type', 'button')
    .attr('role', 'radio')
    .attr('aria-checked', 'false')
    .attr('tabindex', (_, i) => (i === 0 ? 0 : -1))
    .attr('data-mode', (d) => d.mode)
    .attr('title', (d) => d.title)
    .attr('aria-keyshortcuts', (_, i) => String(i + 1))
    .text((d) => d.label)
    .on('click', (_, d) => send({ action: 'mode', mode: d.mode }))
    .on('keydown', (event: KeyboardEvent, d) => {
      const buttons = modeButtons.nodes();
      const index = modes.findIndex((m) => m.mode === d.mode);
      const target = radioKeyTarget(event.key, index, buttons.length);
      if (target === null) return;
      event.preventDefault();
      // A radio group selects as focus moves (the ARIA radio pattern).
      buttons[target]!.focus();
      send({ action: 'mode', mode: modes[target]!.mode });
    });

  play.addEventListener('click', () => send({ action: playing ? 'pause' : 'play' }));
  step.addEventListener('click', () => send({ action: 'step' }));
  next.addEventListener('click', () => send({ action: 'next-input' }));
  lesion.addEventListener('change', () =>
    send({ action: 'lesion-feedback', lesioned: lesion.checked }),
  );
  autoAdvance.addEventListener('change', () =>
    send({ action: 'settle-auto-advance', enabled: autoAdvance.checked }),
  );
  const showSpeed = (ticksPerSecond: number): void => {
    speedValue.textContent = speedValueText(ticksPerSecond);
    speed.setAttribute('aria-valuetext', speedValueText(ticksPerSecond));
  };
  speed.addEventListener('input', () => {
    dragging = true;
    const ticksPerSecond = speedFromSlider(Number(speed.value));
    showSpeed(ticksPerSecond);
    send({ action: 'speed', ticksPerSecond });
  });
  speed.addEventListener('change', () => {
    dragging = false;
  });

  return {
    update(state) {
      playing = state.playing;
      play.textContent = playing ? '❚❚ Pause' : '▶ Play';
      play.setAttribute('aria-pressed', String(playing));
      if (!dragging) {
        speed.value = String(sliderFromSpeed(state.speed));
        showSpeed(state.speed);
      }
      modeButtons.attr('aria-checked', (d) => String(d.mode === state.mode));
      // Roving tabindex: Tab reaches the group once, on the selected mode.
      modeButtons.attr('tabindex', (d) => (d.mode === state.mode ? 0 : -1));
      mode = state.mode;
      refreshAvailability();
      lesion.checked = state.feedbackLesioned;
      autoAdvance.checked = state.settleAutoAdvance;
      autoAdvanceSwitch.hidden = state.mode !== 'settle';
      caption.textContent = modeCaption(state.mode, topology);
      caption.dataset.mode = state.mode;
    },
    setTopology(next) {
      topology = next;
      const mode = caption.dataset.mode as SessionState['mode'] | undefined;
      if (mode !== undefined) caption.textContent = modeCaption(mode, topology);
    },
    setEnabled(value) {
      enabled = value;
      for (const element of [play, step, speed, lesion, autoAdvance]) {
        element.disabled = !value;
      }
      refreshAvailability();
      modeButtons.property('disabled', !value);
    },
  };
}
