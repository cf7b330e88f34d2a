/**
 * The toolbar: play / pause, single step, speed, the four modes, the next test
 * image, the settle auto-advance switch (shown in settle mode) and the feedback
 * lesion switch. It sends controls and mirrors the session's state (which every
 * viewer receives).
 */
import { select } from 'd3';
import type { SessionMode, SessionState, Topology } from '../../src/server/wire.ts';
import { modeCaption } from './captions.ts';
import type { Control } from './controlSender.ts';
import { sliderFromSpeed, speedFromSlider } from './speedScale.ts';

const modes: { mode: SessionMode; label: string; title: string }[] = [
  { mode: 'train', label: 'Train', title: 'Both models learn; a test image is shown' },
  { mode: 'recognize', label: 'Recognize', title: 'Up, then down: no learning' },
  { mode: 'generate', label: 'Generate', title: 'Dream from the prior: feedback only' },
  { mode: 'settle', label: 'Settle', title: 'Predictive-coding iterations on one input' },
];

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
  let topology: Topology | null = null;

  const modeButtons = select(byId<HTMLElement>('modes'))
    .selectAll<HTMLButtonElement, (typeof modes)[number]>('button')
    .data(modes, (d) => d.mode)
    .join('button')
    .attr('type', 'button')
    .attr('role', 'radio')
    .attr('data-mode', (d) => d.mode)
    .attr('title', (d) => d.title)
    .text((d) => d.label)
    .on('click', (_, d) => send({ action: 'mode', mode: d.mode }));

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
    speedValue.textContent = `${ticksPerSecond} ticks/s`;
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
      modeButtons.attr('aria-pressed', (d) => String(d.mode === state.mode));
      modeButtons.attr('aria-checked', (d) => String(d.mode === state.mode));
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
    setEnabled(enabled) {
      for (const element of [play, step, speed, next, lesion, autoAdvance]) {
        element.disabled = !enabled;
      }
      modeButtons.property('disabled', !enabled);
    },
  };
}
