/**
 * `neocortex doctor [--redis URL]`: says whether the services the optional features need
 * answer. Today: Redis, for `experiment --queue` and `worker` (reachable or not, and its
 * version). Nothing else of the project needs Redis.
 */
import { z } from 'zod';
import { NeocortexError } from '../errors.ts';
import { redisConnection } from '../queue/connection.ts';
import { redisStatus } from '../queue/redisStatus.ts';
import { parseCommandOptions } from './commandOptions.ts';

/** Where doctor looks for Redis when no `--redis` is given. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** `neocortex doctor`'s options. */
export const DoctorOptions = z.object({ redis: z.string().min(1).default(DEFAULT_REDIS_URL) });

/**
 * Run `neocortex doctor`: prints a line about Redis; throws (`OPTION_INVALID`) when it does
 * not answer, so the command exits with 1.
 */
export async function runDoctorCommand(
  raw: Record<string, unknown>,
  print: (line: string) => void,
): Promise<void> {
  const options = parseCommandOptions(DoctorOptions, raw, 'doctor');
  redisConnection(options.redis, '--redis');
  const status = await redisStatus(options.redis);
  if (!status.reachable) {
    throw new NeocortexError(
      'OPTION_INVALID',
      `redis: ${status.url} does not answer (${status.error}); start one (Debian: apt-get ` +
        'install redis-server) or name another with --redis; only --queue and worker need it',
    );
  }
  print(`redis: ${status.url} answers, Redis ${status.version}`);
}
