/**
 * `neocortex relay --redis URL`: serve the page and the live stream of a simulation that
 * runs elsewhere (`neocortex serve --redis URL`), from Redis, to viewers of this machine or
 * of the network (docs/relays.md). Any number of relays on any machines; each bounds its
 * viewers like a server does. Runs until SIGINT or SIGTERM.
 */
import { z } from 'zod';
import { positiveNumber, wholeNumber } from '../cortex/specFields.ts';
import { log } from '../log.ts';
import { typedNumber } from '../models/kindOptions.ts';
import { DEFAULT_VIEWER_LIMITS } from '../server/admission.ts';
import { checkPortFree } from '../server/listenError.ts';
import { startRelay } from '../server/relay/relayServer.ts';
import { parseCommandOptions } from './commandOptions.ts';
import { serveUntilSignal } from './untilSignal.ts';

const typed = <T extends z.ZodType>(schema: T) => z.preprocess(typedNumber, schema);

/** `relay`'s options as commander hands them over (numbers still text). */
export const RelayOptions = z.object({
  redis: z.string().min(1),
  redisChannel: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, { error: 'expected letters, digits, "_", "." or "-"' })
    .default('neocortex'),
  port: typed(wholeNumber(0, 65535)),
  host: z.string().min(1),
  frameRate: typed(positiveNumber(240)),
  maxViewers: typed(wholeNumber(1, 100_000)).default(DEFAULT_VIEWER_LIMITS.perProcess),
  maxViewersPerAddress: typed(wholeNumber(1, 100_000)).default(DEFAULT_VIEWER_LIMITS.perAddress),
  /** false: serve the stream only, no page. */
  web: z.boolean(),
  allowHost: z.array(z.string()).default([]),
  allowOrigin: z.array(z.url()).default([]),
});
export type RelayOptions = z.infer<typeof RelayOptions>;

/** Validate `relay`'s options; a NeocortexError (OPTION_INVALID) naming each bad flag. */
export function parseRelayOptions(raw: Record<string, unknown>): RelayOptions {
  return parseCommandOptions(RelayOptions, raw, 'relay');
}

/** Relay until a signal (see the module comment); `webRoot` is the built page. */
export async function runRelay(
  options: RelayOptions,
  print: (line: string) => void,
  webRoot: () => Promise<string | undefined>,
): Promise<void> {
  await checkPortFree(options.port, options.host, 'another with --port N');
  const root = options.web ? await webRoot() : undefined;
  const relay = await startRelay({
    redis: options.redis,
    channel: options.redisChannel,
    port: options.port,
    host: options.host,
    frameRate: options.frameRate,
    viewerLimits: { perProcess: options.maxViewers, perAddress: options.maxViewersPerAddress },
    allowHosts: options.allowHost,
    allowOrigins: options.allowOrigin,
    ...(root !== undefined ? { webRoot: root } : {}),
    log: (level, message) => (level === 'warn' ? print(`relay: ${message}`) : log.info(message)),
  });
  print(`relaying ${options.redis} (channel ${options.redisChannel})`);
  print(`listening on ${relay.url}`);
  print(`  watch:   ${relay.url}`);
  print(
    '  control: add ?token=<the token neocortex serve printed> (controls go to the simulation)',
  );
  print('press Ctrl+C to stop');
  await serveUntilSignal(relay, print);
}
