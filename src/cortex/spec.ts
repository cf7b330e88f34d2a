/**
 * A hierarchy described as plain, JSON-serialisable data (Nengo's "network as
 * description" habit). `parseHierarchySpec` validates it with zod; `buildHierarchy`
 * (hierarchy.ts) checks every shape and turns it into runtime areas and pathways.
 */
import { z } from 'zod';
import { parseSpecWith } from './specError.ts';

export { SpecError } from './specError.ts';

/** The activation functions an area may apply to its state. */
export const activations = ['linear', 'relu', 'tanh', 'sigmoid'] as const;
/** One of {@link activations}. */
export type ActivationName = (typeof activations)[number];

/** How an area scores a prediction of its state (see {@link AreaSpec}). */
export const likelihoods = ['gaussian', 'bernoulli', 'categorical'] as const;
/** One of {@link likelihoods}. */
export type Likelihood = (typeof likelihoods)[number];

/**
 * The description of one cortical area (zod schema): size, activation, likelihood, precision,
 * whether it is stochastic, its prior when nothing predicts it, and the hidden layers of the
 * maps of its pathways.
 */
export const AreaSpec = z
  .object({
    name: z
      .string()
      .min(1)
      .regex(/^[A-Za-z][\w-]*$/, 'area names start with a letter: letters, digits, _ and -'),
    size: z.number().int().positive(),
    /** Nonlinearity of the area's state and of the predictions of it. */
    activation: z.enum(activations).default('linear'),
    /**
     * How the area scores a prediction of it. `gaussian`: ½·Σ precision·(x − μ)².
     * `bernoulli` (binary data, sensory area only): −log p(x | logits).
     * `categorical`: the state is a probability vector over `size` classes (softmax of its
     * drive); its energy is KL(state ‖ softmax(prediction input)), or KL(state ‖ uniform) when
     * nothing predicts it; clamp it to a one-hot vector to give a label.
     */
    likelihood: z.enum(likelihoods).default('gaussian'),
    /**
     * Inverse variance of the area's prediction errors (1/σ²): one number for every unit, or one
     * per unit. Zero for a unit means "unknown": its error counts for nothing. `predicted`: the
     * pathways that predict the area predict its log-precision too, per unit and per image
     * (their maps give 2·size values: the mean's drive, then the log-precision's; a bias of its
     * own is added and the result kept in [−4, 8]), as a VAE decoder predicts a variance; the
     * energy then adds the Gaussian normaliser −½·Σ log precision.
     */
    precision: z
      .union([z.number().nonnegative(), z.array(z.number().nonnegative()), z.literal('predicted')])
      .default(1),
    /**
     * Learn the precision (per unit, as a log-precision) with the weights. The energy then adds
     * the Gaussian normaliser −½·Σ log precision, without which the precision would fall to 0.
     */
    learnPrecision: z.boolean().default(false),
    /**
     * The energy of an area that no pathway predicts (a root of the generative graph):
     * `standard` is N(0, I) for a Gaussian area and the uniform distribution for a categorical
     * one; `none` is no energy at all (an input that is always clamped, e.g. the image of a
     * discriminative network whose predictions go up).
     */
    prior: z.enum(['standard', 'none']).default('standard'),
    /** A stochastic area's recognition gives a mean and a log-variance (VAE-style). */
    stochastic: z.boolean().default(false),
    /**
     * A deterministic area holds its prediction: its state is act(prior bias + Σ drives of the
     * pathways that predict it), it has no energy of its own and does not settle. It is a hidden
     * layer that several sources share: y and z2 predicting z1 through one deterministic relu
     * area is one network on their joined states, where two pathways into z1 would only add.
     * Errors of the areas it predicts pass through it to its sources (Jᵀe through act'). Its
     * pathways cannot learn by the local rule (its error is not a prediction error of its own).
     */
    deterministic: z.boolean().default(false),
    /**
     * Hidden layer sizes of the maps of the feedforward pathways into this area (unless a
     * pathway gives its own `hidden`).
     */
    recognitionHidden: z.array(z.number().int().positive()).default([]),
    /**
     * Hidden layer sizes of the maps of the feedback pathways from this area (unless a pathway
     * gives its own `hidden`).
     */
    generativeHidden: z.array(z.number().int().positive()).default([]),
  })
  .strict();
/** A validated area description, with defaults filled in. */
export type AreaSpec = z.infer<typeof AreaSpec>;
/** An area description as a user writes it (defaults may be left out). */
export type AreaSpecInput = z.input<typeof AreaSpec>;

