/**
 * The page's recording bar. On a live server: a link that downloads the last minutes as a
 * recording (`GET /recording?minutes=N`). On a replay (`hello.replay`): the timeline, shared
 * by every viewer; with the token it plays, pauses, seeks (a slider whose value reads
 * "1:23 of 5:00") and changes speed, through `timeline-control` on the replay namespace;
 * without it, it shows where the replay stands.
 */
import { io, type Socket } from 'socket.io-client';
import {
  REPLAY_NAMESPACE,
  type ControlAck,
  type Hello,
  type ReplayInfo,
  type ReplayTimeline,
  type TimelineControl,
} from '../../src/server/wire.ts';
import { clockTime, replaySpeeds, timelineText } from './timelineText.ts';
import './timeline.css';

/** The recording bar, told of every `hello`. */
export interface RecordingBar {
  hello(hello: Hello): void;
}

const ACK_TIMEOUT_MS = 10_000;

/** A timeline message before the token is added. */
type TimelineAction = TimelineControl extends infer T
  ? T extends TimelineControl
    ? Omit<T, 'token'>
    : never
  : never;

/** Make an element with a class and text. */
function make<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text = '',
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className !== '') node.className = className;
  if (text !== '') node.textContent = text;
  return node;
}

/** Live server: download the last minutes. */
function mountDownload(root: HTMLElement): void {
  root.hidden = false;
  root.classList.add('recording-live');
  const label = make('label', 'recording-minutes');
  label.append('Download the last ');
  const minutes = make('select', '');
  minutes.id = 'recording-minutes';
  for (const n of [1, 2, 5]) {
    const option = make('option', '', String(n));
    option.value = String(n);
    minutes.append(option);
  }
  minutes.value = '5';
  label.append(minutes, ' minutes');
  const link = make('a', 'button-link', 'Download recording');
  link.id = 'recording-download';
  link.title = 'A file that `neocortex replay FILE` plays back with a timeline';
  const update = (): void => {
    link.href = `recording?minutes=${minutes.value}`;
    link.download = `neocortex-last-${minutes.value}-min.ncrec`;
  };
  minutes.addEventListener('change', update);
  update();
  root.append(label, link);
}

/** Replay: the timeline (see the module comment). */
function mountTimeline(root: HTMLElement, token: string | null, info: ReplayInfo) {
  root.hidden = false;
  root.classList.add('recording-replay');
  root.setAttribute('aria-label', 'Replay timeline');
  const badge = make('span', 'replay-badge', 'Replay');
  const when = new Date(info.recordedAt);
  const about = make(
    'span',
    'replay-file',
    `${info.file} · recorded ${when.toLocaleDateString()} ${when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`,
  );
  const play = make('button', 'primary replay-play');
  play.type = 'button';
  play.id = 'timeline-play';
  const position = make('input', 'replay-position');
  position.type = 'range';
  position.id = 'timeline-position';
  position.min = '0';
  position.setAttribute('aria-label', 'Position in the recording');
  const time = make('output', 'replay-time');
  time.id = 'timeline-time';
  time.setAttribute('for', position.id);
  const speedLabel = make('label', 'replay-speed', 'Speed ');
  const speed = make('select', '');
  speed.id = 'timeline-speed';
  // Not the live toolbar's "Speed" (ticks per second): the replay's own.
  speed.setAttribute('aria-label', 'Replay speed');
  for (const x of replaySpeeds) {
    const option = make('option', '', `${x}×`);
    option.value = String(x);
    speed.append(option);
  }
  speedLabel.append(speed);
  const message = make('span', 'replay-message');
  message.id = 'timeline-message';
  message.setAttribute('role', 'status');
  const controls = token !== null;
  root.append(badge, about);
  if (controls) root.append(play);
  root.append(position, time);
  if (controls) root.append(speedLabel);
  root.append(message);
  const note = controls
    ? 'A recording: the session controls below are off.'
    : 'A recording, driven by whoever holds the token.';
  message.textContent = note;
  if (!controls) position.disabled = true;
  if (info.lostBytes > 0) {
    root.append(
      make(
        'span',
        'replay-cut',
        `Cut short: the last ${info.lostBytes} bytes were not a whole frame and are left out.`,
      ),
    );
  }

  let current: ReplayTimeline = info;
  let receivedAt = performance.now();
  let dragging = false;
  let shownText = '';
  const socket: Socket = io(REPLAY_NAMESPACE, { transports: ['websocket', 'polling'] });

  const send = (action: TimelineAction): void => {
    if (token === null) return;
    void socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('timeline-control', { ...action, token })
      .then(
        (ack: ControlAck) => {
          message.textContent = ack.ok ? note : `The replay refused: ${ack.error}`;
        },
        (error: unknown) => {
          message.textContent = `No answer from the replay: ${(error as Error).message}`;
        },
      );
  };

  const positionNow = (): number =>
    current.playing
      ? Math.min(
          current.durationMs,
          current.positionMs + (performance.now() - receivedAt) * current.speed,
        )
      : current.positionMs;

  const showText = (ms: number): void => {
    const text = timelineText(ms, current.durationMs);
    if (text === shownText) return;
    shownText = text;
    time.textContent = text;
    position.setAttribute('aria-valuetext', text);
    document.body.dataset.replayPosition = clockTime(ms);
  };

  const show = (): void => {
    position.max = String(current.durationMs);
    position.step = String(Math.max(100, Math.round(current.durationMs / 200 / 100) * 100));
    play.textContent = current.playing ? '❚❚ Pause' : '▶ Play';
    play.setAttribute('aria-label', current.playing ? 'Pause the replay' : 'Play the replay');
    speed.value = String(current.speed);
    document.body.dataset.replayPlaying = String(current.playing);
    document.body.dataset.replaySpeed = String(current.speed);
    if (!dragging) {
      const ms = positionNow();
      position.value = String(Math.round(ms));
      showText(ms);
    }
  };

  const update = (next: ReplayTimeline): void => {
    current = next;
    receivedAt = performance.now();
    show();
  };

  socket.on('timeline', update);
  play.addEventListener('click', () => send({ action: current.playing ? 'pause' : 'play' }));
  speed.addEventListener('change', () => send({ action: 'speed', speed: Number(speed.value) }));
  position.addEventListener('input', () => {
    dragging = true;
    showText(Number(position.value));
  });
  position.addEventListener('change', () => {
    dragging = false;
    // The slider snaps to its steps: its last step is the end, not a step short of it.
    const value = Number(position.value);
    const last = Number(position.max) - Number(position.step);
    send({ action: 'seek', positionMs: value > last ? current.durationMs : value });
  });
  const tick = (): void => {
    if (current.playing && !dragging) {
      const ms = positionNow();
      position.value = String(Math.round(ms));
      showText(ms);
    }
  };
  window.setInterval(tick, 250);
  show();
  return { update };
}

/**
 * Mount the recording bar in `root` (hidden until the first `hello` says which server this
 * is). `token`: the control token of this page, or null for a viewer.
 */
export function mountRecordingBar(root: HTMLElement, token: string | null): RecordingBar {
  root.hidden = true;
  let timeline: { update(next: ReplayTimeline): void } | undefined;
  let mounted = false;
  return {
    hello(hello) {
      if (!mounted) {
        mounted = true;
        if (hello.replay !== undefined) timeline = mountTimeline(root, token, hello.replay);
        // A relay or the static site keeps no recording to download.
        else if (hello.recording !== false) mountDownload(root);
      } else if (hello.replay !== undefined) {
        timeline?.update(hello.replay);
      }
    },
  };
}
