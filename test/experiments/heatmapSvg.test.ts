import { describe, expect, it } from 'vitest';
import { heatmapSvg } from '../../src/experiments/heatmapSvg.ts';
import { checkBalancedXml } from './xml.ts';

const map = {
  title: 'MI <letters> & units',
  rowLabels: ['letter', 'slant'],
  columnLabels: ['z1', 'z2', 'z3'],
  values: [
    [0.9, 0.1, 0],
    [0.05, 0.5, 0.25],
  ],
  domain: [0, 1] as [number, number],
  valueLabel: 'normalised MI',
};

describe('heatmapSvg', () => {
  it('draws one cell per value with its value written in, labels and a colour bar', () => {
    const svg = heatmapSvg(map);
    checkBalancedXml(svg);
    // 6 cells + 10 colour-bar steps + the background.
    expect(svg.match(/<rect /g)).toHaveLength(6 + 10 + 1);
    for (const text of ['0.90', '0.10', '0.00', '0.05', '0.50', '0.25']) {
      expect(svg).toContain(`>${text}</text>`);
    }
    for (const label of ['letter', 'slant', 'z1', 'z2', 'z3', 'normalised MI']) {
      expect(svg).toContain(`>${label}</text>`);
    }
    expect(svg).toContain('MI &lt;letters&gt; &amp; units');
    // The darkest cell (0.9) is written in white, the lightest (0) in black.
    expect(svg).toMatch(/fill="white" font-size="10">0\.90</);
    expect(svg).toMatch(/fill="black" font-size="10">0\.00</);
  });

  it('refuses values that do not fit the labels or are not finite, naming where', () => {
    expect(() => heatmapSvg({ ...map, rowLabels: ['letter'] })).toThrow(/2 rows for 1 labels/);
    expect(() =>
      heatmapSvg({
        ...map,
        values: [
          [1, 2, 3],
          [1, 2],
        ],
      }),
    ).toThrow(/row 1 has 2 values for 3 columns/);
    expect(() =>
      heatmapSvg({
        ...map,
        values: [
          [1, 2, 3],
          [1, Number.NaN, 3],
        ],
      }),
    ).toThrow(/value \[1\]\[1\] is NaN/);
  });
});
