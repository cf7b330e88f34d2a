/**
 * Which browser pages may open a socket to the live server. Websockets are not
 * covered by CORS, so without this check any page the viewer has open could
 * connect to the local server and watch its stream. Allowed: clients that send
 * no Origin (scripts, not browsers), the server's own page (Origin names the
 * same host and port as the request's Host), and origins listed by the user.
 * The Host itself is checked first (host.ts): comparing Origin with an unchecked
 * Host would let a DNS-rebound page pass as "same origin".
 */
import type { IncomingMessage } from 'node:http';
import { requestHostAllowed } from './host.ts';

export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[] = [],
): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (allowed.includes(url.origin)) return true;
  return host !== undefined && url.host === host.toLowerCase();
}

/**
 * Why a socket handshake is refused by host or origin, or null if it may go on: the
 * Host must be one of `hosts` (when given), then `originAllowed`. The allowed URLs are
 * cut to their origins once ("http://h:5173/page/" allows "http://h:5173"); a
 * malformed one throws.
 */
export function originRefusal(allowed: readonly string[], hosts?: ReadonlySet<string>) {
  const origins = allowed.map((url) => new URL(url).origin);
  return (request: IncomingMessage): string | null => {
    if (hosts !== undefined && !requestHostAllowed(request, hosts)) return 'host not allowed';
    const ok = originAllowed(request.headers.origin, request.headers.host, origins);
    return ok ? null : 'origin not allowed';
  };
}

/** socket.io's `allowRequest` hook made of {@link originRefusal}. */
export function originGuard(allowed: readonly string[], hosts?: ReadonlySet<string>) {
  const refusal = originRefusal(allowed, hosts);
  return (request: IncomingMessage, callback: (error: string | null, ok: boolean) => void) => {
    const refused = refusal(request);
    callback(refused, refused === null);
  };
}
