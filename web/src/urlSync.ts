/**
 * Keeps the page's address and its session's moment together (urlState.ts): on the first
 * `hello` it puts the session in the moment the address names (a shared link), control by
 * control, each waiting for its acknowledgement; from then on it writes the session's moment
 * into the address as it changes (with `replaceState`: no history entry a tick).
 */
import type {
  ControlAck,
  LessonUpdate,
  LessonStepView,
  SessionState,
} from '../../src/server/wire.ts';
import { controlsFor, readUrlState, urlStateOf, writeUrlState } from './urlState.ts';

/** Sends one control (the token added) and resolves to its acknowledgement. */
export type SendControl = (control: ReturnType<typeof controlsFor>[number]) => Promise<ControlAck>;

/** The page's side of the address; see the file comment. */
export interface UrlSync {
  /** The session greeted the page; `topSize`: its top area's units. */
  hello(topSize: number): void;
  state(state: SessionState): void;
  lesson(update: LessonUpdate): void;
  /** The shown input's class (-1 when unknown), from each frame. */
  label(label: number): void;
}

/**
 * @param send - sends a control and resolves to its acknowledgement
 * @param refused - told of a control of the address the session refused (and why)
 */
export function createUrlSync(
  send: SendControl,
  refused: (action: string, error: string) => void,
): UrlSync {
  let started = false;
  let ready = false;
  let state: SessionState | null = null;
  let step: LessonStepView | null = null;
  let shownLabel = -1;
  const write = (): void => {
    if (!ready || state === null) return;
    const href = writeUrlState(window.location.href, urlStateOf(state, step, shownLabel));
    if (href !== window.location.href) window.history.replaceState(window.history.state, '', href);
  };
  return {
    hello(topSize) {
      if (started) return;
      started = true;
      const controls = controlsFor(readUrlState(window.location.href), topSize);
      void (async () => {
        for (const control of controls) {
          const ack = await send(control);
          if (!ack.ok) refused(control.action, ack.error);
        }
        ready = true;
        write();
      })();
    },
    state(next) {
      state = next;
      write();
    },
    lesson(update) {
      step = update.current;
      write();
    },
    label(label) {
      if (label === shownLabel) return;
      shownLabel = label;
      write();
    },
  };
}
