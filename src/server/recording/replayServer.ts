/**
 * The replay server (`neocortex replay FILE`): the page and the live socket protocol over a
 * recording instead of a session. Viewers get `hello` (with a `replay` field), then `frame`
 * and `state` through their own feeds at most at the recording's frame rate, and the other
 * recorded events as broadcast. The timeline is shared, like the live session: whoever holds
 * the token plays, pauses, seeks and changes the speed (`timeline-control` on the `/replay`
 * namespace) and every viewer sees the same moment; every seek greets each viewer again with
 * the picture at the new position. Live `control` messages are refused: a recording is fixed.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import { NeocortexError } from '../../errors.ts';
import { SessionHistory } from '../../sim/session/sessionHistory.ts';
import { createApp } from '../app.ts';
import { ViewerFeeds } from '../viewerFeeds.ts';
import { allowedHostNames } from '../host.ts';
import { listenOn } from '../listenError.ts';
import { Admission } from '../admission.ts';
import { createSocketServer } from '../socketServer.ts';
import { TokenBucket } from '../rateLimit.ts';
import { controlToken, tokenMatches } from '../token.ts';
import {
  PROTOCOL_VERSION,
  REPLAY_NAMESPACE,
  REPLAY_SPEED_RANGE,
  type ControlAck,
  type Health,
  type Hello,
  type ReplayInfo,
  type WireFrame,
} from '../wire.ts';
import type { Recording } from './reader.ts';
import { ReplayPlayer, type ReplayPicture } from './replayPlayer.ts';

/** How {@link startReplayServer} serves a recording. */
export interface ReplayServerOptions {
  /** The recording, read (readRecording). */
  recording: Recording;
  /** Its file (named in `hello`). */
  file: string;
  /** 0 picks a free port. Default 8080. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The token that drives the timeline; default NEOCORTEX_TOKEN or a random one. */
  token?: string;
  /** Playback speed at start, 0.25..8 (default 1). */
  speed?: number;
  /** Start playing at once (default true). */
  playing?: boolean;
  /** Frames per second sent to each viewer at most (default: the recording's frame rate). */
  frameRate?: number;
  /** Folder of the built page. */
  webRoot?: string;
  /** Other pages allowed to open a socket (as the live server's). */
  allowOrigins?: string[];
  /** Host names besides localhost and the bound address (as the live server's). */
  allowHosts?: string[];
}

/** A running replay server. */
export interface ReplayServer {
  url: string;
  host: string;
  port: number;
  token: string;
  player: ReplayPlayer;
  io: Server;
  /** Connected viewers. */
  viewers(): number;
  /** Stop the timeline, disconnect every viewer and stop listening. */
  close(): Promise<void>;
}

const TimelineControlSchema = z.discriminatedUnion('action', [
  z.object({ token: z.string(), action: z.literal('play') }),
  z.object({ token: z.string(), action: z.literal('pause') }),
  z.object({ token: z.string(), action: z.literal('seek'), positionMs: z.number().finite() }),
  z.object({
    token: z.string(),
    action: z.literal('speed'),
    speed: z.number().min(REPLAY_SPEED_RANGE[0]).max(REPLAY_SPEED_RANGE[1]),
  }),
]);

/** A history holding a picture's points, for the viewers' feeds. */
function historyOf(picture: ReplayPicture, points: number): SessionHistory {
  const history = new SessionHistory(points, points);
  for (const point of picture.curve) history.curve.record(point);
  for (const point of picture.latent) history.latent.record(point);
  return history;
}

