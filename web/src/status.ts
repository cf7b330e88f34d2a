/** The header: connection, mode, tick and epoch, backend. Text is only written when it changes. */
import type { SessionMode } from '../../src/server/wire.ts';
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
