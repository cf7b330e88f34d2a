/**
 * The viewer link the teacher's page shows (with its QR code), served as `GET /viewer-link`:
 * the address a class opens to watch, with no control token in it. A server bound to all
 * addresses gives this machine's network addresses (addresses.ts), so a teacher whose own page
 * is on 127.0.0.1 still gets a link that works for others; a server bound to loopback says
 * that only this machine can open it.
 */
import type { Express } from 'express';
import QRCode from 'qrcode';
import { isLoopbackHost, viewerUrls, type InterfaceTable } from './addresses.ts';
import type { ViewerLink } from './wire.ts';

/** How the QR code is drawn: the page and the tests make it with these same options. */
export const QR_OPTIONS = { type: 'svg', errorCorrectionLevel: 'M', margin: 2 } as const;

/** The QR code of `url` as an SVG document (qrcode's own renderer, {@link QR_OPTIONS}). */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, QR_OPTIONS);
}

/**
 * The viewer link of a server bound to `host` on `port`: the best reachable URL, the others,
 * whether others can reach it at all, and the QR code of the first URL.
 */
export async function viewerLink(
  host: string,
  port: number,
  interfaces?: InterfaceTable,
  hostname?: string,
): Promise<ViewerLink> {
  const urls = viewerUrls(host, port, interfaces, hostname);
  const plain = host.replace(/^\[|\]$/g, '');
  // A wildcard bind on a machine with no network: only this machine can open it.
  const url = urls[0] ?? `http://127.0.0.1:${port}/`;
  const reachable = urls.length > 0 && !isLoopbackHost(plain);
  return { url, urls: urls.length > 0 ? urls : [url], reachable, qrSvg: await qrSvg(url) };
}

/**
 * Serve `GET /viewer-link` as JSON ({@link ViewerLink}); `link` is asked on every request (the
 * port is known once the server listens), its answer kept once made.
 */
export function mountViewerLink(app: Express, link: () => Promise<ViewerLink>): void {
  let made: Promise<ViewerLink> | undefined;
  app.get('/viewer-link', (_req, res) => {
    made ??= link();
    made.then(
      (answer) => res.set('Cache-Control', 'no-store').json(answer),
      () => {
        made = undefined;
        res.status(500).json({ error: 'the viewer link could not be made' });
      },
    );
  });
}
