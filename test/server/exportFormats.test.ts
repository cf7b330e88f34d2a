/**
 * The export formatters: each CSV and NDJSON text, read back, gives the values it was made
 * from (numbers exactly, NaN as an empty cell), and the activity window holds the frames of
 * the last seconds only.
 */
import { describe, expect, it } from 'vitest';
import {
  activityNdjson,
  activityRecord,
  CURVE_COLUMNS,
  curvesCsv,
  FREE_ENERGY_COLUMNS,
  framesInWindow,
  freeEnergyCsv,
  LOCAL_LEARNING_COLUMNS,
  localLearningCsv,
  parseActivityNdjson,
} from '../../src/server/exportFormats.ts';
import type { CurvePoint, Frame, LocalLearningTrace } from '../../src/server/wire.ts';

/** A CSV text as its header and rows of cells (no quoted cells in these files). */
function readCsv(text: string): { header: string[]; rows: string[][] } {
  expect(text.endsWith('\n')).toBe(true);
  const [header, ...rows] = text
    .trimEnd()
    .split('\n')
    .map((line) => line.split(','));
  return { header: header!, rows };
}

const cellNumber = (cell: string): number => (cell === '' ? NaN : Number(cell));

function frame(tick: number, time: number, extra: Partial<Frame> = {}): Frame {
  return {
    tick,
    time,
    mode: 'train',
    iteration: 0,
    settleRun: 0,
    label: tick % 10,
    input: Uint8Array.from({ length: 784 }, (_, i) => (i * 7 + tick) % 256),
    prediction: Uint8Array.from({ length: 784 }, (_, i) => (i * 3) % 256),
    predictionError: Int8Array.from({ length: 784 }, (_, i) => (i % 255) - 127),
    generative: [
      { name: 'sensory', state: Float32Array.from([0.25, 0.5]), errorRms: 0.125 },
      { name: 'z1', state: Float32Array.from([-1.5, 2.75, 0.1]), errorRms: 0.03 },
    ],
    classifier: [{ name: 'h1', state: Float32Array.from([1, 0]), errorRms: 0 }],
    classProbabilities: Float32Array.from({ length: 10 }, (_, i) =>
      i === tick % 10 ? 0.91 : 0.01,
    ),
    freeEnergy: 100 + tick / 3,
    latentPoints: [],
    curvePoints: [],
    localLearning: [],
    ...extra,
  };
}

describe('curvesCsv', () => {
  it('reads back as the points it was made from, NaN as an empty cell', () => {
    const points: CurvePoint[] = [
      { step: 10, epoch: 0, negElbo: 543.21, reconstruction: 540.5, kl: 2.71, accuracy: 0.125 },
      { step: 20, epoch: 0, negElbo: 1 / 3, reconstruction: 0.1 + 0.2, kl: 1e-9, accuracy: NaN },
    ];
    const { header, rows } = readCsv(curvesCsv(points));
    expect(header).toEqual([...CURVE_COLUMNS]);
    expect(rows).toHaveLength(2);
    const back = rows.map((row) =>
      Object.fromEntries(header.map((column, i) => [column, cellNumber(row[i]!)])),
    );
    expect(back).toEqual(points);
  });

  it('is a header alone for no points', () => {
    expect(curvesCsv([])).toBe(`${CURVE_COLUMNS.join(',')}\n`);
  });
});

describe('freeEnergyCsv', () => {
  it('takes frames as they are: one row a tick', () => {
    const frames = [frame(1, 1000), frame(2, 1033, { mode: 'settle', iteration: 4 })];
    const { header, rows } = readCsv(freeEnergyCsv(frames));
    expect(header).toEqual([...FREE_ENERGY_COLUMNS]);
    expect(rows).toEqual([
      ['1', 'train', '0', String(frames[0]!.freeEnergy)],
      ['2', 'settle', '4', String(frames[1]!.freeEnergy)],
    ]);
    expect(cellNumber(rows[1]![3]!)).toBe(frames[1]!.freeEnergy);
  });
});

describe('localLearningCsv', () => {
  it('has T settle rows and one after the update per area, which read back', () => {
    const traces: LocalLearningTrace[] = [
      {
        model: 'classifier',
        step: 42,
        areas: [
          { name: 'h1', settle: [3.5, 2.25, 2], afterUpdate: 1.75 },
          { name: 'label', settle: [0.5, 0.25, 0.125], afterUpdate: 0.0625 },
        ],
      },
    ];
    const { header, rows } = readCsv(localLearningCsv(traces));
    expect(header).toEqual([...LOCAL_LEARNING_COLUMNS]);
    expect(rows).toHaveLength(8);
    const areas = traces[0]!.areas.map((area) => ({
      name: area.name,
      settle: rows
        .filter((r) => r[2] === area.name && r[3] === 'settle')
        .map((r) => cellNumber(r[5]!)),
      afterUpdate: cellNumber(rows.find((r) => r[2] === area.name && r[3] === 'afterUpdate')![5]!),
    }));
    expect(areas).toEqual(traces[0]!.areas);
    expect(rows.every((r) => r[0] === 'classifier' && r[1] === '42')).toBe(true);
    expect(rows.filter((r) => r[2] === 'h1').map((r) => Number(r[4]))).toEqual([1, 2, 3, 4]);
  });
});

describe('activityNdjson', () => {
  it('is one JSON record a line that reads back as the frames, typed arrays as lists', () => {
    const frames = [frame(7, 5000), frame(8, 5033, { mode: 'generate', input: new Uint8Array(0) })];
    const text = activityNdjson(frames);
    expect(text.split('\n')).toHaveLength(3); // two lines and the final newline
    const records = parseActivityNdjson(text);
    expect(records).toEqual(frames.map(activityRecord));
    const [first] = records;
    expect(first!.tick).toBe(7);
    expect(first!.input).toEqual(Array.from(frames[0]!.input));
    expect(first!.predictionError).toEqual(Array.from(frames[0]!.predictionError));
    expect(first!.classProbabilities).toEqual(Array.from(frames[0]!.classProbabilities));
    expect(first!.generative[1]).toEqual({
      name: 'z1',
      state: Array.from(frames[0]!.generative[1]!.state),
      errorRms: 0.03,
    });
    expect(records[1]!.input).toEqual([]);
  });

  it('refuses a line that is no activity record, naming it', () => {
    expect(() => parseActivityNdjson('{"tick":1}\n{oops}\n')).toThrow(/activity line 2/);
    expect(() => parseActivityNdjson('[1,2]\n')).toThrow(/activity line 1: not an activity record/);
  });
});

describe('framesInWindow', () => {
  it('keeps the frames of the last seconds before the newest, oldest first', () => {
    const frames = [0, 4000, 9000, 15000, 20000].map((time, i) => frame(i, time));
    expect(framesInWindow(frames, 10).map((f) => f.time)).toEqual([15000, 20000]);
    expect(framesInWindow(frames, 11).map((f) => f.time)).toEqual([9000, 15000, 20000]);
    expect(framesInWindow(frames, 60)).toHaveLength(5);
    expect(framesInWindow([], 10)).toEqual([]);
  });
});
