/**
 * The model spec of the one-latent VAE (Kingma and Welling 2014): its latent and hidden
 * sizes, with the training fields every kind shares. The network it builds is
 * {@link VaeSpec} (models/vae.ts), with the data's pixels as its input size.
 */
import { z } from 'zod';
import { wholeNumber } from '../../cortex/specFields.ts';
import { MODEL_LIMITS as L, trainingFields, workersField } from '../modelSpec/schema.ts';

/** The one-latent VAE's model spec (zod schema): sizes, training and threads. */
export const VaeModelSpec = z
  .object({
    kind: z.literal('vae'),
    latentSize: wholeNumber(1, L.areaSize).default(20),
    hiddenSize: wholeNumber(1, L.hidden).default(400),
    ...trainingFields,
    ...workersField,
  })
  .strict();
/** A validated VAE model spec, defaults filled in. */
export type VaeModelSpec = z.output<typeof VaeModelSpec>;
