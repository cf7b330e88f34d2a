/**
 * The teacher's invitation: the viewer link (`GET /viewer-link`, no token in it) in the room
 * bar, and a "QR code" button that opens a dialog with the link's QR code, large enough to
 * scan from the back of a room when projected. When only this machine can open the link (the
 * server listens on loopback), the dialog says how to let a class in.
 */
import type { ViewerLink } from '../../src/server/wire.ts';

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`page: #${id} is missing`);
  return element as T;
}

/** The QR code's SVG as an image address (the page's CSP allows data: images). */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

function show(link: ViewerLink): void {
  const line = byId<HTMLElement>('share-line');
  const inline = byId<HTMLAnchorElement>('share-link');
  inline.href = link.url;
  inline.textContent = link.url.replace(/^http:\/\//, '').replace(/\/$/, '');
  byId<HTMLElement>('share-scope').textContent = link.reachable
    ? ''
    : ' (this computer only: serve --host 0.0.0.0 lets a class in)';
  line.hidden = false;
  const open = byId<HTMLButtonElement>('share-open');
  open.hidden = false;
  const qr = byId<HTMLImageElement>('share-qr');
  qr.src = svgDataUrl(link.qrSvg);
  qr.alt = `QR code of the viewer link ${link.url}`;
  const url = byId<HTMLAnchorElement>('share-url');
  url.href = link.url;
  url.textContent = link.url;
  byId<HTMLElement>('share-note').textContent = link.reachable
    ? 'Phones and laptops on the same network scan the code or type the address: they watch, only you drive.'
    : 'Only this computer can open this address: start the server with\u00a0--host\u00a00.0.0.0 so a class on the same network can join.';
  const others = byId<HTMLUListElement>('share-others');
  others.replaceChildren(
    ...link.urls.slice(1).map((other) => {
      const item = document.createElement('li');
      item.textContent = `or ${other}`;
      return item;
    }),
  );
}

/** Fetch the viewer link and wire the dialog (the teacher's page only). */
export function setupShare(): void {
  const dialog = byId<HTMLDialogElement>('share-dialog');
  byId<HTMLButtonElement>('share-open').addEventListener('click', () => dialog.showModal());
  byId<HTMLButtonElement>('share-close').addEventListener('click', () => dialog.close());
  // A click on the backdrop (outside the dialog's box) closes it too.
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
  });
  const load = (wait: number): void => {
    fetch(new URL('viewer-link', window.location.href), { cache: 'no-store' })
      .then((response) => {
        if (!response.ok) throw new Error(String(response.status));
        return response.json() as Promise<ViewerLink>;
      })
      .then(show, () => window.setTimeout(() => load(Math.min(wait * 2, 30_000)), wait));
  };
  load(2000);
}
