/**
 * Turning a user's model spec into the spec a run uses, through the registry: `kind` names the
 * registered kind whose one schema validates the rest (so a user's own kind parses like a
 * built-in one), every default is filled in, including the batch size the kind chooses.
 */
import { formatSpecIssues, safeParseSpec, SpecError } from '../../cortex/specError.ts';
import type { AnyModelKind, ModelKindDefinition, ModelSpecBase } from '../kind.ts';
import { findModelKind, modelKind, unknownKindMessage } from '../kinds.ts';

/** A resolved model spec: validated by its kind's schema, with its batch size chosen. */
export type ResolvedModelSpec = ModelSpecBase & { batchSize: number } & Record<string, unknown>;

/** A spec of a known kind, resolved: its schema's output with the batch size chosen. */
export type Resolved<S extends ModelSpecBase> = S & { batchSize: number };

/** Images per batch when a spec gives none: the kind's choice, else 128. */
export function defaultBatchSize(spec: ModelSpecBase): number {
  return findModelKind(spec.kind)?.defaultBatchSize?.(spec) ?? 128;
}

/** The spec's registered kind, or a SpecError naming `kind` (what it got, the kinds there are). */
export function kindOfSpec(input: unknown, what = 'model spec'): AnyModelKind {
  const fail = (problem: string): never => {
    throw new SpecError(`invalid ${what}:\n  ${problem}`, [problem]);
  };
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return fail('(root): expected an object with a "kind"');
  }
  const name = (input as { kind?: unknown }).kind;
  if (name === undefined)
    return fail(`kind: missing; ${unknownKindMessage(name).replace(/^.*; /, '')}`);
  const kind = typeof name === 'string' ? findModelKind(name) : undefined;
  return kind ?? fail(`kind: ${unknownKindMessage(name)}`);
}

/**
 * Validate a model spec with its kind's schema and fill in every default; throws a SpecError
 * listing every problem with its JSON path. A `$schema` reference is dropped.
 */
export function parseModelSpec(input: unknown): ResolvedModelSpec {
  return parseModelSpecOf(kindOfSpec(input), input) as ResolvedModelSpec;
}

/** {@link parseModelSpec} with the kind known: its spec, typed. */
export function parseModelSpecOf<S extends ModelSpecBase>(
  kind: ModelKindDefinition<S, never> | AnyModelKind,
  input: unknown,
): Resolved<S> {
  const parsed = safeParseSpec(kind.spec, input);
  if (!parsed.success) {
    const problems = formatSpecIssues(parsed.error.issues);
    throw new SpecError(
      `invalid model spec:\n${problems.map((p) => `  ${p}`).join('\n')}`,
      problems,
    );
  }
  return resolveModelSpec(kind as ModelKindDefinition<S, never>, parsed.data as S);
}

/** A validated spec of `kind` with its batch size chosen and no `$schema`. */
export function resolveModelSpec<S extends ModelSpecBase>(
  kind: ModelKindDefinition<S, never>,
  spec: S,
): Resolved<S> {
  const { $schema, ...rest } = spec as S & { $schema?: unknown };
  void $schema;
  const resolved = rest as S;
  return { ...resolved, batchSize: resolved.batchSize ?? kind.defaultBatchSize?.(resolved) ?? 128 };
}

/** The complete default spec of a kind (what `neocortex spec model <kind>` prints). */
export function defaultModelSpec(name: string): ResolvedModelSpec {
  return parseModelSpecOf(modelKind(name), { kind: name }) as ResolvedModelSpec;
}
