import { describe, expect, it } from 'vitest';
import {
  findRow,
  formatMeanStd,
  markdownTable,
  mean,
  std,
  summarize,
  toCsv,
} from '../../src/experiments/index.ts';

describe('summary statistics over seeds', () => {
  it('mean and sample standard deviation match the hand values', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    // Σ(x − 2.5)² = 5, over n − 1 = 3.
    expect(std([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(std([7])).toBe(0);
    expect(mean([])).toBeNaN();
  });

  it('groups records by setting and summarises each metric over the seeds', () => {
    const records = [
      { method: 'mlp', labels: 100, seed: 1, accuracy: 0.7 },
      { method: 'mlp', labels: 100, seed: 2, accuracy: 0.8 },
      { method: 'm1', labels: 100, seed: 1, accuracy: 0.9 },
    ];
    const rows = summarize(records, ['method', 'labels'], ['accuracy']);
    expect(rows).toHaveLength(2);
    const mlp = findRow(rows, { method: 'mlp', labels: 100 }, 'accuracy')!;
    expect(mlp.mean).toBeCloseTo(0.75, 12);
    expect(mlp.std).toBeCloseTo(Math.sqrt(0.005), 12);
    expect(mlp.n).toBe(2);
    expect(formatMeanStd(mlp, 1, 100)).toBe('75.0 ± 7.1');
    expect(formatMeanStd(findRow(rows, { method: 'm1' }, 'accuracy'), 1, 100)).toBe('90.0');
    expect(formatMeanStd(undefined)).toBe('–');
  });
});

describe('CSV and markdown', () => {
  it('writes a header of every column and quotes cells that need it', () => {
    const csv = toCsv([
      { a: 1, b: 'x' },
      { a: 2, c: 'has "quotes", commas' },
    ]);
    expect(csv).toBe('a,b,c\n1,x,\n2,,"has ""quotes"", commas"\n');
  });

  it('makes a pipe table with escaped pipes', () => {
    expect(markdownTable(['a', 'b'], [['1', 'x | y']])).toBe(
      '| a | b |\n| --- | --- |\n| 1 | x \\| y |',
    );
  });
});
