/**
 * Which Host headers the live server answers (the DNS-rebinding defence, as
 * Jupyter's `allow_remote_access` / `local_hostnames`). A page on evil.example
 * can point its own name at 127.0.0.1 and then talk to this server as
 * "same origin"; the browser still sends `Host: evil.example`, so refusing
 * every Host but the server's own names stops it. Allowed: loopback names
 * (localhost, 127.0.0.1, ::1), the address the server is bound to, every
 * address of this machine when bound to all (0.0.0.0 or ::), and the names given
 * with `allowHosts` (e.g. the machine's DNS name for a class). The port is not
 * compared: the connection reached this server's port whatever the header says.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

const LOOPBACK = ['localhost', '127.0.0.1', '::1'];

/** The host name of a Host header ("h:8080" -> "h", "[::1]:80" -> "::1"), lower case. */
export function hostName(header: string): string | undefined {
  try {
    const name = new URL(`http://${header}`).hostname.toLowerCase();
    return name.startsWith('[') ? name.slice(1, -1) : name;
  } catch {
    return undefined;
  }
}

/**
 * The host names a server bound to `bound` answers to: loopback names, the bound
 * address, this machine's addresses when bound to all, and `allowHosts`
 * (names or host:port, lower-cased; a trailing dot dropped).
 */
export function allowedHostNames(bound: string, allowHosts: readonly string[] = []): Set<string> {
  const names = new Set<string>(LOOPBACK);
  const plain = bound.replace(/^\[|\]$/g, '').toLowerCase();
  names.add(plain);
  if (plain === '0.0.0.0' || plain === '::' || plain === '') {
    for (const list of Object.values(networkInterfaces())) {
      for (const entry of list ?? []) names.add(entry.address.toLowerCase());
    }
  }
  for (const given of allowHosts) {
    const name = isIP(given) === 6 ? given.toLowerCase() : hostName(given);
    if (name === undefined || name === '') throw new Error(`allowHosts: not a host name: ${given}`);
    names.add(name.replace(/\.$/, ''));
  }
  return names;
}

/** Whether a request's Host header names one of `allowed`. A request without one is refused. */
export function hostAllowed(header: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (header === undefined) return false;
  const name = hostName(header);
  return name !== undefined && allowed.has(name.replace(/\.$/, ''));
}

/** The Host check for a request, shared by the HTTP routes and the socket handshake. */
export function requestHostAllowed(
  request: IncomingMessage,
  allowed: ReadonlySet<string>,
): boolean {
  return hostAllowed(request.headers.host, allowed);
}
