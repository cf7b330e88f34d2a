/**
 * `neocortex serve --model NAME` with `--learning`, `--inference-steps` and `--inference-rate`
 * (as in `train`): which kinds the live session runs, written into its session spec. `--model`
 * may be repeated or a comma list (`--model pcn,pcgen`); each name is a kind with a live
 * facet, and goes into the slot that facet fills (a session holds one generative model and
 * one classifier). The other options set the field of that name of every chosen kind whose
 * live spec has one; an option no chosen kind takes is refused, naming the kinds that do.
 */
import { NeocortexError } from '../errors.ts';
import type { AnyLiveFacet, LiveSlot } from '../models/live.ts';
import { slotFacets } from '../sim/session/liveSlots.ts';

/** Every kind `serve --model` can run now (a registered one with a live facet), generative first. */
function liveFacets(): AnyLiveFacet[] {
  return [...slotFacets('generative'), ...slotFacets('classifier')];
}

/** The model names `serve --model` takes now. */
export function serveModels(): string[] {
  return liveFacets().map((f) => f.kind);
}

/** The options of `serve` that set a field of the chosen models' specs, by field. */
export const fieldFlags = {
  learning: '--learning',
  inferenceSteps: '--inference-steps',
  inferenceRate: '--inference-rate',
} as const;
type ModelField = keyof typeof fieldFlags;

/** The predictive-coding options of `serve`, as commander hands them over (strings). */
export interface ServeModelOptions {
  model?: string[] | string;
  learning?: string;
  inferenceSteps?: string;
  inferenceRate?: string;
}

/** `--model` values, each possibly a comma list, as model names; an unknown one is refused. */
export function parseServeModels(raw: ServeModelOptions['model']): string[] {
  if (raw === undefined) return [];
  const names = (Array.isArray(raw) ? raw : [raw])
    .flatMap((value) => value.split(','))
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  const known = serveModels();
  for (const name of names) {
    if (!known.includes(name)) {
      throw new NeocortexError(
        'OPTION_INVALID',
        `--model: unknown model "${name}"; serve runs ${known.join(', ')}`,
      );
    }
  }
  return [...new Set(names)];
}

function facetOf(kind: string): AnyLiveFacet {
  return liveFacets().find((f) => f.kind === kind)!;
}

/** The field `field` of `kind`'s live spec (its schema), if it has one. */
export function liveField(kind: string, field: string): { description?: string } | undefined {
  const shape = (facetOf(kind).spec as unknown as { shape?: Record<string, unknown> }).shape;
  return shape?.[field] as { description?: string } | undefined;
}

/** Whether `kind`'s live spec has the field `field`. */
function takes(kind: string, field: ModelField): boolean {
  return liveField(kind, field) !== undefined;
}

/**
 * The session spec `spec` with the models `--model` names put in their slots (each keeping
 * the fields a spec file gave a model of the same kind there) and the options applied to
 * every chosen model that takes them. An option no chosen model takes is refused (one line,
 * naming the kinds that take it). The values themselves are checked by the session schema
 * afterwards.
 */
export function applyServeModels(
  spec: Record<string, unknown>,
  options: ServeModelOptions,
): Record<string, unknown> {
  const chosen = new Map<LiveSlot, string>();
  for (const name of parseServeModels(options.model)) {
    const slot = facetOf(name).slot;
    const other = chosen.get(slot);
    if (other !== undefined) {
      throw new NeocortexError(
        'OPTION_INVALID',
        `--model: ${other} and ${name} are both ${slot} models; a session runs one ${slot} model`,
      );
    }
    chosen.set(slot, name);
  }
  const fields: Partial<Record<ModelField, unknown>> = {};
  if (options.learning !== undefined) fields.learning = options.learning;
  if (options.inferenceSteps !== undefined) {
    fields.inferenceSteps = numberOption(fieldFlags.inferenceSteps, options.inferenceSteps);
  }
  if (options.inferenceRate !== undefined) {
    fields.inferenceRate = numberOption(fieldFlags.inferenceRate, options.inferenceRate);
  }
  const out = { ...spec };
  const kinds: string[] = [];
  for (const slot of ['generative', 'classifier'] as const) {
    const given = objectField(spec, slot);
    const kind =
      chosen.get(slot) ?? (typeof given?.['kind'] === 'string' ? given['kind'] : undefined);
    if (kind === undefined || !serveModels().includes(kind)) continue;
    kinds.push(kind);
    const base = given?.['kind'] === kind ? given : {};
    const set = Object.fromEntries(
      Object.entries(fields).filter(([field]) => takes(kind, field as ModelField)),
    );
    if (chosen.has(slot) || Object.keys(set).length > 0) out[slot] = { ...base, kind, ...set };
  }
  for (const field of Object.keys(fields) as ModelField[]) {
    if (kinds.some((kind) => takes(kind, field))) continue;
    const takers = serveModels().filter((kind) => takes(kind, field));
    const running =
      kinds.length > 0
        ? `${kinds.join(' and ')} take${kinds.length > 1 ? '' : 's'} no ${field}`
        : 'no model that takes it is running';
    throw new NeocortexError(
      'OPTION_INVALID',
      `${fieldFlags[field]}: ${running}; add ${takers.map((k) => `--model ${k}`).join(' or ')}`,
    );
  }
  return out;
}

function objectField(
  spec: Record<string, unknown>,
  key: string,
): Record<string, unknown> | undefined {
  const c = spec[key];
  return c !== null && typeof c === 'object' && !Array.isArray(c)
    ? (c as Record<string, unknown>)
    : undefined;
}

function numberOption(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) {
    throw new NeocortexError('OPTION_INVALID', `${flag} must be a number, got "${value}"`);
  }
  return n;
}
