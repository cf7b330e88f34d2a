/**
 * A progress bar for long runs (cli-progress) that shows loss and throughput.
 * On a terminal it redraws in place; elsewhere (CI, pipes) it prints a line
 * every few seconds.
 */
import cliProgress from 'cli-progress';

export interface TrainingProgress {
  update(done: number, values: { epoch: number; loss: number; samplesPerSecond: number }): void;
  stop(): void;
}

export function createTrainingProgress(
  total: number,
  epochs: number,
  enabled: boolean,
  lossName = '-ELBO',
): TrainingProgress {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
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
  return {
    update: (done, values) =>
      bar.update(done, {
        epoch: values.epoch,
        epochs,
        loss: values.loss.toFixed(2),
        sps: Math.round(values.samplesPerSecond),
      }),
    stop: () => bar.stop(),
  };
}
