import { NeocortexError } from '../../errors.ts';

/**
 * Drives a synchronous `tick` in real time: play, pause, single step and a
 * speed in ticks per second. Between ticks it yields to the event loop
 * (setImmediate when late, setTimeout when early), so sockets and timers run;
 * it never waits for anyone but the clock. A tick that runs long delays the
 * next one; missed ticks are not made up.
 */
export interface TickRunnerOptions {
  /** Target ticks per second. */
  speed: number;
  playing: boolean;
  /** Called when a tick throws; the runner pauses first. */
  onError?: (error: unknown) => void;
}

export class TickRunner {
  private running: boolean;
  private ticksPerSecond: number;
  private timer:
    | { kind: 'timeout'; handle: NodeJS.Timeout }
    | { kind: 'immediate'; handle: NodeJS.Immediate }
    | undefined;
  private lastStart = 0;
  private disposed = false;

  constructor(
    private readonly tick: () => void,
    private readonly options: TickRunnerOptions,
  ) {
    this.ticksPerSecond = checkSpeed(options.speed);
    this.running = false;
    if (options.playing) this.play();
  }

  get playing(): boolean {
    return this.running;
  }

  get speed(): number {
    return this.ticksPerSecond;
  }

  play(): void {
    if (this.running || this.disposed) return;
    this.running = true;
    this.schedule();
  }

  pause(): void {
    this.running = false;
    this.cancel();
  }

  /** One tick now (only while paused; a playing runner ignores it). Returns whether it ran. */
  step(): boolean {
    if (this.running || this.disposed) return false;
    return this.runOnce();
  }

  setSpeed(ticksPerSecond: number): void {
    this.ticksPerSecond = checkSpeed(ticksPerSecond);
    if (this.running) {
      this.cancel();
      this.schedule();
    }
  }

  dispose(): void {
    this.pause();
    this.disposed = true;
  }

  private runOnce(): boolean {
    this.lastStart = performance.now();
    try {
      this.tick();
      return true;
    } catch (error) {
      this.pause();
      this.options.onError?.(error);
      return false;
    }
  }

  private schedule(): void {
    const delay = this.lastStart + 1000 / this.ticksPerSecond - performance.now();
    const next = (): void => {
      this.timer = undefined;
      if (!this.running) return;
      if (this.runOnce()) this.schedule();
    };
    this.timer =
      delay <= 1
        ? { kind: 'immediate', handle: setImmediate(next) }
        : { kind: 'timeout', handle: setTimeout(next, delay) };
  }

  private cancel(): void {
    const timer = this.timer;
    if (timer === undefined) return;
    if (timer.kind === 'timeout') clearTimeout(timer.handle);
    else clearImmediate(timer.handle);
    this.timer = undefined;
  }
}

function checkSpeed(speed: number): number {
  if (!(Number.isFinite(speed) && speed > 0)) {
    throw new NeocortexError(
      'OPTION_INVALID',
      `speed must be a positive number of ticks per second, got ${speed}`,
    );
  }
  return speed;
}
