/**
 * A hierarchy described as plain, JSON-serialisable data (Nengo's "network as
 * description" habit). `parseHierarchySpec` validates it with zod; `buildHierarchy`
 * (hierarchy.ts) checks every shape and turns it into runtime areas and pathways.
 */
import { z } from 'zod';
import { parseSpecWith } from './specError.ts';

export { SpecError } from './specError.ts';

export const activations = ['linear', 'relu', 'tanh', 'sigmoid'] as const;
export type ActivationName = (typeof activations)[number];

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
export type AreaSpec = z.infer<typeof AreaSpec>;
export type AreaSpecInput = z.input<typeof AreaSpec>;

export const pathwayKinds = ['feedforward', 'feedback'] as const;
export type PathwayKind = (typeof pathwayKinds)[number];

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
export type PathwaySpec = z.infer<typeof PathwaySpec>;
export type PathwaySpecInput = z.input<typeof PathwaySpec>;

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
export type HierarchySpec = z.infer<typeof HierarchySpec>;
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