/** The directions a pathway may have. */
export const pathwayKinds = ['feedforward', 'feedback', 'lateral'] as const;
/**
 * `feedforward` (up), `feedback` (down) or `lateral` (between areas of one level). Which kind
 * carries predictions is the hierarchy's `predictions` setting.
 */
export type PathwayKind = (typeof pathwayKinds)[number];

/**
 * The description of one pathway (zod schema): from, to, kind, gain, whether it is lesioned and
 * the hidden layers of its map.
 */
export const PathwaySpec = z
  .object({
    from: z.string(),
    to: z.string(),
    kind: z.enum(pathwayKinds),
    /** Multiplies every signal the pathway carries. */
    gain: z.number().finite().default(1),
    /** A lesioned pathway carries nothing: the receiving area gets only its own bias. */
    lesioned: z.boolean().default(false),
    /**
     * Hidden layer sizes of the pathway's map (relu). Default: the receiving area's
     * `recognitionHidden` for a feedforward pathway, the sending area's `generativeHidden`
     * for a feedback one, none for a lateral one.
     */
    hidden: z.array(z.number().int().positive()).optional(),
  })
  .strict();
/** A validated pathway description, with defaults filled in. */
export type PathwaySpec = z.infer<typeof PathwaySpec>;
/** A pathway description as a user writes it (defaults may be left out). */
export type PathwaySpecInput = z.input<typeof PathwaySpec>;

/**
 * The description of a whole hierarchy (zod schema): its areas bottom to top, its pathways and
 * a seed. Plain JSON: it can be saved and rebuilt.
 */
export const HierarchySpec = z
  .object({
    /**
     * The areas; the first is the sensory area (the input). The pathways decide the graph; in
     * a chain, list the areas from the sensory area up to the top.
     */
    areas: z.array(AreaSpec).min(2),
    /** Pathways between the areas: any graph whose upward direction has no cycle. */
    pathways: z.array(PathwaySpec),
    /**
     * Which pathways carry predictions. `down` (default): feedback and lateral pathways predict
     * (a generative hierarchy; feedforward pathways are amortized recognition). `up`: feedforward
     * and lateral pathways predict (a discriminative predictive-coding network: the image
     * predicts the hidden areas, they predict the label); such a hierarchy has no feedback
     * pathways, and its recognition is the sweep of predictions up.
     */
    predictions: z.enum(['down', 'up']).default('down'),
    /** Seed for the initial weights. */
    seed: z.number().int().nonnegative().default(0),
    /** Largest number of values in one activity snapshot (bigger areas are averaged down). */
    snapshotMaxValues: z.number().int().positive().default(1024),
  })
  .strict();
/** A validated hierarchy description, with defaults filled in. */
export type HierarchySpec = z.infer<typeof HierarchySpec>;
/** A hierarchy description as a user writes it (defaults may be left out). */
export type HierarchySpecInput = z.input<typeof HierarchySpec>;

/** Validate a description; every problem is listed with its path. */
export function parseHierarchySpec(input: unknown): HierarchySpec {
  return parseSpecWith(HierarchySpec, input, 'hierarchy spec');
}

/**
 * Feedforward and feedback pathways between every pair of neighbouring areas:
 * the usual fully reciprocal hierarchy.
 */
export function reciprocalPathways(areaNames: readonly string[]): PathwaySpec[] {
  const pathways: PathwaySpec[] = [];
  for (let i = 0; i + 1 < areaNames.length; i++) {
    const lower = areaNames[i]!;
    const upper = areaNames[i + 1]!;
    pathways.push({ from: lower, to: upper, kind: 'feedforward', gain: 1, lesioned: false });
    pathways.push({ from: upper, to: lower, kind: 'feedback', gain: 1, lesioned: false });
  }
  return pathways;
}

/** The default three-area hierarchy 784-256-32 (sensory, V-like, top). */
export function defaultHierarchySpec(seed = 0): HierarchySpec {
  const areas: AreaSpecInput[] = [
    { name: 'sensory', size: 784, activation: 'sigmoid', likelihood: 'bernoulli' },
    { name: 'middle', size: 256, activation: 'tanh' },
    { name: 'top', size: 32, activation: 'linear' },
  ];
  return parseHierarchySpec({
    areas,
    pathways: reciprocalPathways(areas.map((a) => a.name)),
    seed,
  });
}
