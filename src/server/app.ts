/**
 * The HTTP side: `GET /healthz` and the built page (web/dist) as static files.
 * Without a built page, `/` says how to build it.
 */
import { existsSync } from 'node:fs';
import express, { type Express } from 'express';
import type { Health } from './protocol.ts';

export interface AppOptions {
  /** Folder of the built page; omitted or missing: no page. */
  webRoot?: string | undefined;
  health: () => Health;
}

export function createApp(options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
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
