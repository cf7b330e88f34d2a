/**
 * `neocortex serve` (and `npm start`): start the live server with a session
 * that trains a generative model and a classifier side by side (by default the
 * predictive-coding VAE and the feedforward classifier; a spec's slots may name
 * other kinds, or trained models to watch), print where to watch and the control
 * token, and run until SIGINT or SIGTERM, then shut down cleanly.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { BackendChoice, initBackend } from '../backend/index.ts';
import { safeParseSpec } from '../cortex/specError.ts';
import { positiveNumber, seedNumber, wholeNumber } from '../cortex/specFields.ts';
import { describeValue } from '../cortex/specWords.ts';
import { DATASET_NAMES } from '../data/names.ts';
import { NeocortexError } from '../errors.ts';
import { typedNumber } from '../models/kindOptions.ts';
import { checkPortFree } from '../server/listenError.ts';
import { addressLines } from '../server/addressesReport.ts';
import { startServer } from '../server/server.ts';
import { DEFAULT_VIEWER_LIMITS } from '../server/admission.ts';
import { loadLessonCatalogue } from '../sim/lessons/index.ts';
import {
  parseSessionSpec,
  servedSessionSpec,
  type ParsedSessionSpec,
} from '../sim/session/parsedSessionSpec.ts';
import { checkSessionMemory, namedDataShape } from '../sim/session/sessionMemory.ts';
import { parseByteSize } from '../models/memory.ts';
import { PACKAGE_ROOT } from '../version.ts';
import { applyServeModels } from './serveModels.ts';
import { RecordFile } from '../server/recording/fileSink.ts';
import { applyTrainedStart, startsShipped } from './trainedStart.ts';
import { serveUntilSignal } from './untilSignal.ts';

/** A number typed on the command line, read as one (text that is no number stays text). */
const typed = <T extends z.ZodType>(schema: T) => z.preprocess(typedNumber, schema);

/**
 * `serve`'s options as commander hands them over (numbers still text), with the bounds the
 * session spec gives the same fields. A bad one is refused by {@link parseServeOptions} in the
 * project's words, named by its flag.
 */
export const ServeOptions = z.object({
  port: typed(wholeNumber(0, 65535)),
  host: z.string().min(1),
  seed: typed(seedNumber()),
  frameRate: typed(positiveNumber(240)),
  /** Viewers this process serves at most; more are refused at the handshake. */
  maxViewers: typed(wholeNumber(1, 100_000)).default(DEFAULT_VIEWER_LIMITS.perProcess),
  /** Viewers from one remote address at most. */
  maxViewersPerAddress: typed(wholeNumber(1, 100_000)).default(DEFAULT_VIEWER_LIMITS.perAddress),
  speed: typed(z.number().min(0.5).max(120)),
  dataset: z.enum(DATASET_NAMES),
  backend: BackendChoice.optional(),
  /** false: serve the stream only, no page (and no page build). */
  web: z.boolean(),
  /** A JSON session spec (the session's models, data, speed...). */
  spec: z.string().min(1).optional(),
  /** The most memory the session's models may need (`4GB`): the spec's `maxMemoryMiB`. */
  maxMemory: z.string().optional(),
  /** Model kinds to run live, repeated or comma lists; see serveModels.ts. */
  model: z.union([z.string(), z.array(z.string())]).optional(),
  /** The chosen models' learning rule, where their live spec has one. */
  learning: z.string().optional(),
  /** The chosen models' settle iterations T of a local-learning step, where they take it. */
  inferenceSteps: z.string().optional(),
  /** The chosen models' first step size of each settle iteration, where they take it. */
  inferenceRate: z.string().optional(),
  /** Start from random weights, not the trained ones the package ships (trainedStart.ts). */
  fromScratch: z.boolean().optional(),
  /** A `neocortex train` run to start the generative model from. */
  trainedGenerative: z.string().min(1).optional(),
  /** A `neocortex train` run to start the classifier from. */
  trainedClassifier: z.string().min(1).optional(),
  /** Record what viewers see to this file (docs/recording.md). */
  record: z.string().min(1).optional(),
  /** The most MiB the `--record` file may take; it stops there. */
  recordMaxMib: typed(positiveNumber(1024 * 1024)).default(500),
  /** Replace an existing `--record` file. */
  overwrite: z.boolean().optional(),
  /** A folder of the teacher's own lessons (JSON files), offered beside the built-in ones. */
  lessons: z.string().min(1).optional(),
  /** Other pages (scheme://host:port) allowed to open a socket. */
  allowOrigin: z
    .array(
      z.url({
        error: (issue) =>
          `expected a URL such as http://host:port, got ${describeValue(issue.input)}`,
      }),
    )
    .default([]),
  /** Publish the session to this Redis for `neocortex relay`s (docs/relays.md). */
  redis: z.string().min(1).optional(),
  /** The channel name on Redis (several simulations on one Redis). */
  redisChannel: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, { error: 'expected letters, digits, "_", "." or "-"' })
    .default('neocortex'),
  /** Host names besides localhost and the bound address the server answers to. */
  allowHost: z
    .array(
      z.string().regex(/^[A-Za-z0-9.:[\]-]+$/, {
        error: (issue) =>
          `expected a host name (letters, digits, '.', ':', '-', brackets), got ${describeValue(issue.input)}`,
      }),
    )
    .default([]),
});
export type ServeOptions = z.infer<typeof ServeOptions>;

