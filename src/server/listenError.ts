/**
 * Where the live server listens, checked at once: a port in use, a port that
 * needs privileges, or an address not of this machine is said in words with
 * the way on, before a session, a backend or a page build costs anything, and
 * again if listening itself fails (another program may take the port meanwhile).
 */
import type { Server as HttpServer } from 'node:http';
import { createServer } from 'node:net';
import { NeocortexError } from '../errors.ts';

/**
 * A listen error as an OPTION_INVALID {@link NeocortexError} naming the port
 * and the way on (`choose`: how the caller picks another port, e.g. "--port N");
 * errors of other kinds pass unchanged.
 */
export function listenError(
  error: unknown,
  port: number,
  host: string,
  choose = 'another port',
): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const where = `port ${port} on ${host}`;
  const problem =
    code === 'EADDRINUSE'
      ? `${where} is in use by another program; stop it, or choose ${choose} (0: any free port)`
      : code === 'EACCES'
        ? `${where} needs administrator rights; choose ${choose} from 1024 up (0: any free port)`
        : code === 'EADDRNOTAVAIL'
          ? `${host} is not an address of this machine; listen on 127.0.0.1 or 0.0.0.0`
          : undefined;
  if (problem === undefined) return error;
  return new NeocortexError('OPTION_INVALID', `cannot listen: ${problem}`, { cause: error });
}

/**
 * Resolve if `port` on `host` can be listened on now (bound and released at
 * once); reject with {@link listenError}'s words otherwise. Port 0 always can.
 */
export async function checkPortFree(port: number, host: string, choose?: string): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (error) => reject(listenError(error, port, host, choose)));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/**
 * Listen on `port` at `host`; a failure rejects with {@link listenError}'s words (the live
 * and the replay server both start this way).
 */
export async function listenOn(http: HttpServer, port: number, host: string): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, host, () => {
        http.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    throw listenError(error, port, host);
  }
}
