/**
 * Whether a Redis answers, and which version it is (`neocortex doctor`): one connection, one
 * INFO, closed again; a Redis that does not answer within the timeout is reported, not waited for.
 */
import { Redis } from 'ioredis';

/** What {@link redisStatus} found. */
export type RedisStatus =
  | { reachable: true; url: string; version: string }
  | { reachable: false; url: string; error: string };

/** The status of the Redis at `url`, within `timeoutMs`. */
export async function redisStatus(url: string, timeoutMs = 3000): Promise<RedisStatus> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // The socket's own error (ECONNREFUSED, ENOTFOUND) says more than the closed connection.
  let cause: string | undefined;
  client.on('error', (error: Error) => (cause ??= error.message));
  try {
    await client.connect();
    const info = await client.info('server');
    const version = /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? 'unknown';
    return { reachable: true, url, version };
  } catch (error) {
    return { reachable: false, url, error: cause ?? (error as Error).message };
  } finally {
    client.disconnect();
  }
}
