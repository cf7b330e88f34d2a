/**
 * `neocortex serve --record FILE` killed with SIGKILL mid-recording leaves a file that replays
 * up to its last whole record; `--record` onto an existing file is refused before anything runs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecording } from '../../src/server/recording/reader.ts';
import { startReplayServer } from '../../src/server/recording/replayServer.ts';
import { tinySpec } from '../sim/sessionFixture.ts';
import { connect, until } from './liveClient.ts';

const bin = join(import.meta.dirname, '..', 'helpers', 'neocortexSource.js');
const dir = mkdtempSync(join(tmpdir(), 'neocortex-killed-'));
const specFile = join(dir, 'session.json');
writeFileSync(specFile, JSON.stringify(tinySpec({ playing: true, speed: 60, training: 'inline' })));

function serve(args: string[]) {
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--port', '0', '--no-web', '--backend', 'wasm', '--spec', specFile, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = { text: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, output, exited };
}

describe('serve --record, killed', () => {
  it('leaves a file that replays up to its last whole record', async () => {
    const file = join(dir, 'killed.ncrec');
    const { child, output, exited } = serve(['--record', file, '--frame-rate', '30']);
    try {
      await until(() => output.text.includes('press Ctrl+C to stop'), 90_000);
      expect(output.text).toContain(`recording to ${file} (at most 500 MiB`);
      // A few seconds of frames, then no time to flush or close anything.
      await until(() => statSync(file).size > 60_000, 60_000);
      child.kill('SIGKILL');
      await exited;
      const recording = await readRecording(file);
      expect(recording.header.source).toBe('record');
      expect(recording.frames).toBeGreaterThan(2);
      expect(recording.bytes).toBe(statSync(file).size);
      const replay = await startReplayServer({ recording, file, port: 0, playing: false });
      try {
        const viewer = connect(replay.url);
        const hello = await viewer.hello;
        expect(hello.replay).toMatchObject({ lostBytes: recording.lostBytes });
        expect(hello.state.mode).toBe('train');
        viewer.socket.close();
      } finally {
        await replay.close();
      }
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);

  it('replay refuses a foreign file in one line naming it, and a bad --record-max-mib', async () => {
    const foreign = join(dir, 'notes.txt');
    writeFileSync(foreign, 'not a recording\n');
    const child = spawn(process.execPath, [bin, 'replay', foreign, '--port', '0', '--no-web'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(1);
    expect(stderr).toBe(
      `error: ${foreign}: not a neocortex recording (its first bytes are not the recording magic)\n`,
    );
    const { output, exited } = serve(['--record', join(dir, 'x.ncrec'), '--record-max-mib', '0']);
    expect(await exited).toBe(1);
    expect(output.text).toMatch(/--record-max-mib 0: /);
  }, 60_000);

  it('refuses to record onto an existing file without --overwrite, before starting', async () => {
    const file = join(dir, 'taken.ncrec');
    writeFileSync(file, 'yesterday');
    const { output, exited } = serve(['--record', file]);
    expect(await exited).toBe(1);
    expect(output.text).toMatch(/taken\.ncrec: exists already: pass --overwrite to replace it/);
    expect(output.text).not.toContain('backend:');
    expect(readFileSync(file, 'utf8')).toBe('yesterday');
  }, 60_000);
});
