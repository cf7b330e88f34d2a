/**
 * Lesioning feedback, said in words: a caption under the sensory pictures says why the
 * prediction turns grey, and the diagram's text alternative says which pathways are cut.
 */
import type { SessionMode, Topology } from '../../src/server/wire.ts';

/** Why the prediction looks as it does with feedback cut in `mode` (null: feedback intact). */
export function lesionCaption(lesioned: boolean, mode: SessionMode): string | null {
  if (!lesioned) return null;
  const base =
    'Feedback is lesioned: the feedback (top-down) pathways are cut, so no area can send its ' +
    'prediction down. The prediction is grey because nothing from above shapes it';
  if (mode === 'generate') return `${base}: with no feedback there is no dream to draw.`;
  if (mode === 'settle') {
    return `${base}; the prediction errors cannot be explained away, so settling cannot lower them.`;
  }
  return `${base}; recognition still works on the way up (see the classifier).`;
}

/** The diagram's text alternative: the areas of each model, the mode and the lesion. */
export function diagramSummary(topology: Topology, mode: SessionMode, lesioned: boolean): string {
  const names = (areas: readonly { name: string }[]): string => areas.map((a) => a.name).join(', ');
  const { generative, classifier } = topology;
  return (
    `Cortical hierarchy, mode ${mode}. Generative model: ${generative.areas.length} areas ` +
    `(${names(generative.areas)}), feedforward and feedback pathways` +
    `${lesioned ? ', feedback lesioned' : ''}. Classifier: ${classifier.areas.length} areas ` +
    `(${names(classifier.areas)}), feedforward only.`
  );
}

/**
 * Show the lesion caption in the sensory panel (made on first use, after the pictures) and
 * mark the prediction's frame; update the diagram's label.
 */
export function showLesion(
  lesioned: boolean,
  mode: SessionMode,
  topology: Topology | null,
  diagram: SVGSVGElement | null,
): void {
  const images = document.querySelector('#panel-sensory .images');
  let caption = document.getElementById('lesion-caption');
  if (caption === null && images !== null) {
    caption = document.createElement('p');
    caption.id = 'lesion-caption';
    caption.className = 'caption lesion-caption';
    images.insertAdjacentElement('afterend', caption);
  }
  const text = lesionCaption(lesioned, mode);
  if (caption !== null) {
    caption.hidden = text === null;
    if (caption.textContent !== (text ?? '')) caption.textContent = text ?? '';
  }
  document
    .getElementById('prediction-image')
    ?.parentElement?.classList.toggle('lesioned', lesioned);
  if (diagram !== null && topology !== null) {
    diagram.setAttribute('aria-label', diagramSummary(topology, mode, lesioned));
  }
}
