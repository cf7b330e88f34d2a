/**
 * Child processes of a test file run in lanes: at most one per core at once, the rest wait
 * their turn in the order they asked. Vitest gives a file one worker, so a file that starts
 * its CLI runs one after the other leaves the other cores idle; tests that start independent
 * runs (their own folders, read-only shared data) run concurrently through these lanes
 * instead, without starting more processes than there are cores to run them.
 */
import { availableParallelism } from 'node:os';

/** Runs tasks with at most `count` of them at once, in the order they were handed in. */
export type Lanes = <T>(task: () => Promise<T>) => Promise<T>;

/** Lanes for `count` tasks at once. */
export function makeLanes(count: number): Lanes {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= count) await new Promise<void>((turn) => waiting.push(turn));
    else running++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next === undefined) running--;
      else next();
    }
  };
}

/** The test file's lanes for child processes: one per core (at least two). */
export const processLanes: Lanes = makeLanes(Math.max(2, availableParallelism()));
