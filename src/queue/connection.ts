/**
 * Where the queue is: a Redis URL (`redis://HOST:PORT`, `rediss://` for TLS, with an optional
 * user, password and database number), checked where it enters and turned into the connection
 * options BullMQ hands to its Redis client (ioredis).
 */
import type { ConnectionOptions } from 'bullmq';
import { NeocortexError } from '../errors.ts';

/** The BullMQ queue every command of the project puts cells on and takes them from. */
export const QUEUE_NAME = 'neocortex-cells';

/**
 * The connection options of Redis URL `url`; throws `OPTION_INVALID` (naming `flag`) for
 * anything that is not a redis:// or rediss:// URL with a host.
 */
export function redisConnection(url: string, flag = '--queue'): ConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new NeocortexError(
      'OPTION_INVALID',
      `${flag}: "${url}" is not a URL; give redis://HOST:PORT`,
    );
  }
  if (!['redis:', 'rediss:'].includes(parsed.protocol) || parsed.hostname === '') {
    throw new NeocortexError(
      'OPTION_INVALID',
      `${flag}: "${url}" is not a Redis URL; give redis://HOST:PORT (rediss:// for TLS)`,
    );
  }
  // BullMQ's blocking commands need ioredis to retry forever rather than give up on a request.
  return { url, maxRetriesPerRequest: null };
}

/** Lines about a Queue's or Worker's `error` events, each told once (see {@link errorReporter}). */
export interface ErrorReporter {
  /** The `error` listener: prints the error's line unless it was told since the last clear. */
  error: (error: Error) => void;
  /** Something worked again: prints `back` if an error was told, and the next error again. */
  clear: (back?: string) => void;
}

/**
 * Tell a Queue's or Worker's errors once each, not at every retry: with Redis gone, ioredis
 * retries the connection for ever (commands wait meanwhile, `maxRetriesPerRequest: null`) and
 * BullMQ emits the same `connect ECONNREFUSED` at every retry.
 */
export function errorReporter(
  print: (line: string) => void,
  line: (message: string) => string,
): ErrorReporter {
  const told = new Set<string>();
  return {
    error: (error) => {
      if (told.has(error.message)) return;
      told.add(error.message);
      print(line(error.message));
    },
    clear: (back) => {
      if (told.size > 0 && back !== undefined) print(back);
      told.clear();
    },
  };
}
