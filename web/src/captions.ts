/**
 * Short captions for a newcomer: what each panel and mode shows, in plain words. The page's
 * general wording is here; a model's kind gives the words that differ for it through the
 * topology (`captions.panels`, `captions.modes`), the generative model's first.
 */
import type { SessionMode, Topology } from '../../src/server/wire.ts';

export const panelCaptions: Record<string, string> = {
  diagram:
    'Each box is a cortical area, the senses at the bottom. Feedforward pathways carry ' +
    'signals up: recognition, from the image to an abstract code. Feedback pathways carry ' +
    'signals down: the area above predicts the one below. What the prediction misses, the ' +
    'prediction error, travels up again. The classifier on the right only has the way up.',
  sensory:
    'What the eye gets, what the cortex expects from the top down, and the difference. ' +
    'Red: ink the prediction missed; blue: ink it expected that is not there.',
  compare:
    'The same input through both models. The classifier only answers "which digit?"; ' +
    'the generative model recognises the image as a code (its top area), from which it can ' +
    'draw the image again.',
  latent:
    'Each dot is a test image, placed by the code the top area gives it (a 2-D projection). ' +
    'Colour: the true digit. Similar digits gather as the model learns.',
  curves:
    'While training: the generative model’s cost falls; the classifier’s accuracy on the ' +
    'batches it trains on rises.',
  draw:
    'Draw a digit with the mouse; it replaces the test image. Watch the prediction: the model ' +
    'redraws your digit the way it has learned digits look.',
  clamp:
    'Hold units of the top area at chosen values and see what the feedback (generative) path ' +
    'draws from them. Try it in Generate or Recognize mode. Double-click a unit to free it.',
};

export const modeCaptions: Record<SessionMode, string> = {
  train:
    'Train: every tick both models learn from a batch of images; the panels show a test image ' +
    'recognised (up) and predicted back (down).',
  recognize:
    'Recognize: the generative model finds a code for the input, and the feedback pathways ' +
    'predict the image back from it. No learning.',
  generate:
    'Generate: no input at all. A code drawn at random from the prior flows down the feedback ' +
    'pathways: the model dreams a digit.',
  settle:
    'Settle: predictive coding on one input. Each tick is one iteration: predictions go down, ' +
    'prediction errors go up, and the areas adjust to explain the input better. The free energy ' +
    'of the input never rises from one iteration to the next. The page stays on this input ' +
    'until you press “Next test image” (or turn on Auto-advance).',
};

/** The models' captions, generative first (none before the topology arrives). */
function kindCaptions(topology: Topology | null): Topology['generative']['captions'][] {
  return topology === null ? [] : [topology.generative.captions, topology.classifier.captions];
}

/** The caption of `mode`: the models' kinds' words for it, or the page's. */
export function modeCaption(mode: SessionMode, topology: Topology | null = null): string {
  for (const captions of kindCaptions(topology)) {
    const text = captions.modes?.[mode];
    if (text !== undefined) return text;
  }
  return modeCaptions[mode];
}

/** The caption of panel `key`: the models' kinds' words for it, or the page's. */
export function panelCaption(key: string, topology: Topology | null = null): string {
  for (const captions of kindCaptions(topology)) {
    const text = captions.panels?.[key];
    if (text !== undefined) return text;
  }
  return panelCaptions[key] ?? '';
}

/** Fill every `[data-caption=key]` element with its caption (the page's words until the topology comes). */
export function applyCaptions(root: ParentNode, topology: Topology | null = null): void {
  root.querySelectorAll<HTMLElement>('[data-caption]').forEach((element) => {
    element.textContent = panelCaption(element.dataset.caption ?? '', topology);
  });
}
