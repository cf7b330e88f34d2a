/**
 * Small builders of the command-line options a kind adds (see {@link KindOption}): a number,
 * a word or a switch put into one field of the raw spec, or a list of sizes (`20` or `20,10`).
 * Typed text that is no number stays text, so the kind's schema names it with the flag.
 */
import { NeocortexError } from '../errors.ts';
import type { KindOption } from './kind.ts';

/** A number typed on the command line; text that is no number stays text, so the schema names it. */
export function typedNumber(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const number = Number(value);
  return value.trim() === '' || Number.isNaN(number) ? value : number;
}

/** "20" or "20,10" -> [20, 10] (NaN where a part is not a number: the schema refuses it). */
export function sizeList(raw: unknown): number[] {
  if (Array.isArray(raw)) return raw.map(Number);
  return String(raw)
    .split(',')
    .map((part) => (part.trim() === '' ? NaN : Number(part.trim())));
}

/** An option that puts a number into `field`. */
export function numberOption(flag: string, field: string, description: string): KindOption {
  return {
    flag,
    description,
    apply(spec, value) {
      spec[field] = typedNumber(value);
      return [field];
    },
  };
}

/** An option that puts the word typed (or, for a switch, true) into `field`. */
export function valueOption(flag: string, field: string, description: string): KindOption {
  return {
    flag,
    description,
    apply(spec, value) {
      spec[field] = value;
      return [field];
    },
  };
}

/** An option that puts a list of sizes (`20` or `20,10`) into `field`. */
export function sizesOption(flag: string, field: string, description: string): KindOption {
  return {
    flag,
    description,
    apply(spec, value) {
      spec[field] = sizeList(value);
      return [field];
    },
  };
}

/** The `optimizer` object of a raw spec, copied so it can be changed. */
function optimizerOf(spec: Record<string, unknown>): Record<string, unknown> {
  const current = spec['optimizer'];
  return current !== null && typeof current === 'object' && !Array.isArray(current)
    ? { ...(current as Record<string, unknown>) }
    : {};
}

/**
 * `--optimizer` and `--lr` of a kind whose learning rate lives in its `optimizer` field
 * (`{ name, learningRate }`, e.g. the predictive-coding networks).
 */
export function optimizerOptions(): KindOption[] {
  return [
    {
      flag: '--optimizer <name>',
      description: 'adam (default) or sgd, at --lr',
      apply(spec, value) {
        spec['optimizer'] = { ...optimizerOf(spec), name: value };
        return ['optimizer.name'];
      },
    },
    {
      flag: '--lr <rate>',
      description: 'learning rate of its --optimizer',
      apply(spec, value) {
        spec['optimizer'] = { ...optimizerOf(spec), learningRate: typedNumber(value) };
        return ['optimizer.learningRate'];
      },
    },
  ];
}

/** `--latent` or `--hidden` of a kind with one latent area: one size, into `field`. */
export function oneSizeOption(
  flag: string,
  field: string,
  description: string,
  refusal: string,
): KindOption {
  return {
    flag,
    description,
    apply(spec, value) {
      const sizes = sizeList(value);
      if (sizes.length > 1) throw new NeocortexError('OPTION_INVALID', refusal);
      spec[field] = sizes[0];
      return [field];
    },
  };
}
