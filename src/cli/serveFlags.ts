/**
 * The help lines of `neocortex serve`'s model options, read from the registry (only when the
 * command is `serve`, as `train` reads its kinds' flags, so other commands load no model
 * code): the kinds `--model` runs, by the slot each fills, and which of them take
 * `--learning`, `--inference-steps` and `--inference-rate`, in their live specs' own words.
 */
import type { LiveSlot } from '../models/live.ts';
import { slotFacets } from '../sim/session/liveSlots.ts';
import { liveField, serveModels, type fieldFlags } from './serveModels.ts';

/** The help line of each of `serve`'s model options, by option key. */
export type ServeHelp = Record<'model' | keyof typeof fieldFlags, string>;

/** How the help names a slot. */
const slotWords: Record<LiveSlot, string> = {
  generative: 'the generative model',
  classifier: 'the classifier',
};

/** `pcvae (default), pcgen as the generative model`: a slot's kinds, its default first. */
function slotKinds(slot: LiveSlot): string {
  const kinds = slotFacets(slot).map((facet, i) =>
    i === 0 ? `${facet.kind} (default)` : facet.kind,
  );
  return `${kinds.join(', ')} as ${slotWords[slot]}`;
}

/** `pcn: <its description>; pcgen: ...`: the kinds whose live spec has `field`, in their words. */
function fieldHelp(field: keyof typeof fieldFlags): string {
  const byDescription = new Map<string, string[]>();
  for (const kind of serveModels()) {
    const schema = liveField(kind, field);
    if (schema === undefined) continue;
    // A field's description as a help clause: no final period, a small first letter.
    const text = (schema.description ?? field)
      .replace(/\.$/, '')
      .replace(/^[A-Z]/, (c) => c.toLowerCase());
    byDescription.set(text, [...(byDescription.get(text) ?? []), kind]);
  }
  if (byDescription.size === 0) return `${field} of the chosen models (none takes it now)`;
  return [...byDescription].map(([text, kinds]) => `${kinds.join(', ')}: ${text}`).join('; ');
}

/** The help of `serve`'s model options for the kinds registered now (plugins' included). */
export function serveHelp(): ServeHelp {
  return {
    model:
      `model kinds to run live, each in its slot: ${slotKinds('generative')}; ` +
      `${slotKinds('classifier')} (repeat or comma list)`,
    learning: fieldHelp('learning'),
    inferenceSteps: fieldHelp('inferenceSteps'),
    inferenceRate: fieldHelp('inferenceRate'),
  };
}
