/**
 * The words the page gives screen readers and captions: value texts, chart summaries, the
 * reasons a control is off in a mode, what occlusion and a lesion mean, and the key handling
 * of the mode radio group. Pure functions, checked without a browser.
 */
import { describe, expect, it } from 'vitest';
import { stateChange } from '../../web/src/a11yAnnounce.ts';
import { lesionCaption } from '../../web/src/a11yLesion.ts';
import { unavailableReason } from '../../web/src/a11yModes.ts';
import {
  curvesSummary,
  errorSummary,
  imageSummary,
  latentBarsSummary,
  latentViewSummary,
  probabilitiesSummary,
  traceSummary,
} from '../../web/src/chartSummary.ts';
import { clampCaption, clampSliderName, clampValueText } from '../../web/src/clampSliders.ts';
import { radioKeyTarget, speedValueText } from '../../web/src/controls.ts';
import { initialReducedMotion } from '../../web/src/motion.ts';
import { occlusionCaption } from '../../web/src/occlusionControl.ts';

const curve = (step: number, negElbo: number, accuracy: number) => ({
  step,
  epoch: Math.floor(step / 100),
  negElbo,
  reconstruction: negElbo * 0.8,
  kl: negElbo * 0.2,
  accuracy,
});

describe('value texts', () => {
  it('reads the speed in ticks per second and each clamp by its unit and state', () => {
    expect(speedValueText(30)).toBe('30 ticks/s');
    expect(speedValueText(0.5)).toBe('0.5 ticks/s');
    expect(clampSliderName(2)).toBe('unit 3 of the top area');
    expect(clampValueText(null)).toBe('free (follows the input)');
    expect(clampValueText(1.2)).toBe('clamped at +1.20');
    expect(clampValueText(-0.5)).toBe('clamped at −0.50');
  });

  it('captions the clamps: none, some, all', () => {
    expect(clampCaption([null, null])).toMatch(/^No unit is clamped/);
    expect(clampCaption([1, null, -2])).toBe(
      'Clamped: unit 1 at +1.00, unit 3 at −2.00; the other 1 is free. Feedback draws the image from these values.',
    );
    expect(clampCaption([0.5, 0.25])).toMatch(/; no unit is free\./);
  });
});

describe('chart summaries', () => {
  it('counts ink and the two kinds of prediction error', () => {
    expect(imageSummary('Input', [0, 255, 255, 10])).toBe('Input: 50% of the pixels are ink.');
    expect(imageSummary('Input', [255, 0], '(a 3)')).toBe(
      'Input: (a 3) 50% of the pixels are ink.',
    );
    expect(imageSummary('Prediction', [])).toBe('Prediction: nothing to show.');
    expect(errorSummary([100, -100, -100, 0])).toBe(
      'Prediction error: ink missed at 25% of the pixels (red), ink expected but absent at 50% (blue).',
    );
  });

  it('names the likeliest classes, the code, the curves, the latent points and a trace', () => {
    expect(probabilitiesSummary(['a', 'b', 'c', 'd'], [0.1, 0.6, 0.05, 0.25], 1)).toBe(
      'Class probabilities: b 60%, d 25%, a 10%. The input is a b.',
    );
    expect(probabilitiesSummary(['a'], [], -1)).toBe('Class probabilities: none yet.');
    expect(latentBarsSummary(Float32Array.from([0.5, -1.25]), [null, 2])).toBe(
      'Top-area code, 2 units: unit 1 0.5, unit 2 -1.3 (clamped).',
    );
    expect(curvesSummary([curve(10, 200, 0.2), curve(250, 120.44, 0.81)], 'cost')).toBe(
      'Training curves over 250 steps (epoch 2): cost 120.4 (from 200.0), classifier accuracy 81% (from 20%).',
    );
    expect(curvesSummary([])).toBe('Training curves: no training yet.');
    const points = [
      { id: 1, x: 0, y: 0, label: 3 },
      { id: 2, x: 1, y: 1, label: 3 },
      { id: 3, x: 1, y: 0, label: 0 },
      { id: 4, x: 0, y: 1, label: -1 },
    ];
    expect(latentViewSummary(points, ['0', '1', '2', '3'])).toBe(
      'Latent space: 4 test images placed by their code, each marked with its digit: 1 unlabelled, 1 0s, 2 3s.',
    );
    expect(traceSummary('Free energy', [30, 20, 21], 'nats', 'iterations')).toBe(
      'Free energy: 3 iterations, from 30.0 to 21.0 nats (lowest 20.0).',
    );
    expect(traceSummary('Free energy', [Number.NaN], 'nats')).toBe('Free energy: no values yet.');
  });
});

