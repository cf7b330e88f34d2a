import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Health } from '../../src/server/wire.ts';
import { connect } from './liveClient.ts';

const bin = join(import.meta.dirname, '..', 'helpers', 'neocortexSource.js');

describe('neocortex serve', () => {
  it('prints its URL and token, serves viewers, and stops cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [bin, 'serve', '--port', '0', '--dataset', 'letters', '--no-web', '--backend', 'wasm'],
      { env: { ...process.env, NEOCORTEX_TOKEN: 'cli-token' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed:\n${stdout}`)), 90_000);
        child.stdout.on('data', () => {
          // The last line of the start-up report: everything before it is there.
          const match = /^listening on (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(stdout);
          if (match && stdout.includes('press Ctrl+C to stop\n')) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
      });
      expect(stdout).toMatch(/^backend: wasm/m);
      expect(stdout).toContain(`control: ${url}?token=cli-token`);
      expect(stdout).toMatch(/^ {2}token: {3}cli-token$/m);
      const health = (await (await fetch(new URL('healthz', url))).json()) as Health;
      expect(health).toMatchObject({ status: 'ok', backend: 'wasm' });
      const client = connect(url);
      const hello = await client.hello;
      expect(hello.topology.latentSize).toBe(20);
      const closed = new Promise((resolve) => client.socket.once('disconnect', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await closed;
      expect(stdout).toMatch(/SIGTERM: shutting down\nstopped\n$/);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
