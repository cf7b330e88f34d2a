/**
 * The simulation clock: a tick counter that everything running on it advances
 * and reads. `tick$` announces each new tick.
 */
import { Subject } from 'rxjs';

/**
 * A tick counter that starts at 0: {@link Clock.advance} starts the next tick
 * and announces its number on {@link Clock.tick$}; {@link Clock.stop} ends that
 * stream.
 */
export class Clock {
  private current = 0;
  private readonly ticks = new Subject<number>();
  /** Each tick's number as it starts (1, 2, ...); completes on {@link Clock.stop}. */
  readonly tick$ = this.ticks.asObservable();

  /** The last tick that started (0 before the first). */
  get tick(): number {
    return this.current;
  }

  /** Start the next tick and return its number. */
  advance(): number {
    this.current += 1;
    this.ticks.next(this.current);
    return this.current;
  }

  /** Complete {@link Clock.tick$}: subscribers get no more ticks. The count stays readable. */
  stop(): void {
    this.ticks.complete();
  }
}
