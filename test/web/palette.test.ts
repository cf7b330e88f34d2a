/**
 * The page's palettes stay distinct for colour-blind viewers: every pair of class colours, of
 * area colours and of signal colours keeps a CIE76 difference of at least 15 under simulated
 * protanopia, deuteranopia and tritanopia (Machado et al. 2009, test/web/colorVision.ts). For
 * scale: a difference of about 2.3 is just noticeable, 10 is plainly different at a glance.
 */
import { describe, expect, it } from 'vitest';
import {
  AREA_COLORS,
  CLASS_COLORS,
  ERROR,
  FEEDBACK,
  FEEDFORWARD,
  LATERAL,
} from '../../web/src/colors.ts';
import { closestPair, deltaE, type Vision } from './colorVision.ts';

const visions: Vision[] = ['normal', 'protanopia', 'deuteranopia', 'tritanopia'];
const MIN_DISTANCE = 15;

const palettes: Record<string, readonly string[]> = {
  'digit classes': CLASS_COLORS,
  'areas of a hierarchy': AREA_COLORS,
  'signal directions': [FEEDFORWARD, FEEDBACK, ERROR, LATERAL],
};

describe('colour vision simulation', () => {
  it('leaves grey alone and merges what a dichromat confuses', () => {
    // Greys have no hue: every dichromat sees them as they are.
    for (const vision of visions) expect(deltaE('#777777', '#777777', vision)).toBeCloseTo(0, 6);
    expect(deltaE('#808080', '#7f7f7f', 'deuteranopia')).toBeLessThan(1);
    // Red and green of one lightness: far apart for normal vision, close for a deuteranope.
    const normal = deltaE('#e15759', '#59a14f', 'normal');
    const deutan = deltaE('#e15759', '#59a14f', 'deuteranopia');
    expect(normal).toBeGreaterThan(50);
    expect(deutan).toBeLessThan(5);
    // Blue and yellow stay apart for red-green dichromats, and black and white for everyone.
    expect(deltaE('#0072b2', '#f0e442', 'protanopia')).toBeGreaterThan(50);
    expect(deltaE('#000000', '#ffffff', 'tritanopia')).toBeCloseTo(100, 0);
  });

  it('finds the old d3 Tableau palette unsafe (it is why the palette changed)', () => {
    const tableau = ['#4e79a7', '#f28e2c', '#e15759', '#76b7b2', '#59a14f', '#edc949'];
    expect(closestPair(tableau, 'deuteranopia').distance).toBeLessThan(MIN_DISTANCE);
  });
});

describe('the page palettes', () => {
  for (const [name, colors] of Object.entries(palettes)) {
    for (const vision of visions) {
      it(`${name} stay apart under ${vision}`, () => {
        const { a, b, distance } = closestPair(colors, vision);
        expect(
          distance,
          `${colors[a]} and ${colors[b]} are ${distance.toFixed(1)} apart under ${vision}`,
        ).toBeGreaterThanOrEqual(MIN_DISTANCE);
      });
    }
  }

  it('has one colour per digit and no colour twice', () => {
    expect(CLASS_COLORS).toHaveLength(10);
    expect(new Set(CLASS_COLORS).size).toBe(10);
  });
});
