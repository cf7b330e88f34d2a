/**
 * The simulation clock: a tick counter that everything running on it advances
 * and reads. `tick$` announces each new tick.
 */
import { Subject } from 'rxjs';

export class Clock {
  private current = 0;
  private readonly ticks = new Subject<number>();
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

  stop(): void {
    this.ticks.complete();
  }
}
