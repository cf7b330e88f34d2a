/**
 * Sends controls with the page's token. Controls that fire continuously while a
 * slider moves or a pen draws (speed, clamp, input, occlude) are coalesced: while
 * one is waiting for its acknowledgement (or for its turn: at most one every
 * MIN_GAP_MS, under the server's rate limit) only the newest of the same action
 * waits behind it, so nothing queues up.
 */
import type { ControlAck, ControlMessage } from '../../src/server/wire.ts';

type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type Control = Without<ControlMessage, 'token'>;

const coalesced = new Set<Control['action']>([
  'speed',
  'settle-speed',
  'clamp',
  'input',
  'occlude',
]);
const MIN_GAP_MS = 80;

export function createControlSender(
  token: string | null,
  send: (message: ControlMessage) => Promise<ControlAck>,
  onResult: (control: Control, ack: ControlAck) => void,
): (control: Control) => void {
  const inFlight = new Set<string>();
  const waiting = new Map<string, Control>();

  const dispatch = (control: Control): void => {
    if (token === null) return;
    const key = control.action;
    inFlight.add(key);
    const sent = Date.now();
    void send({ ...control, token } as ControlMessage).then((ack) => {
      onResult(control, ack);
      const release = (): void => {
        inFlight.delete(key);
        const next = waiting.get(key);
        if (next !== undefined) {
          waiting.delete(key);
          dispatch(next);
        }
      };
      const wait = coalesced.has(control.action) ? sent + MIN_GAP_MS - Date.now() : 0;
      if (wait > 0) setTimeout(release, wait);
      else release();
    });
  };

  return (control) => {
    if (coalesced.has(control.action) && inFlight.has(control.action)) {
      waiting.set(control.action, control);
      return;
    }
    dispatch(control);
  };
}
