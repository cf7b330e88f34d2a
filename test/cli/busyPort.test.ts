/**
 * A busy port is reported at once by `neocortex serve`, as the port in use with
 * the option to choose another, before the backend, the page or the session
 * cost anything (it was a raw EADDRINUSE after the session had started).
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNeocortexError } from '../../src/errors.ts';
import { checkPortFree, listenError } from '../../src/server/listenError.ts';
import { neocortexBin } from '../helpers/killAndResume.ts';

const run = promisify(execFile);
/** A port some other program holds for the whole file. */
let busy: Server;
let port = 0;

beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  port = (busy.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

describe('checkPortFree', () => {
  it('refuses a port in use, naming it and the way on', async () => {
    const error = await checkPortFree(port, '127.0.0.1', 'another with --port N').catch(
      (e: unknown) => e,
    );
    expect(isNeocortexError(error, 'OPTION_INVALID')).toBe(true);
    expect((error as Error).message).toBe(
      `cannot listen: port ${port} on 127.0.0.1 is in use by another program; stop it, ` +
        `or choose another with --port N (0: any free port)`,
    );
  });

  it('lets a free port and port 0 through, and leaves them free', async () => {
    await checkPortFree(0, '127.0.0.1');
    const free = createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const freePort = (free.address() as { port: number }).port;
    await new Promise<void>((resolve) => free.close(() => resolve()));
    await checkPortFree(freePort, '127.0.0.1');
    await checkPortFree(freePort, '127.0.0.1'); // the probe released it
  });

  it('says a privileged port and a foreign address in words; passes other errors unchanged', () => {
    const eacces = Object.assign(new Error('listen EACCES'), { code: 'EACCES' });
    expect((listenError(eacces, 80, '0.0.0.0') as Error).message).toBe(
      'cannot listen: port 80 on 0.0.0.0 needs administrator rights; choose another port ' +
        'from 1024 up (0: any free port)',
    );
    const foreign = Object.assign(new Error('listen EADDRNOTAVAIL'), { code: 'EADDRNOTAVAIL' });
    expect((listenError(foreign, 8080, '10.9.9.9') as Error).message).toBe(
      'cannot listen: 10.9.9.9 is not an address of this machine; listen on 127.0.0.1 or 0.0.0.0',
    );
    const other = new Error('something else');
    expect(listenError(other, 8080, '127.0.0.1')).toBe(other);
  });
});

describe('neocortex serve on a busy port', () => {
  it('stops at once with the port in use and --port, before the backend starts', async () => {
    const started = Date.now();
    const result = await run(
      process.execPath,
      [neocortexBin, 'serve', '--port', String(port), '--no-web'],
      { timeout: 60_000 },
    ).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is in use by another program`);
    expect(result.stderr).toContain('--port N');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).not.toMatch(/backend:|listening/);
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 60_000);
});
