/**
 * The static site's service worker (`sw.js`, built by web/buildStatic.ts): it keeps every file
 * of the site in a cache on the first visit, so the page, its session worker, the data, the
 * weights and the wasm come from the cache afterwards, with or without a network. The build
 * writes in the site's file list and a version (a hash of the files' contents): a new build is
 * a new service worker, which caches the new files and drops the old cache.
 */
declare const __SITE_FILES__: string[];
declare const __SITE_VERSION__: string;

/** The parts of a service worker's global scope used here. */
interface ServiceWorkerScope {
  registration: { scope: string };
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}

const scope = globalThis as unknown as ServiceWorkerScope;
const CACHE = `neocortex-static-${__SITE_VERSION__}`;

scope.addEventListener('install', (event) => {
  const urls = __SITE_FILES__.map((file) => new URL(file, scope.registration.scope).href);
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(urls))
      .then(() => scope.skipWaiting()),
  );
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith('neocortex-static-') && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => scope.clients.claim()),
  );
});

scope.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(scope.registration.scope)) return;
  // The site's files from the cache (the page's address without its query: the moment in it
  // is the page's own), anything else from the network.
  event.respondWith(
    caches
      .match(request, { ignoreSearch: request.mode === 'navigate' })
      .then((cached) => cached ?? fetch(request)),
  );
});
