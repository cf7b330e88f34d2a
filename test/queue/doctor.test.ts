/** `neocortex doctor`: a Redis that answers, with its version; one that does not; a bad URL. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runDoctorCommand } from '../../src/cli/doctor.ts';
import { NeocortexError } from '../../src/errors.ts';
import { REDIS_SERVER, useRedis } from '../helpers/redisServer.ts';

const redis = useRedis();

describe('neocortex doctor', () => {
  it("says a running Redis answers, with the server's version", async () => {
    const lines: string[] = [];
    await runDoctorCommand({ redis: redis.url }, (line) => lines.push(line));
    // What the server binary says of itself: `Redis server v=7.0.15 sha=...`.
    const version = /v=(\S+)/.exec(
      execFileSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' }),
    )![1];
    expect(lines).toEqual([`redis: ${redis.url} answers, Redis ${version}`]);
  });

  it('says a Redis that does not answer does not, and why', async () => {
    // The port of a Redis stopped a moment ago is free: started and stopped in this test.
    const { startRedis } = await import('../helpers/redisServer.ts');
    const gone = await startRedis();
    await gone.stop();
    const error = await runDoctorCommand({ redis: gone.url }, () => undefined).catch((e) => e);
    expect(error).toBeInstanceOf(NeocortexError);
    expect((error as Error).message).toContain(`redis: ${gone.url} does not answer (`);
    expect((error as Error).message).toContain('ECONNREFUSED');
  });

  it('refuses what is not a Redis URL', async () => {
    await expect(runDoctorCommand({ redis: 'http://x:1' }, () => undefined)).rejects.toThrow(
      '--redis: "http://x:1" is not a Redis URL',
    );
  });
});