/** `frameRate` -> `--frame-rate`. */
const flagOf = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * Validate `serve`'s options (see {@link ServeOptions}). Throws a NeocortexError
 * (`OPTION_INVALID`) naming every bad option by its flag and the value typed, with what it
 * expects: `--port 70000: expected a whole number from 0 to 65535, got 70000`.
 */
export function parseServeOptions(raw: Record<string, unknown>): ServeOptions {
  const parsed = safeParseSpec(ServeOptions, raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const [key, index] = issue.path;
    const given = raw[String(key)];
    const value = typeof index === 'number' && Array.isArray(given) ? given[index] : given;
    const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
    const shown = text === '' ? '' : ` ${text}`;
    return `${flagOf(String(key))}${shown}: ${issue.message}`;
  });
  throw new NeocortexError('OPTION_INVALID', `invalid serve options:\n  ${problems.join('\n  ')}`);
}

/**
 * The session a `serve` command asks for: the `--spec` file (if any) with the
 * options the user typed on top (seed, dataset, speed, `--max-memory`; `--model NAMES`
 * and `--learning`, `--inference-steps`, `--inference-rate`), parsed once here (training in a
 * worker thread unless the file says `training: "inline"`) and passed down in that form: the
 * server and the Session take it as it is. Its models' memory estimate is checked right after,
 * against the data set's shape known from its name, so a session over its limit is refused
 * before the backend, the page or the data cost anything.
 * @param file - the parsed `--spec` file, if any
 * @param given - which options the user typed (not commander's defaults)
 */
export function resolveSessionSpec(
  options: ServeOptions,
  file?: unknown,
  given: (key: string) => boolean = () => true,
): ParsedSessionSpec {
  // Not an object: refused in the schema's words ("(root): expected an object, got ...").
  if (file !== undefined && (file === null || typeof file !== 'object' || Array.isArray(file))) {
    parseSessionSpec(file);
  }
  let spec: Record<string, unknown> = { ...((file as Record<string, unknown>) ?? {}) };
  delete spec['$schema'];
  for (const key of ['seed', 'dataset', 'speed'] as const) {
    if (file === undefined || given(key)) spec[key] = options[key];
  }
  if (options.maxMemory !== undefined) {
    spec['maxMemoryMiB'] = Math.ceil(parseByteSize(options.maxMemory) / 1024 ** 2);
  }
  spec = applyServeModels(spec, options);
  const parsed = applyTrainedStart(servedSessionSpec(spec), spec, options, file !== undefined);
  checkSessionMemory(parsed, namedDataShape(parsed));
  return parsed;
}

/**
 * The page's folder. From the sources (npm start), web/build.ts builds it first
 * when it is missing or stale; compiled (the installed package), the page built by
 * `npm run build` and shipped in web/dist is served as it is.
 */
