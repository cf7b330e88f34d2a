/**
 * Which site this page is: the one `neocortex serve` serves (the session on a server, over a
 * socket) or the static site `npm run build:static` writes (the session in a Web Worker of this
 * page, no server; docs/static-site.md). The static build marks its page with
 * `<meta name="neocortex-site" content="static">`.
 */

/** Whether this page is the static site (its session runs in the browser). */
export function isStaticSite(doc: Document = document): boolean {
  return doc.querySelector('meta[name="neocortex-site"]')?.getAttribute('content') === 'static';
}

/** A fresh control token for the static site's own worker (nobody else can reach it). */
export function pageOnlyToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
