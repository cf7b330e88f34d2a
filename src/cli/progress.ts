/**
 * A progress bar for long runs (cli-progress) that shows loss and throughput.
 * On a terminal it redraws in place; elsewhere (CI, pipes) it prints a line
 * every few seconds.
 */
import cliProgress from 'cli-progress';
import type { BatchProgress } from '../models/epochLoop.ts';

export interface TrainingProgress {
  update(done: number, values: { epoch: number; loss: number; samplesPerSecond: number }): void;
  /** A training loop's `onBatch` callback that advances the bar. */
  onBatch(p: BatchProgress): void;
  stop(): void;
}

export function createTrainingProgress(
  total: number,
  epochs: number,
  enabled: boolean,
  lossName = '-ELBO',
): TrainingProgress {
  if (!enabled) return { update: () => undefined, onBatch: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      format: `epoch {epoch}/{epochs} |{bar}| {percentage}% | ${lossName} {loss} nats | {sps} samples/s | ETA {eta_formatted}`,
      barsize: 24,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { epoch: 1, epochs, loss: '-', sps: '-' });
  const update: TrainingProgress['update'] = (done, values) =>
    bar.update(done, {
      epoch: values.epoch,
      epochs,
      loss: values.loss.toFixed(2),
      sps: Math.round(values.samplesPerSecond),
    });
  return {
    update,
    onBatch: (p) => update((p.epoch - 1) * p.batches + p.batch, p),
    stop: () => bar.stop(),
  };
}

/** A bar for one evaluation stage over a test set: advance it with the images done. */
export interface StageProgress {
  /** `done` of the stage's images are scored. */
  advance(done: number): void;
  stop(): void;
}

/**
 * A progress bar for a test-time stage (`label`, e.g. "settling 50 iterations") over `total`
 * images. The stages run synchronously, so the bar is drawn from `advance` itself: on a
 * terminal as it moves, elsewhere a line every 5 seconds.
 */
export function createStageProgress(label: string, total: number, enabled: boolean): StageProgress {
  if (!enabled) return { advance: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} |{bar}| {value}/{total} test images | ETA {eta_formatted}`,
      barsize: 24,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5000,
    },
    cliProgress.Presets.shades_classic,
  );
  const tty = process.stderr.isTTY === true;
  let drawn = Date.now();
  bar.start(total, 0);
  return {
    advance(done) {
      bar.update(done);
      // Off a terminal cli-progress draws on a timer, which a synchronous stage never yields to.
      if (!tty && Date.now() - drawn >= 5000) {
        bar.render();
        drawn = Date.now();
      }
    },
    stop: () => bar.stop(),
  };
}
