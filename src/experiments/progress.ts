/**
 * The progress bar of an experiment (cli-progress): the bar counts cells, and
 * moves within a cell as its training reports batches. Without a terminal it
 * prints a line every few seconds; `enabled: false` shows nothing (tests).
 */
import cliProgress from 'cli-progress';
import type { BatchProgress } from '../models/epochLoop.ts';

/** An experiment's progress bar, counted in cells (shows nothing when disabled). */
export interface ExperimentProgress {
  /** Show the bar for a run of `totalCells` cells. */
  start(totalCells: number): void;
  /** The running cell's stage and how far it is (0..1). */
  within(stage: string, fraction: number): void;
  /** A training loop's onBatch for a stage of `epochs` epochs. */
  tracker(stage: string, epochs: number): (p: BatchProgress) => void;
  /** Count one more cell as finished (computed or read back). */
  cellDone(): void;
  /** Remove the bar. */
  stop(): void;
}

const STEPS_PER_CELL = 100;

/**
 * The progress bar of experiment `name`; with `enabled` false every call does
 * nothing visible (tests, `--no-progress`).
 */
export function createExperimentProgress(name: string, enabled: boolean): ExperimentProgress {
  let bar: cliProgress.SingleBar | undefined;
  let done = 0;
  let total = 0;
  const within = (stage: string, fraction: number) =>
    bar?.update(Math.round((done + Math.min(Math.max(fraction, 0), 0.99)) * STEPS_PER_CELL), {
      cells: `${done}/${total}`,
      stage,
    });
  return {
    start(totalCells) {
      total = totalCells;
      if (!enabled) return;
      bar = new cliProgress.SingleBar(
        {
          format: `${name} |{bar}| {percentage}% | cells {cells} | {stage} | ETA {eta_formatted}`,
          barsize: 24,
          hideCursor: true,
          noTTYOutput: true,
          notTTYSchedule: 10_000,
          etaBuffer: 200,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(totalCells * STEPS_PER_CELL, 0, { cells: `0/${totalCells}`, stage: '-' });
    },
    within,
    tracker: (stage, epochs) => (p) =>
      within(
        `${stage} epoch ${p.epoch}/${epochs}`,
        ((p.epoch - 1) * p.batches + p.batch) / (epochs * p.batches),
      ),
    cellDone() {
      done += 1;
      bar?.update(done * STEPS_PER_CELL, { cells: `${done}/${total}`, stage: '-' });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
