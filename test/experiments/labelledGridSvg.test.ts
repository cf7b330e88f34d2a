import { describe, expect, it } from 'vitest';
import { encodeImageGrid } from '../../src/io/imageGrid.ts';
import { labelledGridSvg } from '../../src/experiments/labelledGridSvg.ts';
import { fillInRowLabels } from '../../src/experiments/predictiveCoding/fillInGrid.ts';

const grid = { height: 4, width: 3, columns: 2, scale: 2 };
// 6 images of 4x3: three rows of two.
const png = encodeImageGrid(
  new Float32Array(6 * 12).map((_, i) => (i % 5) / 4),
  grid,
);

describe('a labelled image grid', () => {
  it('names each row at its left and embeds the very PNG', () => {
    const svg = labelledGridSvg(png, grid, ['a & b', 'shown <grey>', 'settled']);
    const texts = [...svg.matchAll(/<text[^>]*y="([\d.]+)"[^>]*>([^<]*)<\/text>/g)];
    expect(texts.map((t) => t[2])).toEqual(['a &amp; b', 'shown &lt;grey&gt;', 'settled']);
    // Rows 10 px apart (4 px images at scale 2, a 2 px gap), each label at its row's middle.
    const ys = texts.map((t) => Number(t[1]));
    expect(ys[1]! - ys[0]!).toBeCloseTo(10);
    expect(ys[2]! - ys[1]!).toBeCloseTo(10);
    const data = /href="data:image\/png;base64,([^"]+)"/.exec(svg)![1]!;
    expect(Buffer.from(data, 'base64').equals(Buffer.from(png))).toBe(true);
  });

  it('refuses a label count that is not the row count, and an image that is not a PNG', () => {
    expect(() => labelledGridSvg(png, grid, ['one', 'two'])).toThrow(
      /2 labels for a grid of 3 rows/,
    );
    expect(() => labelledGridSvg(new Uint8Array(40), grid, ['x'])).toThrow(/not a PNG/);
  });

  it('labels the fill-in grid: per occlusion, original, shown, then each method', () => {
    expect(fillInRowLabels(['centre'], ['encoder', 'settle'])).toEqual([
      'centre: original',
      'centre: shown',
      'centre: encoder alone',
      'centre: encoder + settling',
    ]);
  });
});
