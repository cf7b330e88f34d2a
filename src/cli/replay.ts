/**
 * `neocortex replay FILE`: serve the page over a recording (`serve --record`, or the page's
 * download of the last minutes) with a timeline: play, pause, seek, speed. It reads and checks
 * the whole file first (a foreign or corrupt one is refused, a cut one replays up to its last
 * whole record and says how much was lost), prints where to watch and the token that drives
 * the timeline, and runs until SIGINT or SIGTERM.
 */
import { z } from 'zod';
import { positiveNumber, wholeNumber } from '../cortex/specFields.ts';
import { NeocortexError } from '../errors.ts';
import { typedNumber } from '../models/kindOptions.ts';
import { formatDuration } from '../server/recording/fileSink.ts';
import { readRecording } from '../server/recording/reader.ts';
import { startReplayServer } from '../server/recording/replayServer.ts';
import { checkPortFree } from '../server/listenError.ts';
import { REPLAY_SPEED_RANGE } from '../server/wire.ts';
import { serveUntilSignal } from './untilSignal.ts';

const typed = <T extends z.ZodType>(schema: T) => z.preprocess(typedNumber, schema);

/** `replay`'s options as commander hands them over (numbers still text). */
export const ReplayOptions = z.object({
  port: typed(wholeNumber(0, 65535)),
  host: z.string().min(1),
  speed: typed(positiveNumber(REPLAY_SPEED_RANGE[1]).min(REPLAY_SPEED_RANGE[0])),
  /** false: serve the stream only, no page. */
  web: z.boolean(),
  /** Start paused at the beginning. */
  paused: z.boolean().optional(),
  allowHost: z.array(z.string()).default([]),
});
export type ReplayOptions = z.infer<typeof ReplayOptions>;

/** Validate `replay`'s options; a NeocortexError (OPTION_INVALID) naming each bad flag. */
export function parseReplayOptions(raw: Record<string, unknown>): ReplayOptions {
  const parsed = ReplayOptions.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    const value = raw[key];
    const shown = typeof value === 'string' || typeof value === 'number' ? ` ${value}` : '';
    return `${flag}${shown}: ${issue.message}`;
  });
  throw new NeocortexError('OPTION_INVALID', `invalid replay options:\n  ${problems.join('\n  ')}`);
}

/** Replay `file` until a signal (see the module comment); `webRoot` is the built page. */
export async function runReplay(
  file: string,
  options: ReplayOptions,
  print: (line: string) => void,
  webRoot: () => Promise<string | undefined>,
): Promise<void> {
  await checkPortFree(options.port, options.host, 'another with --port N');
  const recording = await readRecording(file);
  const { header } = recording;
  print(
    `recording: ${file}, ${recording.frames} frames over ${formatDuration(recording.durationMs)}, ` +
      `recorded ${new Date(header.startedAt).toISOString()} by neocortex-sim ${header.version}`,
  );
  if (recording.lostBytes > 0) {
    print(
      `  cut short: the last ${recording.lostBytes} bytes are not a whole record and are left ` +
        `out; it replays up to ${formatDuration(recording.durationMs)}`,
    );
  }
  const root = options.web ? await webRoot() : undefined;
  const server = await startReplayServer({
    recording,
    file,
    port: options.port,
    host: options.host,
    speed: options.speed,
    playing: options.paused !== true,
    allowHosts: options.allowHost,
    ...(root !== undefined ? { webRoot: root } : {}),
  });
  print(`replaying on ${server.url}`);
  print(`  watch:   ${server.url}`);
  print(`  control: ${server.url}?token=${encodeURIComponent(server.token)}`);
  print(`  token:   ${server.token}`);
  print('press Ctrl+C to stop');
  await serveUntilSignal(server, print);
}
