/**
 * The inference gap of a VAE split as Cremer et al. (2018, Table 1) do, in nats
 * per image, from three test-set means:
 *
 *   inference gap     = log p(x) − ELBO(q_encoder)
 *   approximation gap = log p(x) − ELBO(q*)          (the family's limit)
 *   amortization gap  = ELBO(q*) − ELBO(q_encoder)   (the encoder's shortfall)
 *
 * where q* is each image's posterior optimised on its own and log p(x) is
 * estimated by an importance-weighted bound with many samples. The two parts
 * add up to the whole by construction.
 */

/** The three figures the split is made from, as the experiment measures them (nats per image). */
export interface GapInputs {
  /** −log p(x), e.g. the importance-weighted estimate with large K. */
  negLogLikelihood: number;
  /** −ELBO with each image's optimised posterior q*. */
  negElboOptimal: number;
  /** −ELBO with the encoder's posterior. */
  negElboEncoder: number;
}

/** The inference gap and its two parts (nats per image). */
export interface InferenceGap {
  inference: number;
  approximation: number;
  amortization: number;
}

/**
 * Split the inference gap into its approximation and amortization parts. A
 * figure that is not a finite number is an error naming it.
 */
export function splitInferenceGap(inputs: GapInputs): InferenceGap {
  for (const [name, value] of Object.entries(inputs)) {
    if (!Number.isFinite(value)) throw new Error(`splitInferenceGap: ${name} is ${value}`);
  }
  const { negLogLikelihood, negElboOptimal, negElboEncoder } = inputs;
  return {
    inference: negElboEncoder - negLogLikelihood,
    approximation: negElboOptimal - negLogLikelihood,
    amortization: negElboEncoder - negElboOptimal,
  };
}
