import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveServer } from '../../src/server/server.ts';
import { viewerUrls } from '../../src/server/addresses.ts';
import { QR_OPTIONS, viewerLink } from '../../src/server/viewerLink.ts';
import type { ViewerLink } from '../../src/server/wire.ts';
import { startTinyServer, TOKEN } from './liveClient.ts';

const table = {
  wlan0: [{ address: '192.168.1.20', family: 'IPv4' as const, internal: false }],
};

describe('the viewer link', () => {
  it('is the first reachable address, and its QR code is qrcode’s own for that URL', async () => {
    const link = await viewerLink('0.0.0.0', 8080, table, 'teacher-laptop');
    expect(link.url).toBe('http://192.168.1.20:8080/');
    expect(link.urls).toEqual(['http://192.168.1.20:8080/', 'http://teacher-laptop:8080/']);
    expect(link.reachable).toBe(true);
    expect(link.qrSvg).toBe(await QRCode.toString(link.url, QR_OPTIONS));
    // Another URL gives another code: the SVG depends on the URL.
    expect(link.qrSvg).not.toBe(await QRCode.toString('http://192.168.1.21:8080/', QR_OPTIONS));
    expect(link.qrSvg).toMatch(/^<svg [^>]*viewBox/);
  });

  it('says when only this machine can open it', async () => {
    const link = await viewerLink('127.0.0.1', 8080, table, 'teacher-laptop');
    expect(link).toMatchObject({ url: 'http://127.0.0.1:8080/', reachable: false });
  });
});

describe('GET /viewer-link', () => {
  let server: LiveServer;
  beforeAll(async () => {
    server = await startTinyServer({ host: '0.0.0.0' });
  }, 60_000);
  afterAll(() => server?.close());

  it('answers a teacher on 127.0.0.1 with a link others can open, without the token', async () => {
    const response = await fetch(`http://127.0.0.1:${server.port}/viewer-link`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(TOKEN);
    const link = JSON.parse(text) as ViewerLink;
    // This machine's own first reachable address (a machine without network: loopback, said so).
    const expected = viewerUrls('0.0.0.0', server.port)[0];
    expect(link.url).toBe(expected ?? `http://127.0.0.1:${server.port}/`);
    expect(link.reachable).toBe(expected !== undefined);
    expect(link.url).not.toContain('0.0.0.0');
    expect(link.qrSvg).toBe(await QRCode.toString(link.url, QR_OPTIONS));
    // Every URL it lists is one this server answers to (the Host check lets it in).
    for (const url of link.urls) {
      const host = new URL(url).host;
      const health = await fetch(`http://127.0.0.1:${server.port}/healthz`, {
        headers: { Host: host },
      });
      expect(health.status, url).toBe(200);
    }
  });
});
