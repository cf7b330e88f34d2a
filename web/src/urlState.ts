/**
 * The moment a page shows, in its address (issue #25): the mode, the lesson and its step, the
 * digit it stays on, the feedback lesion and the clamped top-area units, so a shared link opens
 * the same moment. `?mode=generate&lesion=1&clamp=0:2.5,3:-1`,
 * `?lesson=lesion&step=1`, `?mode=recognize&digit=5`. Pure: reading an address, writing one,
 * and the controls that put a session in the state an address names.
 */
import type {
  ControlMessage,
  LessonStepView,
  SessionMode,
  SessionState,
} from '../../src/server/wire.ts';

/** What an address says about the moment; absent fields leave the session as it is. */
export interface UrlState {
  mode?: SessionMode;
  /** A lesson by id, at a step counted from 0. */
  lesson?: { id: string; step: number };
  /** Stay on a test image of this class. */
  digit?: number;
  lesion?: boolean;
  /** Clamped top-area units: unit index to value. */
  clamp?: Map<number, number>;
}

/** A control as the page sends it, before its token. */
type Control = ControlMessage extends infer M
  ? M extends unknown
    ? Omit<M, 'token'>
    : never
  : never;

const MODES = [
  'train',
  'recognize',
  'generate',
  'settle',
] as const satisfies readonly SessionMode[];
/** The parameters this module owns; others (presenter, ...) are left alone. */
const KEYS = ['mode', 'lesson', 'step', 'digit', 'lesion', 'clamp'] as const;
const LESSON_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

const wholeNumber = (text: string | null, max: number): number | undefined => {
  if (text === null || !/^\d{1,4}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= max ? n : undefined;
};

function readClamp(text: string | null): Map<number, number> | undefined {
  if (text === null || text === '') return undefined;
  const clamp = new Map<number, number>();
  for (const pair of text.split(',')) {
    const match = /^(\d{1,4}):(-?\d+(?:\.\d+)?)$/.exec(pair);
    if (match === null) return undefined;
    clamp.set(Number(match[1]), Number(match[2]));
  }
  return clamp;
}

/** What the address `href` names; a malformed part is left out (the session keeps its own). */
export function readUrlState(href: string): UrlState {
  const params = new URL(href).searchParams;
  const out: UrlState = {};
  const mode = params.get('mode');
  if (mode !== null && (MODES as readonly string[]).includes(mode)) out.mode = mode as SessionMode;
  const lesson = params.get('lesson');
  if (lesson !== null && LESSON_ID.test(lesson)) {
    out.lesson = { id: lesson, step: wholeNumber(params.get('step'), 99) ?? 0 };
  }
  const digit = wholeNumber(params.get('digit'), 999);
  if (digit !== undefined) out.digit = digit;
  const lesion = params.get('lesion');
  if (lesion === '1' || lesion === '0') out.lesion = lesion === '1';
  const clamp = readClamp(params.get('clamp'));
  if (clamp !== undefined) out.clamp = clamp;
  return out;
}

/**
 * The moment a session is at: its mode, lesion and clamps, the lesson step shown, and the
 * class of the input it stays on (`label`: the shown input's class, -1 when unknown).
 */
export function urlStateOf(
  state: SessionState,
  lesson: LessonStepView | null,
  label: number,
): UrlState {
  const out: UrlState = { mode: state.mode, lesion: state.feedbackLesioned };
  if (lesson !== null) out.lesson = { id: lesson.lesson, step: lesson.index };
  if (state.inputHeld && state.inputSource === 'dataset' && label >= 0) out.digit = label;
  const clamp = new Map<number, number>();
  state.clamp.forEach((value, unit) => {
    if (value !== null) clamp.set(unit, value);
  });
  if (clamp.size > 0) out.clamp = clamp;
  return out;
}

/** `href` with its moment set to `state` (other parameters kept; lesion only when on). */
export function writeUrlState(href: string, state: UrlState): string {
  const url = new URL(href);
  for (const key of KEYS) url.searchParams.delete(key);
  const set = (key: (typeof KEYS)[number], value: string) => url.searchParams.set(key, value);
  if (state.mode !== undefined) set('mode', state.mode);
  if (state.lesson !== undefined) {
    set('lesson', state.lesson.id);
    set('step', String(state.lesson.step));
  }
  if (state.digit !== undefined) set('digit', String(state.digit));
  if (state.lesion === true) set('lesion', '1');
  if (state.clamp !== undefined && state.clamp.size > 0) {
    const pairs = [...state.clamp].map(([unit, value]) => `${unit}:${Number(value.toFixed(3))}`);
    set('clamp', pairs.join(','));
  }
  return url.href;
}

/**
 * The controls that put a session in `state`, in order: the lesson first (it sets the
 * session as its step says), then the mode, the lesion, the digit and the clamps the address
 * names on top. `topSize`: the top area's units (clamps beyond it are left out).
 */
export function controlsFor(state: UrlState, topSize: number): Control[] {
  const out: Control[] = [];
  if (state.lesson !== undefined) {
    out.push({ action: 'lesson', lesson: state.lesson.id });
    for (let i = 0; i < state.lesson.step; i++) out.push({ action: 'lesson-next' });
  }
  if (state.mode !== undefined) out.push({ action: 'mode', mode: state.mode });
  if (state.lesion !== undefined) out.push({ action: 'lesion-feedback', lesioned: state.lesion });
  if (state.digit !== undefined) {
    out.push({ action: 'show-class', label: state.digit }, { action: 'hold-input', held: true });
  }
  if (state.clamp !== undefined && state.clamp.size > 0) {
    const values = Array.from({ length: topSize }, (_, unit) => state.clamp!.get(unit) ?? null);
    out.push({ action: 'clamp', values });
  }
  return out;
}
