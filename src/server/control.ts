/**
 * The `control` event: every message is size-checked, rate-limited, validated
 * against the protocol's schema and its token checked before it touches the
 * session. Whatever arrives, the handler never throws; the acknowledgement
 * says `{ ok: true }` or `{ ok: false, error }`. A message without an
 * acknowledgement callback is ignored.
 */
import { formatSpecIssues, safeParseSpec } from '../cortex/specError.ts';
import type { Session } from '../sim/session/index.ts';
import { applyControl } from './applyControl.ts';
import type { LessonDesk } from './lessons.ts';
import { ControlMessageSchema, MAX_CONTROL_BYTES } from './protocol.ts';
import type { ControlAck } from './wire.ts';
import type { TokenBucket } from './rateLimit.ts';
import { tokenMatches } from './token.ts';

export interface ControlContext {
  session: Session;
  token: string;
  /** This connection's rate limit. */
  limiter: TokenBucket;
  /** Told about every refused message (for logs). */
  onRefused?: (error: string) => void;
  /** The server's lesson desk (the `lesson` actions), if it offers lessons. */
  lessons?: LessonDesk;
}

/**
 * The size of a payload as JSON; 'binary' when it is or holds binary data
 * (socket.io's attachments), 'unmeasurable' when it cannot be turned into JSON.
 */
function jsonSize(payload: unknown): number | 'binary' | 'unmeasurable' {
  const isBinary = (value: unknown) =>
    ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof SharedArrayBuffer;
  if (isBinary(payload)) return 'binary';
  let binary = false;
  try {
    const text = JSON.stringify(payload, function (this: unknown, key: string, value: unknown) {
      // `this[key]` is the value before its toJSON (a Buffer's would hide it).
      if (isBinary((this as Record<string, unknown>)[key])) {
        binary = true;
        throw new Error('binary');
      }
      return value;
    });
    return text === undefined ? 0 : text.length;
  } catch {
    return binary ? 'binary' : 'unmeasurable';
  }
}

/** Problems of a malformed message the acknowledgement names, at most. */
const SHOWN_PROBLEMS = 3;

export function handleControl(context: ControlContext, payload: unknown): ControlAck {
  const refuse = (error: string): ControlAck => {
    context.onRefused?.(error);
    return { ok: false, error };
  };
  if (!context.limiter.take()) return refuse('rate limited: too many control messages');
  const size = jsonSize(payload);
  if (size === 'binary') {
    return refuse('not JSON: a control message is a JSON object, not binary data');
  }
  if (size === 'unmeasurable') return refuse('not JSON: the message cannot be read as JSON');
  if (size > MAX_CONTROL_BYTES) {
    return refuse(`message too large: ${size} bytes as JSON (limit ${MAX_CONTROL_BYTES} bytes)`);
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return refuse('a control message must be an object');
  }
  // The token first: without it, nothing about the message is looked at further.
  if (!tokenMatches((payload as { token?: unknown }).token, context.token)) {
    return refuse('invalid token: control needs the token printed at server start');
  }
  const parsed = safeParseSpec(ControlMessageSchema, payload);
  if (!parsed.success) {
    // In the project's words, each problem at its path; a few at most (784 bad pixels are one).
    const problems = formatSpecIssues(parsed.error.issues);
    const more = problems.length > SHOWN_PROBLEMS;
    const shown = problems.slice(0, SHOWN_PROBLEMS).join('; ');
    const rest = more ? ` (and ${problems.length - SHOWN_PROBLEMS} more)` : '';
    return refuse(`invalid control message: ${shown}${rest}`);
  }
  try {
    applyControl(context.session, parsed.data, context.lessons);
    return { ok: true };
  } catch (error) {
    return refuse(error instanceof Error ? error.message : String(error));
  }
}

/** The socket.io listener: (payload, ack). Anything not shaped like that is dropped. */
export function controlListener(context: ControlContext): (...args: unknown[]) => void {
  return (...args: unknown[]) => {
    const ack = args.at(-1);
    if (typeof ack !== 'function' || args.length !== 2) {
      context.onRefused?.('control without an acknowledgement callback: ignored');
      return;
    }
    let reply: ControlAck;
    try {
      reply = handleControl(context, args[0]);
    } catch (error) {
      reply = { ok: false, error: `internal error: ${(error as Error).message}` };
    }
    try {
      (ack as (reply: ControlAck) => void)(reply);
    } catch {
      // A broken acknowledgement is the client's loss, never the server's.
    }
  };
}
