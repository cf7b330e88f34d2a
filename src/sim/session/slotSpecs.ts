/**
 * Each slot's spec as its kind's live facet takes it: the session's `generative` as given,
 * and its `classifier` with the session's `classifierHidden` as its `hidden` when its kind
 * takes hidden sizes by that name and its spec gives none (the MLP of a session spec written
 * before classifiers had kinds).
 */
import { liveFacet } from './liveSlots.ts';
import type { SessionSpec } from './sessionSpec.ts';

/** Whether the classifier kind's live spec has a field `hidden`. */
function takesHidden(kind: string): boolean {
  const shape = (liveFacet('classifier', kind).spec as unknown as { shape?: object }).shape;
  return shape !== undefined && 'hidden' in shape;
}

/** The two slots' specs of a parsed session spec. */
export function slotSpecs(spec: SessionSpec): {
  generative: SessionSpec['generative'];
  classifier: SessionSpec['classifier'];
} {
  const classifier = spec.classifier as SessionSpec['classifier'] & { hidden?: number[] };
  const fill = classifier.hidden === undefined && takesHidden(classifier.kind);
  return {
    generative: spec.generative,
    classifier: fill ? { ...classifier, hidden: spec.classifierHidden } : classifier,
  };
}