/** Serve `options.recording` (see the module comment); resolves once it listens. */
export async function startReplayServer(options: ReplayServerOptions): Promise<ReplayServer> {
  const { recording } = options;
  const { header } = recording;
  if (header.protocol !== PROTOCOL_VERSION) {
    throw new NeocortexError(
      'RECORDING_INVALID',
      `${options.file}: recorded with socket protocol ${header.protocol}; this page speaks ` +
        `protocol ${PROTOCOL_VERSION} (replay it with neocortex-sim ${header.version})`,
    );
  }
  if (!recording.records.some((r) => r.kind === 'event' && r.name === 'state')) {
    throw new NeocortexError(
      'RECORDING_INVALID',
      `${options.file}: holds no session state: nothing to replay (cut short after ${recording.bytes} bytes?)`,
    );
  }
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? controlToken();
  const frameRate = options.frameRate ?? header.frameRate;
  const points = 1000;
  let history = new SessionHistory(points, points);
  let picture: ReplayPicture | undefined;
  const started = performance.now();

  const info = (): ReplayInfo => ({
    ...player.timeline(),
    file: basename(options.file),
    recordedAt: header.startedAt,
    frames: recording.frames,
    lostBytes: recording.lostBytes,
  });
  const greet = (socket: Socket): void => {
    const now = picture ?? player.pictureAt(player.positionMs);
    const hello: Hello<WireFrame> = {
      protocol: header.protocol,
      version: header.version,
      backend: `${header.backend}, replayed`,
      topology: header.topology,
      state: now.state,
      curve: history.curve.toArray(),
      latent: history.latent.toArray(),
      frame: now.frame,
      frameRate,
      replay: info(),
    };
    socket.emit('hello', hello);
    for (const [name, payload] of now.events) socket.emit(name, payload);
    feeds.add(socket);
  };

  const health = (): Health => ({
    status: 'ok',
    version: header.version,
    backend: `${header.backend}, replayed`,
    tick: picture?.state.tick ?? 0,
    viewers: feeds.size,
    uptimeSeconds: Math.round((performance.now() - started) / 1000),
    memory: { simulation: { numTensors: 0, numBytes: 0 }, training: null },
  });
  const allowedHosts = allowedHostNames(host, options.allowHosts);
  const http = createServer(createApp({ webRoot: options.webRoot, health, allowedHosts }));
  const io = createSocketServer(http, {
    allowOrigins: options.allowOrigins ?? [],
    allowedHosts,
    admission: new Admission(),
  });
  const timelines = io.of(REPLAY_NAMESPACE);
  const feeds = new ViewerFeeds(io.of('/'), () => history, frameRate);

  const player = new ReplayPlayer(
    recording,
    {
      frame: (frame) => {
        if (picture !== undefined) picture.frame = frame;
        feeds.offerFrame(frame);
      },
      state: (state) => {
        if (picture !== undefined) picture.state = state;
        feeds.offerState(state);
      },
      curve: (added) => added.forEach((point) => history.curve.record(point)),
      latent: (added) => added.forEach((point) => history.latent.record(point)),
      event: (name, payload) => {
        picture?.events.set(name, payload);
        io.emit(name, payload);
      },
      timeline: (timeline) => timelines.emit('timeline', timeline),
      seeked: (at) => {
        picture = at;
        history = historyOf(at, points);
        for (const socket of io.of('/').sockets.values()) greet(socket);
      },
    },
    { speed: options.speed ?? 1, playing: false },
  );
  player.seek(0);

  io.on('connection', (socket) => {
    greet(socket);
    socket.on('control', (...args: unknown[]) => {
      const ack = args.at(-1);
      const reply: ControlAck = {
        ok: false,
        error: 'this is a replay of a recording: use the timeline to play, pause or seek',
      };
      if (typeof ack === 'function') (ack as (reply: ControlAck) => void)(reply);
    });
    socket.on('disconnect', () => feeds.remove(socket.id));
  });
  timelines.on('connection', (socket) => {
    socket.emit('timeline', player.timeline());
    const limiter = new TokenBucket(20, 40);
    socket.on('timeline-control', (...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof ack !== 'function' || args.length !== 2) return;
      (ack as (reply: ControlAck) => void)(timelineControl(args[0], limiter));
    });
  });
  const timelineControl = (payload: unknown, limiter: TokenBucket): ControlAck => {
    if (!limiter.take()) return { ok: false, error: 'rate limited: too many timeline messages' };
    if (!tokenMatches((payload as { token?: unknown } | null)?.token, token)) {
      return { ok: false, error: 'invalid token: the timeline needs the token printed at start' };
    }
    const parsed = TimelineControlSchema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return {
        ok: false,
        error: `invalid timeline message: ${issue.path.join('.')}: ${issue.message}`,
      };
    }
    const message = parsed.data;
    if (message.action === 'play') player.play();
    else if (message.action === 'pause') player.pause();
    else if (message.action === 'seek') player.seek(message.positionMs);
    else player.setSpeed(message.speed);
    return { ok: true };
  };

  try {
    await listenOn(http, options.port ?? 8080, host);
  } catch (error) {
    player.dispose();
    throw error;
  }
  if (options.playing ?? true) player.play();
  const port = (http.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  let closing: Promise<void> | undefined;
  return {
    url,
    host,
    port,
    token,
    player,
    io,
    viewers: () => feeds.size,
    close: () =>
      (closing ??= (async () => {
        player.dispose();
        feeds.close();
        io.disconnectSockets(true);
        await new Promise<void>((resolve) => void io.close(() => resolve()));
        http.closeAllConnections();
      })()),
  };
}
