import { spawn } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { viewerUrls } from '../../src/server/addresses.ts';

const bin = join(import.meta.dirname, '..', 'helpers', 'neocortexSource.js');

describe('neocortex serve --host 0.0.0.0', () => {
  it('prints a viewer URL per address a class can reach, and the control link apart', async () => {
    const child = spawn(
      process.execPath,
      [
        bin,
        'serve',
        '--host',
        '0.0.0.0',
        '--port',
        '0',
        '--dataset',
        'letters',
        '--no-web',
        '--backend',
        'wasm',
        '--from-scratch',
      ],
      { env: { ...process.env, NEOCORTEX_TOKEN: 'room-token' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no report printed:\n${stdout}\n${stderr}`)),
          90_000,
        );
        child.stdout.on('data', () => {
          const match = /^listening on http:\/\/0\.0\.0\.0:(\d+)\/ /m.exec(stdout);
          if (match && stdout.includes('press Ctrl+C to stop\n')) {
            clearTimeout(timer);
            resolve(Number(match[1]));
          }
        });
      });
      const watch = [...stdout.matchAll(/^ {2}watch: {3}(\S+)$/gm)].map((m) => m[1]!);
      // Exactly this machine's reachable addresses (IPv4, then its name), never 0.0.0.0.
      const expected = viewerUrls('0.0.0.0', port, networkInterfaces());
      expect(watch).toEqual(expected.length > 0 ? expected : [`http://127.0.0.1:${port}/`]);
      expect(watch.join(' ')).not.toContain('0.0.0.0');
      expect(watch.join(' ')).not.toContain('room-token');
      expect(stdout).toContain(`  control: http://127.0.0.1:${port}/?token=room-token\n`);
      // Every printed viewer URL answers (reached here through this machine's own addresses).
      for (const url of watch.filter((u) => /^http:\/\/[\d.]+:/.test(u))) {
        const response = await fetch(new URL('healthz', url));
        expect(response.status, url).toBe(200);
      }
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
