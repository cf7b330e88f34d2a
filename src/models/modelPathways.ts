/**
 * The `pathways` a model spec may give (pcvae, pcn, pcgen): the cortex's own pathway
 * description (`PathwaySpec`, what `buildHierarchy` takes) with every number bounded, and the
 * check that the graph it makes is one the cortex accepts and one the kind can train. The
 * cortex's validator (`validateTopology`, the API's) judges names, kinds, cycles and levels;
 * the kind's own rules ({@link ModelGraphRules}) judge what it can learn. Every problem is a
 * zod issue at its path in the model spec (`pathways[2].from: no area named "z3" (did you
 * mean "z2"?)`), found before anything is built. Without `pathways` a kind builds its chain.
 */
import { z } from 'zod';
import { HierarchySpec, PathwaySpec, type HierarchySpecInput } from '../cortex/spec.ts';
import { SpecError } from '../cortex/specError.ts';
import { wholeNumber } from '../cortex/specFields.ts';
import { specIssueMessage } from '../cortex/specMessages.ts';
import { validateTopology } from '../cortex/validate.ts';
import { MODEL_LIMITS } from './modelSpec/schema.ts';

/** Largest values a model spec's pathways may ask for. */
export const PATHWAY_LIMITS = {
  /** Pathways in one spec. */
  pathways: 256,
  /** Hidden layers of one pathway's map. */
  hiddenLayers: 4,
  /** Largest |gain|. */
  gain: 1000,
  /** Characters of an area's name. */
  name: 64,
} as const;

const P = PATHWAY_LIMITS;

const endName = () => z.string({ error: specIssueMessage }).min(1).max(P.name);

/**
 * One pathway of a model spec: the cortex's {@link PathwaySpec} (from, to, kind, gain,
 * lesioned, hidden) with its gain and hidden widths bounded.
 */
export const ModelPathwaySpec = PathwaySpec.extend({
  from: endName().describe('The area it starts from.'),
  to: endName().describe('The area it ends at.'),
  kind: PathwaySpec.shape.kind.describe(
    'feedforward (up), feedback (down) or lateral (between areas of one level).',
  ),
  gain: z
    .number({ error: specIssueMessage })
    .min(-P.gain)
    .max(P.gain)
    .default(1)
    .describe('Multiplies every signal the pathway carries.'),
  lesioned: PathwaySpec.shape.lesioned.describe('A lesioned pathway carries nothing.'),
  hidden: z
    .array(wholeNumber(1, MODEL_LIMITS.hidden))
    .max(P.hiddenLayers)
    .optional()
    .describe(
      "Hidden layer widths of its map (relu). Default: the receiving area's for a feedforward " +
        "pathway, the sending area's for a feedback one, none for a lateral one.",
    ),
}).strict();
/** A model spec's pathway, validated, defaults filled in. */
export type ModelPathwaySpec = z.output<typeof ModelPathwaySpec>;

/**
 * The optional `pathways` field of a model spec: the whole graph (the chain is not added to
 * it), at most {@link PATHWAY_LIMITS}.pathways of them.
 * @param rules - the kind's name and the graphs it trains, for the field's description
 */
export function pathwaysField(rules: Pick<ModelGraphRules, 'kind' | 'supports'>) {
  return z
    .array(ModelPathwaySpec)
    .min(1)
    .max(P.pathways)
    .optional()
    .describe(
      'Every pathway between its areas (the whole graph; leave it out for the chain). ' +
        `A ${rules.kind} trains ${rules.supports}.`,
    );
}

/** A kind's word on a graph the cortex accepts: which graphs it trains, and the problems of one. */
export interface ModelGraphRules {
  /** The kind's name, for messages. */
  kind: string;
  /** The graphs it trains, in a sentence (shown in its refusals and its spec's description). */
  supports: string;
  /**
   * The problems of one pathway, whatever the rest of the graph is (`pathways[k]...: ...`
   * lines; `at` is `pathways[k]`).
   */
  pathwayProblems?(pathway: PathwaySpec, at: string): string[];
  /** The problems of a graph the cortex accepts (`pathways...: ...` lines). */
  graphProblems?(spec: HierarchySpec): string[];
}

/** A problem line split into its path in the spec and its message. */
interface Problem {
  path: PropertyKey[];
  message: string;
}

/**
 * `pathways[2].from: message` as a path and a message; a problem not about one pathway (`areas[1]
 * ...`: the kind built its areas, so a user's pathways caused it) stays whole at `pathways`.
 */
export function problemOf(line: string): Problem {
  const match = /^pathways(?:\[(\d+)\])?(?:\.(\w+))?: ([\s\S]*)$/.exec(line);
  if (match === null) return { path: ['pathways'], message: line };
  const [, index, field, message] = match;
  return {
    path: [
      'pathways',
      ...(index !== undefined ? [Number(index)] : []),
      ...(field !== undefined ? [field] : []),
    ],
    message: message!,
  };
}

