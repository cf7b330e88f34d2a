/**
 * The checks a model kind passes before the registry takes it: a name, a summary, one zod
 * object spec whose `kind` is the literal name and whose `{ kind }` alone parses to a complete
 * spec with the shared training fields, the functions every kind has, well-formed options, and
 * a well-formed live facet and experiment generator when it has them.
 * A user's kind that misses one is refused with every problem named, before anything uses it.
 */
import type { z } from 'zod';
import { NeocortexError } from '../errors.ts';
import type { AnyModelKind } from './kind.ts';

/** How a kind's name is written: a letter, then letters, digits and `-`. */
const kindName = /^[a-z][a-z0-9-]*$/i;

/** How an option's flag is written: `--name`, then `<value>` unless it is a switch. */
const flagPattern = /^--[a-z][a-z0-9-]*( <[a-z][\w-]*>)?$/;

/** The problems of a kind's definition, one a line (empty when it is well formed). */
export function kindProblems(definition: unknown): string[] {
  if (definition === null || typeof definition !== 'object') {
    return [
      `expected an object (a model kind), got ${definition === null ? 'null' : typeof definition}`,
    ];
  }
  const kind = definition as Partial<Record<keyof AnyModelKind, unknown>>;
  const problems: string[] = [];
  const name = kind.name;
  if (typeof name !== 'string' || !kindName.test(name)) {
    problems.push(
      `name: expected a name of letters, digits and - (starting with a letter), got ${JSON.stringify(name)}`,
    );
  }
  if (typeof kind.summary !== 'string' || kind.summary.trim() === '') {
    problems.push('summary: expected a line saying what the kind is');
  }
  problems.push(...specProblems(kind.spec, typeof name === 'string' ? name : undefined));
  for (const method of ['estimateBytes', 'build', 'evaluate'] as const) {
    if (typeof kind[method] !== 'function') problems.push(`${method}: expected a function`);
  }
  for (const method of ['checkData', 'defaultBatchSize', 'checkpoint'] as const) {
    if (kind[method] !== undefined && typeof kind[method] !== 'function') {
      problems.push(`${method}: expected a function or nothing`);
    }
  }
  const training = kind.training as { train?: unknown; lossName?: unknown } | undefined;
  if (training === null || typeof training !== 'object' || typeof training.train !== 'function') {
    problems.push('training.train: expected a function (the kind trains through it)');
  } else if (typeof training.lossName !== 'string') {
    problems.push('training.lossName: expected the name of the loss its progress shows');
  }
  const pictures = kind.pictures as Record<string, unknown> | undefined;
  if (
    pictures !== undefined &&
    (typeof pictures?.['samples'] !== 'function' ||
      typeof pictures['reconstructions'] !== 'function')
  ) {
    problems.push('pictures: expected samples and reconstructions functions, or nothing');
  }
  problems.push(...optionProblems(kind.options));
  problems.push(...liveProblems(kind.live, typeof name === 'string' ? name : undefined));
  problems.push(...generatorProblems(kind.generator, typeof name === 'string' ? name : undefined));
  return problems;
}

/** What the checks read of a zod schema: its definition's type, literal values, inner type. */
interface ZodLike {
  _zod?: { def?: { type?: string; values?: unknown[]; innerType?: ZodLike } };
}

/**
 * `schema` (at `path` of the kind) must be a zod object with `kind: z.literal(name)`. Checked by
 * shape, not by class, so a plugin's own copy of zod passes too.
 */
function kindSchemaProblems(schema: unknown, name: string | undefined, path: string): string[] {
  const object = schema as { safeParse?: unknown; shape?: Record<string, unknown> } | undefined;
  if (typeof object?.safeParse !== 'function' || typeof object.shape !== 'object') {
    return [`${path}: expected a zod object schema (z.object({ kind: z.literal(name), ... }))`];
  }
  let literal = (object.shape['kind'] as ZodLike | undefined)?._zod?.def;
  // A slot's default kind gives its literal a default (`z.literal('pcvae').default('pcvae')`).
  if (literal?.type === 'default') literal = literal.innerType?._zod?.def;
  if (literal?.type !== 'literal' || (name !== undefined && !literal.values?.includes(name))) {
    return [`${path}.kind: expected z.literal(${JSON.stringify(name)}), the kind's own name`];
  }
  return [];
}

