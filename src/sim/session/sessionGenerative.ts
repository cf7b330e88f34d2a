/**
 * The live session's generative model as data: one of the generative kinds' live specs
 * (liveSlots.ts), each its kind's one spec narrowed for a live page (models/<kind>/live.ts):
 * the predictive-coding VAE (`pcvae`, the default: its `areas` list, as in a pcvae model
 * spec; a spec without `kind` is one) or a generative predictive-coding network (`pcgen`: no
 * encoder, trained by local learning). Each may name a `trained` model to watch.
 */
import { z } from 'zod';
import { generativeFacets, kindNames } from './liveSlots.ts';

const [pcvae, pcgen] = generativeFacets;

/** The generative model of a session: `pcvae` (default) or `pcgen` (zod schema). */
export const SessionGenerative = z
  .discriminatedUnion('kind', [pcvae.spec, pcgen.spec], {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? `expected kind ${kindNames('generative')}, got ${JSON.stringify((issue.input as { kind?: unknown } | undefined)?.kind)}`
        : undefined,
  })
  .prefault({});
/** A parsed session generative model. */
export type SessionGenerative = z.output<typeof SessionGenerative>;
