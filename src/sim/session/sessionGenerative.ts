/**
 * The live session's generative model as data: one of the generative kinds' live specs
 * (every registered kind with a generative live facet, liveSlots.ts), each its kind's one spec
 * narrowed for a live page (models/<kind>/live.ts): the predictive-coding VAE (`pcvae`, the
 * default: its `areas` list, as in a pcvae model spec; a spec without `kind` is one) or a
 * generative predictive-coding network (`pcgen`: no encoder, trained by local learning), or a
 * user's registered kind. Each may name a `trained` model to watch.
 */
import { z } from 'zod';
import type { PcGenLiveSpec } from '../../models/pcgen/live.ts';
import type { PcVaeLiveSpec } from '../../models/pcvae/live.ts';

/** A session generative model as a user writes it (every field may be left out). */
export type SessionGenerativeInput =
  z.input<typeof PcVaeLiveSpec> | z.input<typeof PcGenLiveSpec> | undefined;
import { kindNames, slotFacets } from './liveSlots.ts';

/** A parsed session generative model: a built-in kind's live spec (or a user kind's, by its `kind`). */
export type SessionGenerative = PcVaeLiveSpec | PcGenLiveSpec;

/** The generative model of a session, as the registered kinds make it now (zod schema). */
export function sessionGenerativeSchema(): z.ZodPrefault<
  z.ZodType<SessionGenerative, SessionGenerativeInput>
> {
  const [first, ...rest] = slotFacets('generative').map((f) => f.spec as unknown as z.ZodObject);
  return z
    .discriminatedUnion('kind', [first!, ...rest], {
      error: (issue) =>
        issue.code === 'invalid_union'
          ? `expected kind ${kindNames('generative')}, got ${JSON.stringify((issue.input as { kind?: unknown } | undefined)?.kind)}`
          : undefined,
    })
    .prefault({}) as unknown as z.ZodPrefault<z.ZodType<SessionGenerative, SessionGenerativeInput>>;
}