/** Where `{ kind: name }` alone fails to parse with `schema` (a zod object), or nothing. */
function defaultProblems(schema: z.ZodType, name: string | undefined, path: string): string[] {
  const parsed = schema.safeParse({ kind: name });
  if (parsed.success) return [];
  return [
    `${path}: { kind: ${JSON.stringify(name)} } alone must parse (give every field a default); ` +
      `it fails at ${parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ')}`,
  ];
}

/**
 * The spec must be a zod object with `kind: z.literal(name)` and a complete default with the
 * shared training fields.
 */
function specProblems(spec: unknown, name: string | undefined): string[] {
  const shape = kindSchemaProblems(spec, name, 'spec');
  if (shape.length > 0) return shape;
  const schema = spec as z.ZodType;
  const defaults = defaultProblems(schema, name, 'spec');
  if (defaults.length > 0) return defaults;
  const value = schema.parse({ kind: name }) as Record<string, unknown>;
  const missing = ['dataset', 'epochs', 'seed'].filter(
    (field) => typeof value[field] !== (field === 'dataset' ? 'string' : 'number'),
  );
  return missing.length === 0
    ? []
    : [
        `spec: lacks the shared training fields ${missing.join(', ')} (spread trainingFields into it)`,
      ];
}

/**
 * A live facet (models/live.ts), when the kind has one: the name a session spec gives it, a
 * slot, a zod spec of that name whose `{ kind }` alone parses (a session's slot may give no
 * more), and its two functions.
 */
function liveProblems(live: unknown, name: string | undefined): string[] {
  if (live === undefined) return [];
  if (live === null || typeof live !== 'object') {
    return ['live: expected a live facet (kind, slot, spec, estimateBytes, build), or nothing'];
  }
  const facet = live as Record<string, unknown>;
  const problems: string[] = [];
  const liveName = facet['kind'];
  if (typeof liveName !== 'string' || !kindName.test(liveName)) {
    problems.push(
      `live.kind: expected the name a session spec gives it (usually ${JSON.stringify(name)}), got ${JSON.stringify(liveName)}`,
    );
  }
  if (facet['slot'] !== 'generative' && facet['slot'] !== 'classifier') {
    problems.push(
      `live.slot: expected "generative" or "classifier", got ${JSON.stringify(facet['slot'])}`,
    );
  }
  const own = typeof liveName === 'string' ? liveName : name;
  const spec = kindSchemaProblems(facet['spec'], own, 'live.spec');
  problems.push(
    ...(spec.length > 0 ? spec : defaultProblems(facet['spec'] as z.ZodType, own, 'live.spec')),
  );
  for (const method of ['estimateBytes', 'build']) {
    if (typeof facet[method] !== 'function') problems.push(`live.${method}: expected a function`);
  }
  return problems;
}

/** An experiment's generator, when the kind has one: an entry schema of the kind, its functions. */
function generatorProblems(generator: unknown, name: string | undefined): string[] {
  if (generator === undefined) return [];
  if (generator === null || typeof generator !== 'object') {
    return ['generator: expected a generator (entry, train, describe), or nothing'];
  }
  const g = generator as Record<string, unknown>;
  const problems = kindSchemaProblems(g['entry'], name, 'generator.entry');
  for (const method of ['train', 'describe']) {
    if (typeof g[method] !== 'function') problems.push(`generator.${method}: expected a function`);
  }
  return problems;
}

function optionProblems(options: unknown): string[] {
  if (options === undefined) return [];
  if (!Array.isArray(options)) return ['options: expected a list of options, or nothing'];
  return options.flatMap((option: unknown, i) => {
    const o = (option ?? {}) as Record<string, unknown>;
    const problems: string[] = [];
    if (typeof o['flag'] !== 'string' || !flagPattern.test(o['flag'])) {
      problems.push(
        `options[${i}].flag: expected "--name <value>" or "--name", got ${JSON.stringify(o['flag'])}`,
      );
    }
    if (typeof o['description'] !== 'string') {
      problems.push(`options[${i}].description: expected a line for the help`);
    }
    if ((typeof o['apply'] === 'function') === (typeof o['refusal'] === 'string')) {
      problems.push(`options[${i}]: expected either apply (a function) or refusal (a message)`);
    }
    return problems;
  });
}

/** Throw (`OPTION_INVALID`) naming every problem of a malformed kind, and where it came from. */
export function assertWellFormedKind(
  definition: unknown,
  from: string,
): asserts definition is AnyModelKind {
  const problems = kindProblems(definition);
  if (problems.length === 0) return;
  throw new NeocortexError(
    'OPTION_INVALID',
    `${from}: not a model kind:\n${problems.map((p) => `  ${p}`).join('\n')}`,
  );
}
