/**
 * A session spec is parsed once, where it enters (the command line's file and flags, or
 * `createSession(input)` and `startServer({ sessionSpec })` for users of the API), and flows
 * down as a {@link ParsedSessionSpec}: the `Session` constructor, the memory check and the
 * training worker take that form and never parse again. The brand is checked at run time too
 * (a JavaScript caller has no types): only {@link parseSessionSpec} makes one, and it is frozen,
 * so what was validated is what runs.
 */
import { parseSpecWith } from '../../cortex/specError.ts';
import { NeocortexError } from '../../errors.ts';
import type { LiveSlot } from '../../models/live.ts';
import { sessionSpecSchema, type SessionSpec, type SessionSpecInput } from './sessionSpec.ts';

declare const parsed: unique symbol;

/** A session spec that {@link parseSessionSpec} validated (every default filled in, frozen). */
export type ParsedSessionSpec = SessionSpec & { readonly [parsed]: true };

/** The specs {@link parseSessionSpec} made: the run-time side of the brand. */
const parsedSpecs = new WeakSet<object>();

/** Freeze `value` and everything in it (a parsed spec is plain JSON-like data). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * Validate a session spec as a user writes it, once: a NeocortexError (`SPEC_INVALID`) in the
 * project's words naming every problem, or the spec with its defaults, frozen and branded.
 * @param input - the spec as written (JSON data; every field optional)
 */
export function parseSessionSpec(input: unknown): ParsedSessionSpec {
  const spec = deepFreeze(parseSpecWith(sessionSpecSchema(), input, 'session spec'));
  parsedSpecs.add(spec);
  return spec as ParsedSessionSpec;
}

/** Whether `spec` came from {@link parseSessionSpec} (and so needs no second parse). */
export function isParsedSessionSpec(spec: unknown): spec is ParsedSessionSpec {
  return typeof spec === 'object' && spec !== null && parsedSpecs.has(spec);
}

/**
 * The spec of a session the live server runs: a parsed one as it is, or a user's spec parsed
 * once with training in a worker thread unless it says `training: 'inline'` (the page keeps
 * its frame rate while the models train flat out).
 * @param input - the spec as written, or one parsed already (default: the default spec)
 */
export function servedSessionSpec(
  input: SessionSpecInput | ParsedSessionSpec = {},
): ParsedSessionSpec {
  if (isParsedSessionSpec(input)) return input;
  return parseSessionSpec({ training: 'worker', ...input });
}

/**
 * A parsed spec whose `slots` start from trained runs: a copy with each named slot's `trained`
 * set to the path given, frozen and branded without a second parse (a non-empty path is all
 * that field takes, so the copy is as valid as `spec`). The run itself is read and checked
 * against the slot when the session is created.
 * @param trained - a `neocortex train` run (folder, checkpoint.bin or metrics.json) per slot
 */
export function withTrainedSlots(
  spec: ParsedSessionSpec,
  trained: Partial<Record<LiveSlot, string>>,
): ParsedSessionSpec {
  const copy = structuredClone(spec) as SessionSpec;
  for (const [slot, path] of Object.entries(trained) as [LiveSlot, string][]) {
    if (path.length === 0) {
      throw new NeocortexError('SPEC_INVALID', `session spec: ${slot}.trained: expected a path`);
    }
    (copy as Record<LiveSlot, object>)[slot] = { ...copy[slot], trained: path };
  }
  deepFreeze(copy);
  parsedSpecs.add(copy);
  return copy as ParsedSessionSpec;
}