/**
 * The problems of a kind's graph, one `path: message` line each: the kind's rules for single
 * pathways, then the cortex's validator on the whole hierarchy, then (when the cortex accepts
 * it) the kind's rules for the graph. Each of the kind's own refusals ends by saying which
 * graphs it trains.
 */
export function graphProblemLines(hierarchy: HierarchySpecInput, rules: ModelGraphRules): string[] {
  const parsed = HierarchySpec.safeParse(hierarchy);
  if (!parsed.success) {
    // The pathways passed the model spec's own schema, so this is the kind's mistake.
    throw new SpecError(`${rules.kind}: its hierarchy spec is malformed: ${parsed.error.message}`);
  }
  const spec = parsed.data;
  const ofKind = (line: string) => `${line}; a ${rules.kind} trains ${rules.supports}`;
  const own = spec.pathways
    .flatMap((p, k) => rules.pathwayProblems?.(p, `pathways[${k}]`) ?? [])
    .map(ofKind);
  try {
    validateTopology(spec);
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    return [...own, ...error.problems];
  }
  return [...own, ...(rules.graphProblems?.(spec) ?? []).map(ofKind)];
}

/**
 * Add a zod issue at its path for every problem of the kind's graph ({@link graphProblemLines}).
 * When a field the graph is made of (`fields`: the areas' sizes and names, the pathways) has a
 * problem of its own already, the graph is not judged: that problem is the one to fix.
 */
export function checkPathways(
  ctx: z.RefinementCtx,
  hierarchy: () => HierarchySpecInput,
  rules: ModelGraphRules,
  fields: readonly string[],
): void {
  if (ctx.issues.some((issue) => fields.includes(String(issue.path?.[0])))) return;
  for (const line of graphProblemLines(hierarchy(), rules)) {
    const { path, message } = problemOf(line);
    ctx.addIssue({ code: 'custom', path, message });
  }
}

/** The names of the areas that some pathway of `kinds` leaves (`from`) or enters (`to`). */
export function areasTouched(
  spec: HierarchySpec,
  end: 'from' | 'to',
  kinds: readonly PathwaySpec['kind'][],
): Set<string> {
  return new Set(spec.pathways.filter((p) => kinds.includes(p.kind)).map((p) => p[end]));
}

/** What a hierarchy built from a spec holds, counted from the spec alone (nothing is built). */
export interface HierarchyWeights {
  /** Trainable values: every pathway's map and every area's biases and variances. */
  parameters: number;
  /** Values every pathway's map computes for one image: its hidden layers and its drive. */
  mapUnits: number;
}

/**
 * The trainable values of the hierarchy `input` describes, counted as the cortex makes them
 * (wiring.ts, area.ts, maps.ts): each pathway's map (a dense relu layer with bias per hidden
 * width, then a weight to its drive: 2·size for a recognition of a stochastic area or a
 * predicted precision); each area's recognition bias when something recognizes into it, its
 * prior bias (and a stochastic area's prior log-variance, a predicted precision's bias) when
 * something predicts it, and a learned precision.
 */
export function hierarchyWeights(input: HierarchySpecInput): HierarchyWeights {
  const spec = HierarchySpec.parse(input);
  const area = new Map(spec.areas.map((a) => [a.name, a]));
  const recognition = (p: PathwaySpec) => spec.predictions === 'down' && p.kind === 'feedforward';
  let parameters = 0;
  let mapUnits = 0;
  for (const p of spec.pathways) {
    const from = area.get(p.from)!;
    const to = area.get(p.to)!;
    const hidden =
      p.hidden ??
      (p.kind === 'feedforward'
        ? to.recognitionHidden
        : p.kind === 'feedback'
          ? from.generativeHidden
          : []);
    const recognizes = recognition(p);
    const width =
      (recognizes && to.stochastic) || (!recognizes && to.precision === 'predicted')
        ? 2 * to.size
        : to.size;
    const sizes = [from.size, ...hidden];
    hidden.forEach((h, i) => (parameters += sizes[i]! * h + h));
    parameters += sizes.at(-1)! * width;
    mapUnits += hidden.reduce((a, b) => a + b, 0) + width;
  }
  for (const a of spec.areas) {
    const into = spec.pathways.filter((p) => p.to === a.name);
    if (into.some(recognition)) parameters += a.stochastic ? 2 * a.size : a.size;
    if (into.some((p) => !recognition(p))) {
      parameters += a.size;
      if (a.stochastic) parameters += a.size;
      if (a.precision === 'predicted') parameters += a.size;
    }
    if (a.learnPrecision) parameters += a.size;
  }
  return { parameters, mapUnits };
}
