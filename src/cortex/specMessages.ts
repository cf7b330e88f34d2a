/**
 * Every zod issue in the project's words (a zod error map): what the field
 * expects and what it got (`expected a whole number from 1 to 10000, got the
 * string "64"`), the allowed names of a choice with the nearest one to a typo
 * (`"relu6" is not one of linear, relu, tanh, sigmoid (did you mean "relu"?)`),
 * and, for an unknown field, the field it was probably meant to be. A message
 * the schema writes itself (a refinement's, a bound's own) is left as written.
 */
import type { z } from 'zod';
import { didYouMean } from './nearestName.ts';
import {
  alternatives,
  countWords,
  describeValue,
  expectedWords,
  lengthBounds,
  literal,
  numberWords,
  plural,
  quoted,
  schemaWords,
} from './specWords.ts';

/** A zod issue as an error map receives it, before its message is written. */
type RawIssue = z.core.$ZodRawIssue;

/** At most this many fields are listed after an unknown one that is near none of them. */
const listedFields = 12;

/** `, got ...`, or, when the field is absent, nothing: the message then starts `missing`. */
function expectedGot(expected: string, input: unknown): string {
  return input === undefined
    ? `missing: expected ${expected}`
    : `expected ${expected}, got ${describeValue(input)}`;
}

/** The schema an issue belongs to: the one that raised it, or the one owning the check that did. */
function owner(issue: RawIssue): unknown {
  return issue.schema ?? issue.inst;
}

/** A number out of range, a list or a string too long or too short. */
function sizeMessage(issue: Extract<RawIssue, { code: 'too_small' | 'too_big' }>): string {
  const schema = owner(issue) as Parameters<typeof numberWords>[0] | undefined;
  const input = issue.input;
  if (issue.origin === 'number' || issue.origin === 'int') {
    const words =
      schema?._zod?.def.type === 'number'
        ? numberWords(schema)
        : issue.code === 'too_small'
          ? `a number ${issue.inclusive ? 'of at least' : 'greater than'} ${issue.minimum}`
          : `a number ${issue.inclusive ? 'of at most' : 'less than'} ${issue.maximum}`;
    return expectedGot(words, input);
  }
  if (issue.origin === 'array' || issue.origin === 'string' || issue.origin === 'set') {
    const noun = issue.origin === 'string' ? 'character' : 'item';
    const bounds: [number | undefined, number | undefined] =
      schema?._zod?.def.type === issue.origin
        ? lengthBounds(schema)
        : issue.code === 'too_small'
          ? [Number(issue.minimum), undefined]
          : [undefined, Number(issue.maximum)];
    const what = issue.origin === 'string' ? '' : 'a list of ';
    const size = Array.isArray(input)
      ? input.length
      : typeof input === 'string'
        ? Array.from(input).length
        : input instanceof Set
          ? input.size
          : undefined;
    const got = size === undefined ? describeValue(input) : plural(size, noun);
    return `expected ${what}${countWords(bounds, noun)}, got ${got}`;
  }
  const bound =
    issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
  return expectedGot(`${issue.origin} ${bound}`, input);
}

/** A value not among the allowed ones (an enum or a literal). */
function valueMessage(values: readonly unknown[], input: unknown): string {
  if (values.length === 1) return expectedGot(literal(values[0]), input);
  const names = values.map(String).join(', ');
  if (typeof input === 'string') {
    const strings = values.filter((v): v is string => typeof v === 'string');
    return `${quoted(input)} is not one of ${names}${didYouMean(input, strings)}`;
  }
  return expectedGot(`one of ${names}`, input);
}

/** No option of a discriminated union has the value given at its discriminator. */
function discriminatorMessage(discriminator: string, options: readonly unknown[], input: unknown) {
  const value =
    input !== null && typeof input === 'object'
      ? (input as Record<string, unknown>)[discriminator]
      : undefined;
  const names = options.map(String).join(', ');
  const a = /^[aeiou]/i.test(discriminator) ? 'an' : 'a';
  if (value === undefined) return `missing: choose ${a} ${discriminator}, one of ${names}`;
  if (typeof value !== 'string') {
    return `expected ${a} ${discriminator}, one of ${names}, got ${describeValue(value)}`;
  }
  const strings = options.filter((v): v is string => typeof v === 'string');
  return `${quoted(value)} is not ${a} ${discriminator}${didYouMean(value, strings)}; choose one of ${names}`;
}

