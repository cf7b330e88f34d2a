/**
 * `neocortex serve --model pcn|pcgen` with `--learning`, `--inference-steps` and
 * `--inference-rate` (as in `train`): which predictive-coding models the live session runs,
 * written into its session spec. `--model` may be repeated or a comma list
 * (`--model pcn,pcgen`). A `pcn` replaces the feedforward classifier; a `pcgen` replaces the
 * predictive-coding VAE (it has no encoder and learns locally only).
 */
import { NeocortexError } from '../errors.ts';

/** The model names `serve --model` takes. */
export const SERVE_MODELS = ['pcn', 'pcgen'] as const;
/** A model `serve --model` can run. */
export type ServeModel = (typeof SERVE_MODELS)[number];

/** The predictive-coding options of `serve`, as commander hands them over (strings). */
export interface ServeModelOptions {
  model?: string[] | string;
  learning?: string;
  inferenceSteps?: string;
  inferenceRate?: string;
}

/** `--model` values, each possibly a comma list, as model names; an unknown one is refused. */
export function parseServeModels(raw: ServeModelOptions['model']): ServeModel[] {
  if (raw === undefined) return [];
  const names = (Array.isArray(raw) ? raw : [raw])
    .flatMap((value) => value.split(','))
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  for (const name of names) {
    if (!(SERVE_MODELS as readonly string[]).includes(name)) {
      throw new NeocortexError(
        'OPTION_INVALID',
        `--model: unknown model "${name}"; serve runs ${SERVE_MODELS.join(', ')}`,
      );
    }
  }
  return [...new Set(names)] as ServeModel[];
}

/**
 * The session spec `spec` with the models `--model` names and the predictive-coding options
 * applied: `pcn` makes the classifier a pcn, `pcgen` the generative model a pcgen (each
 * keeping the fields a spec file gave it). `--inference-steps` and `--inference-rate` set
 * both models' fields, `--learning` the pcn's (a pcgen learns locally only). These options
 * need such a model, from `--model` or from the spec file; without one they are refused (one
 * line). The values themselves are checked by the session schema afterwards.
 */
export function applyServeModels(
  spec: Record<string, unknown>,
  options: ServeModelOptions,
): Record<string, unknown> {
  const models = parseServeModels(options.model);
  const givenClassifier = objectField(spec, 'classifier');
  const givenGenerative = objectField(spec, 'generative');
  const pcn = models.includes('pcn') || givenClassifier?.['kind'] === 'pcn';
  const pcgen = models.includes('pcgen') || givenGenerative?.['kind'] === 'pcgen';
  const fields: Record<string, unknown> = {};
  if (options.inferenceSteps !== undefined) {
    fields['inferenceSteps'] = numberOption('--inference-steps', options.inferenceSteps);
  }
  if (options.inferenceRate !== undefined) {
    fields['inferenceRate'] = numberOption('--inference-rate', options.inferenceRate);
  }
  if (options.learning !== undefined && !pcn) {
    throw new NeocortexError(
      'OPTION_INVALID',
      pcgen
        ? "--learning sets a pcn's rule; a pcgen learns locally only (add --model pcn)"
        : "--learning sets a predictive-coding model's training; add --model pcn",
    );
  }
  if (!pcn && !pcgen) {
    const flag = Object.keys(fields).map(flagOf)[0];
    if (flag !== undefined) {
      throw new NeocortexError(
        'OPTION_INVALID',
        `${flag} sets a predictive-coding model's training; add --model pcn or --model pcgen`,
      );
    }
    return spec;
  }
  const out = { ...spec };
  if (pcn) {
    const base = givenClassifier?.['kind'] === 'pcn' ? givenClassifier : {};
    const learning = options.learning !== undefined ? { learning: options.learning } : {};
    out['classifier'] = { ...base, kind: 'pcn', ...fields, ...learning };
  }
  if (pcgen) {
    const base = givenGenerative?.['kind'] === 'pcgen' ? givenGenerative : {};
    out['generative'] = { ...base, kind: 'pcgen', ...fields };
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

function flagOf(field: string): string {
  return `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
