import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { parseServeOptions } from '../../src/cli/serve.ts';
import { originAllowed, originGuard } from '../../src/server/origin.ts';

describe('originAllowed', () => {
  it('lets non-browser clients (no Origin) and the own page (same host and port) in', () => {
    expect(originAllowed(undefined, '127.0.0.1:8080')).toBe(true);
    expect(originAllowed('http://127.0.0.1:8080', '127.0.0.1:8080')).toBe(true);
    expect(originAllowed('http://LOCALHOST:8080', 'localhost:8080')).toBe(true);
  });

  it('keeps other pages out: another host, another port, or no Origin URL at all', () => {
    expect(originAllowed('http://evil.example', '127.0.0.1:8080')).toBe(false);
    expect(originAllowed('http://127.0.0.1:5173', '127.0.0.1:8080')).toBe(false);
    expect(originAllowed('null', '127.0.0.1:8080')).toBe(false);
    expect(originAllowed('http://127.0.0.1:8080', undefined)).toBe(false);
  });

  it('lets listed origins in', () => {
    const allowed = ['http://127.0.0.1:5173'];
    expect(originAllowed('http://127.0.0.1:5173', '127.0.0.1:8080', allowed)).toBe(true);
    expect(originAllowed('http://127.0.0.1:5174', '127.0.0.1:8080', allowed)).toBe(false);
  });
});

describe('originGuard', () => {
  const ask = (guard: ReturnType<typeof originGuard>, origin: string) =>
    new Promise<boolean>((resolve) =>
      guard({ headers: { origin, host: '127.0.0.1:8080' } } as IncomingMessage, (_e, ok) =>
        resolve(ok),
      ),
    );

  it('allows the origin of each URL given, whatever its path', async () => {
    const guard = originGuard(['http://127.0.0.1:5173/some/page/']);
    expect(await ask(guard, 'http://127.0.0.1:5173')).toBe(true);
    expect(await ask(guard, 'http://127.0.0.1:5174')).toBe(false);
    expect(await ask(guard, 'http://127.0.0.1:8080')).toBe(true);
  });
});

describe('serve --allow-origin', () => {
  const base = {
    port: 0,
    host: '127.0.0.1',
    seed: 1,
    frameRate: 30,
    speed: 30,
    dataset: 'mnist',
    web: true,
  };

  it('takes URLs, none by default', () => {
    const options = parseServeOptions({
      ...base,
      allowOrigin: ['http://127.0.0.1:5173/some/page'],
    });
    expect(options.allowOrigin).toEqual(['http://127.0.0.1:5173/some/page']);
    expect(parseServeOptions(base).allowOrigin).toEqual([]);
  });

  it('refuses what is not a URL, naming it', () => {
    expect(() => parseServeOptions({ ...base, allowOrigin: ['evil.example'] })).toThrow(
      /--allow-origin evil\.example: expected a URL such as http:\/\/host:port, got the string "evil\.example"/,
    );
  });
});
