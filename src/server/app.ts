/**
 * The HTTP side: `GET /healthz` and the built page (web/dist) as static files.
 * Without a built page, `/` says how to build it. Every response is refused
 * unless its Host is one the server answers to (host.ts), and carries helmet's
 * security headers with a Content-Security-Policy that allows only this
 * server's own scripts, styles and socket.
 */
import { existsSync } from 'node:fs';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { requestHostAllowed } from './host.ts';

/** helmet's headers for the page: its own origin only, never framed, no referrer. */
export const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  // Served over plain HTTP on a LAN for a class: no HSTS, no upgrade to https.
  strictTransportSecurity: false,
  xFrameOptions: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
});

export interface AppOptions {
  /** Folder of the built page; omitted or missing: no page. */
  webRoot?: string | undefined;
  /** What `GET /healthz` answers (a live server's Health, a relay's RelayHealth). */
  health: () => object;
  /** Host names the server answers to (see host.ts); omitted: any (tests of the app alone). */
  allowedHosts?: ReadonlySet<string> | undefined;
}

export function createApp(options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  // Every response carries the headers, the Host check's refusal too.
  app.use(securityHeaders);
  const hosts = options.allowedHosts;
  if (hosts !== undefined) {
    app.use((req, res, next) => {
      if (requestHostAllowed(req, hosts)) return next();
      res
        .status(403)
        .type('text/plain')
        .send(
          'This server does not answer to that Host name. If you reached it by a name of ' +
            'this machine, start the server with --allow-host <that name>.\n',
        );
    });
  }
  app.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(options.health());
  });
  const root = options.webRoot;
  if (root !== undefined && existsSync(root)) {
    app.use(express.static(root, { index: 'index.html' }));
  } else {
    app.get('/', (_req, res) => {
      res
        .status(503)
        .type('text/plain')
        .send('The page is not built (npm run build:web); the socket.io stream is running.\n');
    });
  }
  return app;
}
