/**
 * A session spec is parsed once, where it enters, and flows down typed: on the `serve` path
 * (file and flags -> resolveSessionSpec -> startServer -> createSession -> Session) and on the
 * API's (createSession(input) -> Session) the session schema runs exactly once, and both paths
 * give the same session. Before, `serve` parsed a spec three times (resolveSessionSpec,
 * createSession, the Session constructor). A session over its memory limit is refused right
 * after that parse, before the backend starts.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { parseServeOptions, resolveSessionSpec } from '../../src/cli/serve.ts';
import { isNeocortexError } from '../../src/errors.ts';
import { startServer } from '../../src/server/server.ts';
import { createSession, Session } from '../../src/sim/session/index.ts';
import { parseSessionSpec } from '../../src/sim/session/parsedSessionSpec.ts';
import {
  sessionSpecSchema,
  type SessionSpec,
  type SessionSpecInput,
} from '../../src/sim/session/sessionSpec.ts';
import { tinyData, tinySpec } from '../sim/sessionFixture.ts';
import { useTempDir } from '../helpers/tempDir.ts';

const run = promisify(execFile);

beforeAll(async () => {
  await initBackend('wasm');
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** `serve`'s options as typed: the letters, so the fixture's data is the data set named. */
const options = parseServeOptions({
  port: '0',
  host: '127.0.0.1',
  seed: '3',
  frameRate: '30',
  speed: '30',
  dataset: 'letters',
  web: false,
});

/** A spec file of a tiny session, trained inline (no worker thread in this test). */
const file = { ...tinySpec(), training: 'inline' } as Record<string, unknown>;

/** Count the session schema's parses from now on (each parse is one `safeParse`). */
function countParses(): () => number {
  const spy = vi.spyOn(sessionSpecSchema(), 'safeParse');
  return () => spy.mock.calls.length;
}

describe('a session spec is parsed once', () => {
  it('on the serve path: file and flags, the server, createSession and the Session', async () => {
    const parses = countParses();
    const spec = resolveSessionSpec(options, file, () => false);
    const server = await startServer({
      port: 0,
      sessionSpec: spec,
      data: tinyData(),
      logger: false,
    });
    try {
      expect(parses()).toBe(1);
      expect(server.session.spec).toBe(spec);
      server.session.tick();
      expect(parses()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('on the API path: createSession(input) parses a spec as written once', async () => {
    const parses = countParses();
    const session = await createSession(file as SessionSpecInput, { data: tinyData() });
    try {
      expect(parses()).toBe(1);
      // The same session as serve's: the CLI's merge of file and flags is the spec as written.
      const served = resolveSessionSpec(options, file, () => false);
      expect(session.spec).toEqual(served);
      const twin = new Session(served, tinyData());
      expect(session.topology).toEqual(twin.topology);
      await twin.dispose();
    } finally {
      await session.dispose();
    }
  });

  it('startServer parses a spec as written once, training in a worker unless it says inline', async () => {
    const parses = countParses();
    const server = await startServer({
      port: 0,
      sessionSpec: file as SessionSpecInput,
      data: tinyData(),
      logger: false,
    });
    try {
      expect(parses()).toBe(1);
      expect(server.session.spec.training).toBe('inline');
    } finally {
      await server.close();
    }
  });

  it('the Session takes only the parsed form: an unparsed object is refused, typed and at run time', () => {
    const parses = countParses();
    const raw = parseSessionSpec(tinySpec());
    // The same fields as a parsed spec, but not made by the parse (a copy of one).
    const copy: SessionSpec = { ...raw };
    // @ts-expect-error a spec not made by parseSessionSpec is not a ParsedSessionSpec
    const refused = (): Session => new Session(copy, tinyData());
    let error: unknown;
    try {
      refused();
    } catch (caught) {
      error = caught;
    }
    expect(isNeocortexError(error, 'SPEC_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(/not been parsed: pass parseSessionSpec\(spec\)/);
    // @ts-expect-error a spec as written is not the parsed form either
    expect(() => new Session(tinySpec(), tinyData())).toThrow(/not been parsed/);
    expect(parses()).toBe(1);
  });

  it('a parsed spec cannot change after its parse (frozen, its slots too)', () => {
    const spec = parseSessionSpec(tinySpec());
    expect(() => {
      (spec as { batchSize: number }).batchSize = 1e9;
    }).toThrow(TypeError);
    expect(() => {
      (spec.classifierHidden as number[]).push(1e9);
    }).toThrow(TypeError);
    expect(spec.batchSize).toBe(8);
  });
});

describe('serve refuses a session over its memory limit before the backend starts', () => {
  const huge = {
    generative: {
      areas: [
        { size: 784 },
        ...Array.from({ length: 8 }, (_, i) => ({ name: `a${i + 1}`, size: 4096, hidden: 4096 })),
      ],
    },
  };

  it('resolveSessionSpec refuses it right after the parse, naming the estimate', () => {
    let error: unknown;
    try {
      resolveSessionSpec(options, huge, () => false);
    } catch (caught) {
      error = caught;
    }
    expect(isNeocortexError(error, 'SPEC_INVALID')).toBe(true);
    // Worker training (serve's default) counts two copies: the estimate is checked as served.
    expect((error as Error).message).toMatch(
      /^the live session needs about [\d.]+ GB to train .* over the memory limit of 2\.00 GB/,
    );
  });

  const tmp = useTempDir('serve-memory');

  it('the command says so before it names a backend, and exits 1', async () => {
    const specFile = join(tmp.path, 'huge.json');
    writeFileSync(specFile, JSON.stringify(huge));
    const bin = join(import.meta.dirname, '..', 'helpers', 'neocortexSource.js');
    const result = await run(
      process.execPath,
      [bin, 'serve', '--no-web', '--port', '0', '--spec', specFile],
      { timeout: 60_000 },
    ).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).not.toMatch(/backend:/);
    expect(result.stderr).toMatch(/^error: the live session needs about .* over the memory limit/);
  }, 60_000);
});
