/** The header: connection, mode, tick and epoch, backend. Text is only written when it changes. */
import type { LastControl, SessionMode } from '../../src/server/wire.ts';
import type { ConnectionStatus } from './connection.ts';

function setText(element: HTMLElement | null, text: string): void {
  if (element !== null && element.textContent !== text) element.textContent = text;
}

const byId = (id: string): HTMLElement | null => document.getElementById(id);

export function showConnection(status: ConnectionStatus, detail?: string): void {
  const chip = byId('connection');
  if (chip === null) return;
  chip.className = `chip chip-${status}`;
  setText(chip, status === 'disconnected' && detail ? `disconnected (${detail})` : status);
}

export function showMode(mode: SessionMode): void {
  const chip = byId('mode-indicator');
  if (chip === null) return;
  chip.dataset.mode = mode;
  setText(chip, `mode: ${mode}`);
}

export function showCounters(tick: number, epoch: number, iteration: number): void {
  setText(byId('tick'), iteration > 0 ? `tick ${tick} · iteration ${iteration}` : `tick ${tick}`);
  setText(byId('epoch'), `epoch ${epoch}`);
}

export function showBackend(backend: string, version: string): void {
  setText(byId('backend'), `${backend} · v${version}`);
}

/** How long the last control must stay the same before screen readers hear it. */
const ANNOUNCE_AFTER_MS = 1500;
let announce: number | undefined;

/**
 * The room bar's line "Last control: switched to settle mode", written at once; its live
 * region (read by screen readers) only once the line has stayed for a moment, so a dragged
 * slider is one announcement, not twenty.
 */
export function showLastControl(last: LastControl): void {
  const line = byId('last-control');
  if (line === null) return;
  line.hidden = false;
  setText(byId('last-control-text'), last.text);
  line.title = `at ${new Date(last.at).toLocaleTimeString()}`;
  window.clearTimeout(announce);
  announce = window.setTimeout(
    () => setText(byId('last-control-live'), `Last control: ${last.text}`),
    ANNOUNCE_AFTER_MS,
  );
}
