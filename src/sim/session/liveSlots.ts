/**
 * The kinds a live session can hold in each slot, by their live facets (models/live.ts),
 * and the one look-up from a slot spec's `kind` to its facet. The session dispatches through
 * the facet it finds; it never asks which kind it holds.
 */
import { mlpLive } from '../../models/classifier/live.ts';
import type { AnyLiveFacet, LiveSlot } from '../../models/live.ts';
import { pcgenLive } from '../../models/pcgen/live.ts';
import { pcnLive } from '../../models/pcn/live.ts';
import { pcvaeLive } from '../../models/pcvae/live.ts';

/** The generative kinds a session runs: the predictive-coding VAE (the default) and a pcgen. */
export const generativeFacets = [pcvaeLive, pcgenLive] as const;

/** The classifier kinds a session runs: the MLP (the default) and a pcn. */
export const classifierFacets = [mlpLive, pcnLive] as const;

const facets: Record<LiveSlot, readonly AnyLiveFacet[]> = {
  generative: generativeFacets,
  classifier: classifierFacets,
};

/** The facet of `kind` in `slot` (the session spec's parse has checked that there is one). */
export function liveFacet<Slot extends LiveSlot>(slot: Slot, kind: string): AnyLiveFacet<Slot> {
  const facet = facets[slot].find((f) => f.kind === kind);
  if (facet === undefined) {
    const known = facets[slot].map((f) => f.kind).join(', ');
    throw new Error(`no ${slot} kind "${kind}" in a live session (it runs ${known})`);
  }
  return facet as AnyLiveFacet<Slot>;
}

/** A slot's kind names, for messages: `"pcvae" (the default) or "pcgen"`. */
export function kindNames(slot: LiveSlot): string {
  const names = facets[slot].map((f) => `"${f.kind}"`);
  return `${names[0]} (the default)${names.length > 1 ? ` or ${names.slice(1).join(', ')}` : ''}`;
}