export async function webRoot(print: (line: string) => void): Promise<string | undefined> {
  const runningSource = import.meta.url.endsWith('.ts');
  const build = join(PACKAGE_ROOT, 'web', 'build.ts');
  if (runningSource && existsSync(build)) {
    const module = (await import(pathToFileURL(build).href)) as {
      ensureWebBuild?: () => Promise<string>;
    };
    if (module.ensureWebBuild === undefined) return undefined;
    try {
      return await module.ensureWebBuild();
    } catch (error) {
      print(`(the page could not be built: ${(error as Error).message.split('\n')[0]})`);
      return undefined;
    }
  }
  const built = join(PACKAGE_ROOT, 'web', 'dist');
  if (existsSync(join(built, 'index.html'))) return built;
  print(`(no page: ${built} is missing; the stream is served without it)`);
  return undefined;
}

/** Run the live server until a signal; resolves when it has shut down. */
export async function runServe(
  options: ServeOptions,
  print: (line: string) => void,
  sessionSpec: ParsedSessionSpec = resolveSessionSpec(options),
): Promise<void> {
  // A busy port is said at once, before the backend, the page or the session cost anything.
  await checkPortFree(options.port, options.host, 'another with --port N');
  // So is a recording that would replace a file without --overwrite.
  if (options.record !== undefined) {
    RecordFile.checkTarget(options.record, existsSync(options.record), options.overwrite === true);
  }
  // So is a lesson file that does not read: every problem, one a line with its file and path.
  const lessons = await loadLessonCatalogue(options.lessons);
  const backend = await initBackend(options.backend);
  print(`backend: ${backend.description}`);
  if (backend.fallbackReason !== undefined) print(`  (${backend.fallbackReason})`);
  const root = options.web ? await webRoot(print) : undefined;
  const server = await startServer({
    port: options.port,
    host: options.host,
    frameRate: options.frameRate,
    viewerLimits: { perProcess: options.maxViewers, perAddress: options.maxViewersPerAddress },
    backend: backend.name,
    sessionSpec,
    // A slot's `trained` path in a spec file is taken from the file's folder.
    ...(options.spec !== undefined ? { sessionBaseDir: dirname(resolve(options.spec)) } : {}),
    allowOrigins: options.allowOrigin,
    allowHosts: options.allowHost,
    ...(root !== undefined ? { webRoot: root } : {}),
    ...(options.record !== undefined
      ? {
          record: {
            path: options.record,
            maxBytes: options.recordMaxMib * 1024 ** 2,
            overwrite: options.overwrite === true,
          },
        }
      : {}),
    onRecordingStop: print,
    lessons,
    ...(options.redis !== undefined
      ? { redis: { url: options.redis, channel: options.redisChannel } }
      : {}),
  });
  const { spec, topology } = server.session;
  const model = (slot: 'generative' | 'classifier'): string => {
    const { captions, kind, learning } = topology[slot];
    const name = captions.title.includes(kind) ? captions.title : `${captions.title} (${kind})`;
    const trained = spec[slot].trained;
    return `${name}, ${learning} learning${trained === undefined ? '' : `, trained: ${trained}`}`;
  };
  print(`live session: ${model('generative')}; ${model('classifier')}; on ${spec.dataset}`);
  if (startsShipped(spec)) {
    print(
      '  (from the trained weights the package ships; --from-scratch trains from random weights)',
    );
  }
  for (const line of addressLines(server)) print(line);
  if (options.record !== undefined) {
    print(
      `recording to ${options.record} (at most ${options.recordMaxMib} MiB; replay: neocortex replay FILE)`,
    );
  }
  if (options.redis !== undefined) {
    print(
      `publishing to ${options.redis} (channel ${options.redisChannel}): ` +
        `neocortex relay --redis ${options.redis} serves more viewers`,
    );
  }
  const own = lessons.filter((l) => l.source === 'teacher').length;
  print(
    `lessons: ${lessons.length}${own > 0 ? ` (${own} from ${options.lessons})` : ''}; ` +
      'the page with the token starts them',
  );
  print('press Ctrl+C to stop');
  await serveUntilSignal(server, print);
}
