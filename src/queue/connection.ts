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
