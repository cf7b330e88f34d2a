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

/**
 * The description of one cortical area (zod schema): size, activation, likelihood, precision,
 * whether it is stochastic, and the hidden layers of its maps.
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
     * How the area scores a prediction of it. `gaussian`: ½·precision·‖x − μ‖².
     * `bernoulli` (binary data, sensory area only): -log p(x | logits).
     */
    likelihood: z.enum(['gaussian', 'bernoulli']).default('gaussian'),
    /** Inverse variance of the area's prediction errors (1/σ²). */
    precision: z.number().positive().default(1),
    /** A stochastic area's recognition gives a mean and a log-variance (VAE-style). */
    stochastic: z.boolean().default(false),
    /** Hidden layer sizes of the maps from the area below into this one and back. */
    recognitionHidden: z.array(z.number().int().positive()).default([]),
    generativeHidden: z.array(z.number().int().positive()).default([]),
  })
  .strict();
/** A validated area description, with defaults filled in. */
export type AreaSpec = z.infer<typeof AreaSpec>;
/** An area description as a user writes it (defaults may be left out). */
export type AreaSpecInput = z.input<typeof AreaSpec>;

/** The directions a pathway may have. */
export const pathwayKinds = ['feedforward', 'feedback'] as const;
/** `feedforward` (up: recognition) or `feedback` (down: prediction). */
export type PathwayKind = (typeof pathwayKinds)[number];

/** The description of one pathway (zod schema): from, to, kind, gain and whether it is lesioned. */
export const PathwaySpec = z
  .object({
    from: z.string(),
    to: z.string(),
    kind: z.enum(pathwayKinds),
    /** Multiplies every signal the pathway carries. */
    gain: z.number().finite().default(1),
    /** A lesioned pathway carries nothing: the receiving area gets only its own bias. */
    lesioned: z.boolean().default(false),
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
    /** Areas from the sensory area (first) to the top area (last). */
    areas: z.array(AreaSpec).min(2),
    pathways: z.array(PathwaySpec),
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