describe('modes', () => {
  it('turns off, with a reason, exactly what a mode ignores', () => {
    expect(unavailableReason('clamp', 'settle')).toMatch(/clamps take no part/);
    for (const mode of ['train', 'recognize', 'generate'] as const) {
      expect(unavailableReason('clamp', mode)).toBeNull();
    }
    for (const control of ['next-input', 'occlusion', 'draw'] as const) {
      expect(unavailableReason(control, 'generate')).toMatch(/no input/);
      expect(unavailableReason(control, 'settle')).toBeNull();
      expect(unavailableReason(control, 'recognize')).toBeNull();
    }
    expect(unavailableReason('auto-advance', 'settle')).toBeNull();
    expect(unavailableReason('auto-advance', 'train')).toMatch(/only matters in Settle/);
  });

  it('says what occlusion means in each mode', () => {
    const box = { x: 0, y: 14, width: 28, height: 14 };
    expect(occlusionCaption('recognize', box)).toBe(
      'Hidden: a 28×14 pixel box at (0, 14). In Recognize mode a hidden box is blank paper: the model sees no ink there, and ink the prediction puts there counts as prediction error.',
    );
    expect(occlusionCaption('train', null)).toMatch(/^Nothing is hidden\. In Train mode/);
    expect(occlusionCaption('settle', box)).toMatch(/unknown.*precision 0.*fills them in/);
    expect(occlusionCaption('generate', box)).toMatch(/no input/);
  });

  it('says why the prediction is grey when feedback is lesioned, and nothing when it is not', () => {
    expect(lesionCaption(false, 'recognize')).toBeNull();
    expect(lesionCaption(true, 'recognize')).toMatch(/prediction is grey.*recognition still works/);
    expect(lesionCaption(true, 'settle')).toMatch(/settling cannot lower them/);
    expect(lesionCaption(true, 'generate')).toMatch(/no dream/);
  });

  it('announces a change of mode or lesion, not the first state nor an unchanged one', () => {
    const a = { mode: 'train', feedbackLesioned: false };
    expect(stateChange(null, a)).toBeNull();
    expect(stateChange(a, a)).toBeNull();
    expect(stateChange(a, { mode: 'settle', feedbackLesioned: true })).toBe(
      'Mode: settle. Feedback lesioned.',
    );
    expect(stateChange({ ...a, feedbackLesioned: true }, a)).toBe('Feedback restored.');
  });
});

describe('keys and motion', () => {
  it('moves within the mode radio group: arrows wrap, Home and End jump', () => {
    expect(radioKeyTarget('ArrowRight', 0, 4)).toBe(1);
    expect(radioKeyTarget('ArrowDown', 3, 4)).toBe(0);
    expect(radioKeyTarget('ArrowLeft', 0, 4)).toBe(3);
    expect(radioKeyTarget('ArrowUp', 2, 4)).toBe(1);
    expect(radioKeyTarget('Home', 2, 4)).toBe(0);
    expect(radioKeyTarget('End', 0, 4)).toBe(3);
    expect(radioKeyTarget('Enter', 0, 4)).toBeNull();
  });

  it('starts reduced motion from the tab choice, else the system setting', () => {
    expect(initialReducedMotion(null, true)).toBe(true);
    expect(initialReducedMotion(null, false)).toBe(false);
    expect(initialReducedMotion('off', true)).toBe(false);
    expect(initialReducedMotion('on', false)).toBe(true);
  });
});
