/**
 * The browser versions of Node built-ins in the static site's worker (web/static/shims) give
 * what Node gives for what the shared code asks of them: SHA-256 (checkpoints, the token),
 * CRC-32 (the data cache), POSIX paths, the bytes `Buffer` reads, `setImmediate`'s order.
 */
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { crc32 as nodeCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Buffer as ShimBuffer } from '../../../web/static/shims/buffer.ts';
import { createHash as shimHash, timingSafeEqual } from '../../../web/static/shims/crypto.ts';
import { clearImmediate, setImmediate } from '../../../web/static/shims/immediate.ts';
import * as shimPath from '../../../web/static/shims/path.ts';
import { crc32 } from '../../../web/static/shims/zlib.ts';

/** Lengths around SHA-256's 64-byte blocks and its 9 bytes of padding. */
const LENGTHS = [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 100_003];

describe('the static site shims', () => {
  it('hash as SHA-256 does, for bytes and text', () => {
    for (const n of LENGTHS) {
      const bytes = new Uint8Array(randomBytes(n));
      const expected = createHash('sha256').update(bytes).digest('hex');
      const got = Buffer.from(shimHash('sha256').update(bytes).digest()).toString('hex');
      expect(got, `${n} bytes`).toBe(expected);
    }
    const text = 'e2e-token-0123456789 · ünïcode';
    expect(Buffer.from(shimHash('sha256').update(text).digest()).toString('hex')).toBe(
      createHash('sha256').update(text).digest('hex'),
    );
    expect(timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
  });

  it('compute the CRC-32 Node computes', () => {
    for (const n of LENGTHS) {
      const bytes = new Uint8Array(randomBytes(n));
      expect(crc32(bytes), `${n} bytes`).toBe(nodeCrc32(bytes));
    }
  });

  it('join, resolve and split paths as POSIX node:path does', () => {
    const cases: [string, ...string[]][] = [
      ['/a/b', '../c', 'd.json'],
      ['a', './b', '..', 'c'],
      ['/', 'x'],
      ['/neocortex-sim', 'lessons'],
    ];
    for (const parts of cases) {
      expect(shimPath.join(...parts)).toBe(path.posix.join(...parts));
      expect(shimPath.resolve('/', ...parts)).toBe(path.posix.resolve('/', ...parts));
    }
    for (const p of ['/neocortex-sim/package.json', 'a/b/', '/x', 'file.bin.gz']) {
      expect(shimPath.dirname(p)).toBe(path.posix.dirname(p));
      expect(shimPath.basename(p)).toBe(path.posix.basename(p));
      expect(shimPath.extname(p)).toBe(path.posix.extname(p));
    }
    expect(shimPath.relative('/a/b/c', '/a/d')).toBe(path.posix.relative('/a/b/c', '/a/d'));
  });

  it('read little-endian numbers and latin1 text as Buffer does', () => {
    const node = Buffer.alloc(16);
    node.write('NCXMNIST', 0, 'latin1');
    node.writeUInt32LE(0xdeadbeef, 8);
    node.writeFloatLE(0.123, 12);
    const shim = ShimBuffer.from(node.buffer, node.byteOffset, node.byteLength);
    expect(shim.toString('latin1', 0, 8)).toBe('NCXMNIST');
    expect(shim.readUInt32LE(8)).toBe(0xdeadbeef);
    expect(shim.readFloatLE(12)).toBe(node.readFloatLE(12));
  });

  it('run immediates in order, after the current task, and not once cleared', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('first'));
    const cleared = setImmediate(() => order.push('cleared'));
    setImmediate(() => order.push('second'));
    clearImmediate(cleared);
    order.push('now');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual(['now', 'first', 'second']);
  });
});
