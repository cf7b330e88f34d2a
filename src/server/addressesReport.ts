/**
 * The lines `serve` prints about where to watch and where to control: one viewer URL per
 * address a class can reach (no token), and the control link with the token apart, for this
 * machine's own browser.
 */
import { isWildcardHost, localUrl, viewerUrls, type InterfaceTable } from './addresses.ts';

/** What the report needs to know about the listening server. */
export interface ListeningServer {
  /** The address it is bound to (`0.0.0.0`, `::`, `127.0.0.1`...). */
  host: string;
  port: number;
  /** Its URL on the bound address (`http://0.0.0.0:PORT/` for a wildcard bind). */
  url: string;
  token: string;
}

/**
 * The start-up lines about addresses. Bound to one address: `listening on URL`, `watch: URL`.
 * Bound to all: `listening on URL (every address of this machine)` and a `watch:` line per
 * reachable address (addresses.ts), or a note when the machine has no network. Then the
 * control link (on this machine: 127.0.0.1 for a wildcard bind) and the token.
 */
export function addressLines(
  server: ListeningServer,
  interfaces?: InterfaceTable,
  hostname?: string,
): string[] {
  const { host, port, url, token } = server;
  const control = `${localUrl(host, port)}?token=${encodeURIComponent(token)}`;
  const lines: string[] = [];
  if (isWildcardHost(host)) {
    lines.push(`listening on ${url} (every address of this machine)`);
    const urls = viewerUrls(host, port, interfaces, hostname);
    if (urls.length === 0) {
      lines.push('  (no network address found: only this machine can watch)');
      lines.push(`  watch:   ${localUrl(host, port)}`);
    } else {
      lines.push('  a class on the same network watches at (no token, view only):');
      for (const viewer of urls) lines.push(`  watch:   ${viewer}`);
    }
  } else {
    lines.push(`listening on ${url}`);
    lines.push(`  watch:   ${url}`);
  }
  lines.push(`  control: ${control}`);
  lines.push(`  token:   ${token}`);
  return lines;
}
