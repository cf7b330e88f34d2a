/**
 * Which site this page is: the one `neocortex serve` serves (the session on a server, over a
 * socket) or the static site `npm run build:static` writes (the session in a Web Worker of this
 * page, no server; docs/static-site.md). The static build marks its page with
 * `<meta name="neocortex-site" content="static">`.
 */
import { SERVICE_WORKER_FILE } from '../../src/server/static/workerProtocol.ts';

/** Whether this page is the static site (its session runs in the browser). */
export function isStaticSite(doc: Document = document): boolean {
  return doc.querySelector('meta[name="neocortex-site"]')?.getAttribute('content') === 'static';
}

/**
 * Keep the site for offline use: register its service worker (`sw.js`), which caches every
 * file of the site. Where the browser has none (or refuses, e.g. on `http://` other than
 * localhost), the site still runs, online.
 */
export function keepForOffline(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register(new URL(SERVICE_WORKER_FILE, document.baseURI)).catch(() => {
    // No offline copy; nothing else changes.
  });
}

/** A fresh control token for the static site's own worker (nobody else can reach it). */
export function pageOnlyToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
