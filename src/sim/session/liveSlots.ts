/**
 * The kinds a live session can hold in each slot: every registered model kind
 * (models/kinds.ts) that has a live facet (models/live.ts) for it, in the registry's order (the
 * first is the slot's default), a user's registered kind among them; and the one look-up from
 * a slot spec's `kind` to its facet. The session dispatches through the facet it finds; it
 * never asks which kind it holds.
 */
import { NeocortexError } from '../../errors.ts';
import { modelKinds } from '../../models/kinds.ts';
import type { AnyLiveFacet, LiveSlot } from '../../models/live.ts';

/** The facets of `slot`, in the registry's order (the first is the slot's default). */
export function slotFacets<Slot extends LiveSlot>(slot: Slot): AnyLiveFacet<Slot>[] {
  return modelKinds().flatMap((kind) =>
    kind.live?.slot === slot ? [kind.live as AnyLiveFacet<Slot>] : [],
  );
}

/**
 * The facet of `kind` in `slot`. The session spec's parse has checked that there is one in the
 * thread that parsed it; a user can still meet a kind missing here in another thread (the
 * training worker), which knows only the kinds registered by modules (a NeocortexError,
 * `SPEC_INVALID`, saying so).
 */
export function liveFacet<Slot extends LiveSlot>(slot: Slot, kind: string): AnyLiveFacet<Slot> {
  const facet = slotFacets(slot).find((f) => f.kind === kind);
  if (facet === undefined) {
    throw new NeocortexError(
      'SPEC_INVALID',
      `no ${slot} kind "${kind}" in a live session (it runs ${kindNames(slot)}); a kind ` +
        "registered by a script's own code is known to that thread alone: register it from a " +
        "module (--plugin FILE, a spec's plugins) to train it in the session's worker",
    );
  }
  return facet;
}

/** A slot's kind names, for messages: `"pcvae" (the default) or "pcgen"`. */
export function kindNames(slot: LiveSlot): string {
  const names = slotFacets(slot).map((f, i) => `"${f.kind}"${i === 0 ? ' (the default)' : ''}`);
  return names.length < 2
    ? (names[0] ?? 'none')
    : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}
