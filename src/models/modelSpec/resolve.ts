/**
 * Turning a user's model spec into the spec a run uses: validated, every
 * default filled in (including the batch size that depends on the model), and
 * mapped onto the networks' own specs (a pcvae's areas onto PcVaeSpec).
 */
import { parseSpecWith } from '../../cortex/specError.ts';
import { pcvaeAreaNames, PcVaeSpec } from '../pcvae/spec.ts';
import { ModelSpec, type ModelKind, type ModelSpecInput, type PcVaeModelSpec } from './schema.ts';

/** Images per batch when a spec gives none: the MLP classifier learns best from 32. */
export function defaultBatchSize(spec: { kind: string; classifier?: string }): number {
  return spec.kind === 'classifier' && spec.classifier !== 'conv' ? 32 : 128;
}

/** A resolved model spec: validated, with its batch size chosen. */
export type ResolvedModelSpec = ModelSpec & { batchSize: number };

/**
 * Validate a model spec and fill in every default; throws a SpecError listing
 * every problem with its JSON path. A `$schema` reference is dropped.
 */
export function parseModelSpec(input: unknown): ResolvedModelSpec {
  const spec = parseSpecWith(ModelSpec, input, 'model spec');
  delete spec.$schema;
  return { ...spec, batchSize: spec.batchSize ?? defaultBatchSize(spec) };
}

/** The complete default spec of a kind (what `neocortex spec model <kind>` prints). */
export function defaultModelSpec(kind: ModelKind): ResolvedModelSpec {
  return parseModelSpec({ kind } satisfies ModelSpecInput);
}

/**
 * The PcVaeSpec a pcvae model spec describes (Bernoulli sensory area, the
 * data's size). Default names (`sensory`, `z1`, ...) are left implicit, so a
 * run with them matches checkpoints made before areas had names.
 */
export function pcvaeSpecOf(spec: Pick<PcVaeModelSpec, 'areas'>): PcVaeSpec {
  const [sensory, ...latents] = spec.areas;
  const names = spec.areas.map((area) => area.name);
  const parsed = PcVaeSpec.parse({
    inputSize: sensory.size,
    likelihood: 'bernoulli',
    latentSizes: latents.map((area) => area.size),
    hiddenSizes: latents.map((area) => area.hidden),
  });
  const defaults = pcvaeAreaNames(parsed);
  if (names.every((name, i) => name === defaults[i])) return parsed;
  return PcVaeSpec.parse({ ...parsed, areaNames: names });
}
