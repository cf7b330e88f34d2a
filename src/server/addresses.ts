/**
 * The addresses a class on the same network can open the live page at. A server bound to all
 * addresses (`0.0.0.0` or `::`) is reached through this machine's own addresses, never through
 * `0.0.0.0`; a server bound to one address is reached through that one only. Pure functions of
 * an interface table (os.networkInterfaces()'s shape) and a host name, so they are tested with
 * a made-up table.
 */
import { networkInterfaces, hostname as osHostname } from 'node:os';

/** One entry of os.networkInterfaces() (only the fields used here). */
export interface InterfaceAddress {
  address: string;
  family: 'IPv4' | 'IPv6' | 4 | 6;
  internal: boolean;
  /** An IPv6 address's scope (0: global); link-local ones need a zone and are left out. */
  scopeid?: number;
}

/** The interface table: interface name -> its addresses (os.networkInterfaces()'s shape). */
export type InterfaceTable = Record<string, readonly InterfaceAddress[] | undefined>;

/** Whether `host` means every address of this machine (0.0.0.0, ::, or empty). */
export function isWildcardHost(host: string): boolean {
  const plain = host.replace(/^\[|\]$/g, '');
  return plain === '0.0.0.0' || plain === '::' || plain === '' || plain === '0:0:0:0:0:0:0:0';
}

/** Whether `host` is a loopback address or name (reachable from this machine only). */
export function isLoopbackHost(host: string): boolean {
  const plain = host.replace(/^\[|\]$/g, '').toLowerCase();
  return plain === 'localhost' || plain === '::1' || /^127\./.test(plain);
}

const isIPv4 = (entry: InterfaceAddress): boolean => entry.family === 'IPv4' || entry.family === 4;

/** A link-local IPv6 address (fe80::/10) needs a zone id no phone knows: not listed. */
const linkLocal = (address: string): boolean => /^fe[89ab]/i.test(address);

/**
 * The hosts others can reach a server bound to `host` at, best first: for a wildcard bind,
 * this machine's non-internal IPv4 addresses (for `::` also its global IPv6 ones), then its
 * host name; for a single address, that address alone. No loopback, no link-local address.
 */
export function reachableHosts(
  host: string,
  interfaces: InterfaceTable = networkInterfaces(),
  hostname: string = osHostname(),
): string[] {
  const plain = host.replace(/^\[|\]$/g, '');
  if (!isWildcardHost(host)) return [plain];
  const ipv6 = plain !== '0.0.0.0';
  const hosts: string[] = [];
  const v6: string[] = [];
  for (const list of Object.values(interfaces)) {
    for (const entry of list ?? []) {
      if (entry.internal) continue;
      if (isIPv4(entry)) hosts.push(entry.address);
      else if (ipv6 && !linkLocal(entry.address)) v6.push(entry.address.toLowerCase());
    }
  }
  const name = hostname.trim();
  const all = [...hosts, ...v6, ...(name !== '' && !isLoopbackHost(name) ? [name] : [])];
  return [...new Set(all)];
}

/** `http://HOST:PORT/`, an IPv6 host in brackets. */
export function pageUrl(host: string, port: number): string {
  const plain = host.replace(/^\[|\]$/g, '');
  return `http://${plain.includes(':') ? `[${plain}]` : plain}:${port}/`;
}

/**
 * The viewer URLs (no token) of a server bound to `host` on `port`, best first: see
 * {@link reachableHosts}. A wildcard bind on a machine with no network lists none.
 */
export function viewerUrls(
  host: string,
  port: number,
  interfaces?: InterfaceTable,
  hostname?: string,
): string[] {
  return reachableHosts(host, interfaces, hostname).map((h) => pageUrl(h, port));
}

/**
 * The address this machine's own browser opens for control: the bound address, or for a
 * wildcard bind 127.0.0.1 (a browser does not open 0.0.0.0) or [::1] when bound to `::` only.
 */
export function localUrl(host: string, port: number): string {
  const plain = host.replace(/^\[|\]$/g, '');
  if (!isWildcardHost(host)) return pageUrl(plain, port);
  return pageUrl('127.0.0.1', port);
}

/**
 * The host names a server bound to all addresses answers to besides its addresses: this
 * machine's host name (the viewer URL printed with it must open), when it is a valid one.
 */
export function machineHostNames(host: string, hostname: string = osHostname()): string[] {
  if (!isWildcardHost(host)) return [];
  const name = hostname.trim().toLowerCase();
  return /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(name) && !isLoopbackHost(name) ? [name] : [];
}
