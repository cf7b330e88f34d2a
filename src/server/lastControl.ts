/**
 * What the controller did last, in a few words every viewer reads ("switched to settle mode",
 * "lesioned feedback"): the server broadcasts it as the `last-control` event after each
 * control it applied (docs/protocol.md), so a class watching on phones knows why the picture
 * changed. The words never carry the token.
 */
import type { ControlMessage, LastControl, SessionState } from './wire.ts';

/** The part of a message that says what it did (no token). */
type Action = ControlMessage extends infer M
  ? M extends unknown
    ? Omit<M, 'token'>
    : never
  : never;

const OCCLUSION_NAMES: Record<string, string> = {
  '0,14,28,14': 'the bottom half',
  '0,0,14,28': 'the left half',
  '7,7,14,14': 'the centre',
};

function describeOcclusion(occlusion: SessionState['occlusion']): string {
  if (occlusion === null) return 'removed the occlusion';
  const { x, y, width, height } = occlusion;
  const name = OCCLUSION_NAMES[`${x},${y},${width},${height}`];
  return `occluded ${name ?? `a ${width}x${height} box of the input`}`;
}

function describeClamp(values: readonly (number | null)[]): string {
  const held = values.filter((v) => v !== null).length;
  if (held === 0) return 'released the clamps';
  return `clamped ${held} unit${held === 1 ? '' : 's'} of the top area`;
}

/**
 * A short description of one applied control, in the past tense. An action this file does
 * not know (a newer control) is named by its action.
 */
export function describeControl(message: Action): string {
  const m = message as Action & Record<string, unknown>;
  switch (message.action) {
    case 'play':
      return 'pressed play';
    case 'pause':
      return 'paused';
    case 'step':
      return 'stepped one tick';
    case 'speed':
      return `set the speed to ${Number(m['ticksPerSecond'])} ticks/s`;
    case 'mode':
      return `switched to ${String(m['mode'])} mode`;
    case 'input':
      return 'fed in a drawn digit';
    case 'next-input':
      return 'moved to the next test image';
    case 'occlude':
      return describeOcclusion((m['occlusion'] ?? null) as SessionState['occlusion']);
    case 'clamp':
      return describeClamp((m['values'] ?? []) as (number | null)[]);
    case 'lesion-feedback':
      return m['lesioned'] === true ? 'lesioned feedback' : 'restored feedback';
    case 'settle-auto-advance':
      return m['enabled'] === true ? 'turned auto-advance on' : 'turned auto-advance off';
    case 'settle-speed':
      return `set the settle speed to ${Number(m['iterationsPerSecond'])} iterations/s`;
    case 'show-class':
      return `asked for an input of class ${Number(m['label'])}`;
    case 'previous-input':
      return 'went back to the previous input';
    case 'hold-input':
      return m['held'] === true ? 'stayed on this input' : 'let the inputs move on';
    case 'lesson':
      return m['lesson'] === null
        ? 'stopped the lesson'
        : `started the lesson ${String(m['lesson'])}`;
    case 'lesson-next':
      return 'moved to the next lesson step';
    case 'lesson-back':
      return 'went back a lesson step';
    case 'train-from-scratch':
      return 'restarted training from scratch';
    default:
      return `changed ${String((message as { action: unknown }).action).replace(/-/g, ' ')}`;
  }
}

/** The `last-control` event's payload for one applied control, at `at` (ms since the epoch). */
export function lastControl(message: Action, at: number = Date.now()): LastControl {
  return { action: message.action, text: describeControl(message), at };
}

/**
 * Wrap a socket.io `control` listener (control.ts's): when its acknowledgement says the
 * control was applied, `onApplied` gets the message (validated by then). Anything else passes
 * through untouched.
 */
export function onAppliedControl(
  listener: (...args: unknown[]) => void,
  onApplied: (message: Action) => void,
): (...args: unknown[]) => void {
  return (...args: unknown[]) => {
    const ack = args.at(-1);
    if (typeof ack !== 'function' || args.length !== 2) return listener(...args);
    listener(args[0], (reply: { ok: boolean }) => {
      try {
        (ack as (reply: unknown) => void)(reply);
      } finally {
        if (reply.ok) {
          const { token: _token, ...action } = args[0] as ControlMessage;
          void _token;
          onApplied(action as Action);
        }
      }
    });
  };
}
