/** Short captions for a newcomer: what each panel shows, in plain words. */
import type { SessionMode, Topology } from '../../src/server/wire.ts';

/** The kind of a session's generative model (`pcvae` or `pcgen`). */
export type GenerativeKind = Topology['generative']['kind'];

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
    'the VAE recognises the image as a code (its top area), from which it can draw the image again.',
  latent:
    'Each dot is a test image, placed by the code the top area gives it (a 2-D projection). ' +
    'Colour: the true digit. Similar digits gather as the model learns.',
  curves:
    'While training: the VAE’s cost −ELBO (how badly it reconstructs, plus KL, how far its ' +
    'codes stray from the prior) falls; the classifier’s accuracy on the batches it trains on rises.',
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
    'Recognize: one sweep up the feedforward pathways gives the top area’s code, one sweep down ' +
    'the feedback pathways predicts the image from it. No learning.',
  generate:
    'Generate: no input at all. A code drawn at random from the prior flows down the feedback ' +
    'pathways: the model dreams a digit.',
  settle:
    'Settle: predictive coding on one input. Each tick is one iteration: predictions go down, ' +
    'prediction errors go up, and the areas adjust to explain the input better. The free energy ' +
    'of the input never rises from one iteration to the next. The page stays on this input ' +
    'until you press “Next test image” (or turn on Auto-advance).',
};

/** Panel captions that differ when the generative model is a pcgen (no encoder, local learning). */
export const pcgenPanelCaptions: Record<string, string> = {
  diagram:
    'Each box is a cortical area, the senses at the bottom. The generative network on the left ' +
    'has feedback pathways only: the area above predicts the one below, and what the ' +
    'prediction misses, the prediction error, travels up again. There is no encoder: to ' +
    'recognise an image its areas settle until the errors are small. The classifier on the ' +
    'right only has the way up.',
  compare:
    'The same input through both models. The classifier only answers "which digit?"; the ' +
    'generative network has no encoder: its areas settle until they explain the image, and ' +
    'the top area’s settled state is its code, from which it can draw the image again.',
  curves:
    'While training: the generative network’s total free energy after settling (the sensory ' +
    'area’s share, how badly it predicts the image, and the latent areas’ share) falls; the ' +
    'classifier’s accuracy on the batches it trains on rises.',
};

/** Mode captions that differ when the generative model is a pcgen. */
export const pcgenModeCaptions: Partial<Record<SessionMode, string>> = {
  train:
    'Train: every tick both models learn from a batch of images, the generative network by ' +
    'local learning (see its panel); the panels show a test image settled and predicted back.',
  recognize:
    'Recognize: this network has no encoder, so there is no sweep up. Its areas start at rest ' +
    'and settle for a fixed number of iterations until they explain the input; the prediction ' +
    'comes back down from the settled states. No learning.',
};

/** The caption of `mode` for a session whose generative model is `kind`. */
export function modeCaption(mode: SessionMode, kind: GenerativeKind = 'pcvae'): string {
  return (kind === 'pcgen' ? pcgenModeCaptions[mode] : undefined) ?? modeCaptions[mode];
}

/** Fill every `[data-caption=key]` element with its caption (for a pcvae unless told). */
export function applyCaptions(root: ParentNode, kind: GenerativeKind = 'pcvae'): void {
  root.querySelectorAll<HTMLElement>('[data-caption]').forEach((element) => {
    const key = element.dataset.caption ?? '';
    const text = (kind === 'pcgen' ? pcgenPanelCaptions[key] : undefined) ?? panelCaptions[key];
    element.textContent = text ?? '';
  });
}
