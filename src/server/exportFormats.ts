/**
 * What a live session exports, as text: the training curves and the traces (free energy per
 * tick, the latest local-learning steps) as CSV, and the activity of a window of frames as
 * NDJSON, one {@link ActivityRecord} a line. Pure and dependency-free: the page's export menu
 * and the package's users (from frames received over socket.io, or a Session's `frame$`) make
 * the same files. docs/live-visualizer.md ("Export") describes the columns and the record.
 */
import type { CurvePoint, Frame, LocalLearningTrace } from './wire.ts';

/** The columns of {@link curvesCsv}, in order. */
export const CURVE_COLUMNS = [
  'step',
  'epoch',
  'negElbo',
  'reconstruction',
  'kl',
  'accuracy',
] as const;

/** The columns of {@link freeEnergyCsv}, in order. */
export const FREE_ENERGY_COLUMNS = ['tick', 'mode', 'iteration', 'freeEnergy'] as const;

/** The columns of {@link localLearningCsv}, in order. */
export const LOCAL_LEARNING_COLUMNS = [
  'model',
  'step',
  'area',
  'phase',
  'iteration',
  'energy',
] as const;

/** One tick's free energy, as a frame carries it (a Frame is one). */
export interface TickFreeEnergy {
  tick: number;
  mode: string;
  iteration: number;
  freeEnergy: number;
}

/** A number as a CSV cell: its shortest exact form; NaN and the infinities as an empty cell. */
function cell(value: number | string): string {
  if (typeof value === 'string')
    return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  return Number.isFinite(value) ? String(value) : '';
}

function csv(columns: readonly string[], rows: readonly (readonly (number | string)[])[]): string {
  return [columns.join(','), ...rows.map((row) => row.map(cell).join(','))].join('\n') + '\n';
}

/**
 * The training curves as CSV: a header (`step,epoch,negElbo,reconstruction,kl,accuracy`) and
 * one row a point, in the order given. -ELBO and its parts are nats per image; accuracy 0..1.
 */
export function curvesCsv(points: readonly CurvePoint[]): string {
  return csv(
    CURVE_COLUMNS,
    points.map((p) => CURVE_COLUMNS.map((column) => p[column])),
  );
}

/**
 * The free-energy trace as CSV: `tick,mode,iteration,freeEnergy`, one row a tick (frames can
 * be given as they are). The free energy is in nats: the -ELBO of the input in train and
 * recognize modes, the predictive-coding free energy in settle mode, the prior energy in
 * generate mode.
 */
export function freeEnergyCsv(points: readonly TickFreeEnergy[]): string {
  return csv(
    FREE_ENERGY_COLUMNS,
    points.map((p) => [p.tick, p.mode, p.iteration, p.freeEnergy]),
  );
}

/**
 * Local-learning steps as CSV: `model,step,area,phase,iteration,energy`, one row per area and
 * settle iteration (`phase` "settle", `iteration` 1..T) and one after the weight update
 * (`phase` "afterUpdate", `iteration` T + 1). Energies are nats per image.
 */
export function localLearningCsv(traces: readonly LocalLearningTrace[]): string {
  const rows: (number | string)[][] = [];
  for (const trace of traces) {
    for (const area of trace.areas) {
      area.settle.forEach((energy, i) => {
        rows.push([trace.model, trace.step, area.name, 'settle', i + 1, energy]);
      });
      rows.push([
        trace.model,
        trace.step,
        area.name,
        'afterUpdate',
        area.settle.length + 1,
        area.afterUpdate,
      ]);
    }
  }
  return csv(LOCAL_LEARNING_COLUMNS, rows);
}

/** One area's activity in an {@link ActivityRecord}. */
export interface ActivityArea {
  name: string;
  /** Its state as the frame carried it (down-sampled for large areas), as plain numbers. */
  state: number[];
  /** Root-mean-square prediction error of the area at this tick. */
  errorRms: number;
}

/**
 * One line of an activity NDJSON file: one frame as plain JSON. Images are 0..255 row-major
 * (`input` and `predictionError` empty in generate mode; `predictionError` -127..127).
 */
export interface ActivityRecord {
  tick: number;
  /** Wall-clock time (ms since the epoch) the tick finished, on the server. */
  time: number;
  mode: string;
  iteration: number;
  settleRun: number;
  /** The input's label, -1 when unknown (drawn or dreamed). */
  label: number;
  freeEnergy: number;
  input: number[];
  prediction: number[];
  predictionError: number[];
  /** The classifier's class probabilities (empty in generate mode). */
  classProbabilities: number[];
  /** The generative model's areas, bottom to top. */
  generative: ActivityArea[];
  /** The classifier's areas, bottom to top. */
  classifier: ActivityArea[];
}

const areasOf = (areas: Frame['generative']): ActivityArea[] =>
  areas.map((a) => ({ name: a.name, state: Array.from(a.state), errorRms: a.errorRms }));

/** A frame as an {@link ActivityRecord} (its typed arrays as plain number lists). */
export function activityRecord(frame: Frame): ActivityRecord {
  return {
    tick: frame.tick,
    time: frame.time,
    mode: frame.mode,
    iteration: frame.iteration,
    settleRun: frame.settleRun,
    label: frame.label,
    freeEnergy: frame.freeEnergy,
    input: Array.from(frame.input),
    prediction: Array.from(frame.prediction),
    predictionError: Array.from(frame.predictionError),
    classProbabilities: Array.from(frame.classProbabilities),
    generative: areasOf(frame.generative),
    classifier: areasOf(frame.classifier),
  };
}

/** Frames as NDJSON: one {@link ActivityRecord} a line, in the order given. */
export function activityNdjson(frames: readonly Frame[]): string {
  return frames.map((frame) => JSON.stringify(activityRecord(frame)) + '\n').join('');
}

/**
 * The frames of the last `seconds` before the newest one (by each frame's `time`), oldest
 * first: the window an activity export covers.
 */
export function framesInWindow<F extends { time: number }>(
  frames: readonly F[],
  seconds: number,
): F[] {
  if (frames.length === 0) return [];
  const newest = Math.max(...frames.map((f) => f.time));
  return frames.filter((f) => f.time >= newest - seconds * 1000);
}

/**
 * An activity NDJSON text read back: one {@link ActivityRecord} a non-empty line. A line that
 * is not a JSON object with a numeric `tick` throws a SyntaxError naming its line number.
 */
export function parseActivityNdjson(text: string): ActivityRecord[] {
  const records: ActivityRecord[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new SyntaxError(`activity line ${i + 1}: ${(error as Error).message}`);
    }
    if (
      value === null ||
      typeof value !== 'object' ||
      typeof (value as { tick?: unknown }).tick !== 'number'
    ) {
      throw new SyntaxError(`activity line ${i + 1}: not an activity record (no numeric tick)`);
    }
    records.push(value as ActivityRecord);
  });
  return records;
}