/**
 * A value no option of a union accepts. When exactly one option accepts its type and fails
 * only deeper in (a list with a bad element), that option's problems are the message;
 * otherwise the options are listed with what was given.
 */
function unionMessage(
  issue: Extract<RawIssue, { code: 'invalid_union' }>,
  options: readonly z.core.$ZodType[] | undefined,
): string {
  if (issue.inclusive === false) return 'matches more than one of the forms this field can take';
  const deep = issue.errors.filter(
    (branch) => branch.length > 0 && branch.every((inner) => inner.path.length > 0),
  );
  if (deep.length === 1) {
    return deep[0]!.map((inner) => `${z4Path(inner.path)}: ${inner.message}`).join('; ');
  }
  const expected =
    options === undefined
      ? 'one of the forms this field can take'
      : alternatives(options.map(schemaWords));
  return expectedGot(expected, issue.input);
}

/** A path inside a value, as the spec messages write paths (`[1]`, `size`, `[1].size`). */
function z4Path(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/**
 * One line per unknown key, in the order of `keys`: `unknown field (did you mean "latent"?)`
 * when a field of the object is near, else the object's fields (when there are few).
 */
function unknownFieldsMessage(keys: readonly string[], schema: unknown): string {
  const shape = (schema as { _zod?: { def: { shape?: Record<string, unknown> } } } | undefined)
    ?._zod?.def.shape;
  const fields = shape === undefined ? [] : Object.keys(shape).filter((k) => k !== '$schema');
  return keys
    .map((key) => {
      const near = didYouMean(key, fields);
      if (near !== '') return `unknown field${near}`;
      if (fields.length > 0 && fields.length <= listedFields) {
        return `unknown field (the fields here: ${fields.join(', ')})`;
      }
      return 'unknown field (not part of this spec)';
    })
    .join('\n');
}

/**
 * The project's error map: pass it as `schema.safeParse(input, { error: specIssueMessage })`
 * or as a schema's own `error`. Messages a schema writes itself take precedence over it (zod
 * asks a check's and a schema's own error first). For `unrecognized_keys` the message has one
 * line per key, in order; {@link formatSpecIssues} puts each at its own path.
 */
export const specIssueMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return expectedGot(expectedWords(issue.expected, owner(issue)), issue.input);
    case 'too_small':
    case 'too_big':
      return sizeMessage(issue);
    case 'invalid_value':
      return valueMessage(issue.values, issue.input);
    case 'invalid_union':
      if (typeof issue.discriminator === 'string' && Array.isArray(issue['options'])) {
        return discriminatorMessage(issue.discriminator, issue['options'], issue.input);
      }
      return unionMessage(
        issue,
        (issue.inst as { _zod?: { def: { options?: z.core.$ZodType[] } } } | undefined)?._zod?.def
          .options,
      );
    case 'unrecognized_keys':
      return unknownFieldsMessage(issue.keys, issue.inst);
    case 'invalid_format':
      return formatMessage(issue);
    case 'not_multiple_of':
      return expectedGot(`a multiple of ${issue.divisor}`, issue.input);
    case 'invalid_key':
      return `${describeValue(issue.input)} has a key that is not allowed: ${issue.issues.map((i) => i.message).join('; ')}`;
    case 'invalid_element':
      return `the element at ${String(issue.key)} is not allowed: ${issue.issues.map((i) => i.message).join('; ')}`;
    case 'custom':
      return `is not valid here (got ${describeValue(issue.input)})`;
    default:
      return undefined;
  }
};

/** A string that does not have the form asked for (a pattern, a prefix, an e-mail address). */
function formatMessage(issue: Extract<RawIssue, { code: 'invalid_format' }>): string {
  const raw = issue as Record<string, unknown>;
  const form =
    issue.format === 'regex'
      ? `a string matching ${String(raw['pattern'])}`
      : issue.format === 'starts_with'
        ? `a string starting with ${quoted(String(raw['prefix']))}`
        : issue.format === 'ends_with'
          ? `a string ending with ${quoted(String(raw['suffix']))}`
          : issue.format === 'includes'
            ? `a string containing ${quoted(String(raw['includes']))}`
            : `a string in ${issue.format} form`;
  return expectedGot(form, issue.input);
}
