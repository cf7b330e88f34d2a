/**
 * An ioredis connection for the live relays, connected before it is handed over: an
 * unreachable Redis at start is an error naming the URL and the flag, not a silent retry.
 * Once connected, ioredis reconnects by itself (every half second at most).
 */
import { Redis, type RedisOptions } from 'ioredis';
import { NeocortexError } from '../../errors.ts';
import { redisConnection } from '../../queue/connection.ts';

/** Connect to the Redis at `url` (checked as a redis:// URL, named by `flag` if not). */
export async function connectRedis(
  url: string,
  flag: string,
  options: RedisOptions = {},
): Promise<Redis> {
  redisConnection(url, flag);
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 5000,
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(100 * times, 500),
    ...options,
  });
  let cause: string | undefined;
  const onError = (error: Error): void => {
    cause ??= error.message;
  };
  client.on('error', onError);
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new NeocortexError(
      'REDIS_UNREACHABLE',
      `${flag} ${url}: Redis does not answer (${cause ?? (error as Error).message}); ` +
        'start it (redis-server) or check the address (neocortex doctor --redis URL)',
    );
  }
  client.off('error', onError);
  return client;
}
