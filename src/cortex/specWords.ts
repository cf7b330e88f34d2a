/**
 * The words the spec messages are made of: what a value a user wrote is (`the
 * string "64"`, `a list of 3 items`) and what a field expects (`a whole number
 * from 1 to 10000`, `true or false`), read from the zod schema itself so a
 * message can never disagree with the bounds it checks.
 */
import type { z } from 'zod';

/** A zod schema or check, seen through the parts of its definition the messages read. */
interface Described {
  _zod: { def: Definition };
}

/** The fields of a zod definition (schema or check) the messages read. */
interface Definition {
  type?: string;
  check?: string;
  format?: string;
  value?: unknown;
  inclusive?: boolean;
  minimum?: number;
  maximum?: number;
  length?: number;
  values?: readonly unknown[];
  entries?: Record<string, unknown>;
  checks?: readonly Described[];
  innerType?: Described;
  in?: Described;
  element?: Described;
  options?: readonly Described[];
}

/** Longest string quoted whole in a message; a longer one is cut with an ellipsis. */
const quotedLength = 40;

/** A string as the messages quote it: in double quotes, cut after 40 characters. */
export function quoted(text: string): string {
  const chars = Array.from(text);
  const shown = chars.length > quotedLength ? `${chars.slice(0, quotedLength).join('')}…` : text;
  return JSON.stringify(shown);
}

/** `n item(s)` in words: `1 item`, `3 items`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * What a value a user wrote is, for "got ...": `the string "64"`, `0`, `true`, `null`,
 * `a list of 3 items`, `an object`, `nothing` (the field is missing).
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    return value === '' ? 'an empty string' : `the string ${quoted(value)}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (Array.isArray(value)) {
    return value.length === 0 ? 'an empty list' : `a list of ${plural(value.length, 'item')}`;
  }
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** A literal as the messages write it: strings quoted, the rest as JSON writes it. */
export function literal(value: unknown): string {
  return typeof value === 'string' ? quoted(value) : String(value);
}

/** A schema's own definition and its checks' definitions, the schema's first. */
function definitions(schema: Described): Definition[] {
  const def = schema._zod.def;
  return [def, ...(def.checks ?? []).map((check) => check._zod.def)];
}

/** The number formats that take whole numbers only. */
const wholeFormats = new Set(['safeint', 'int32', 'uint32', 'int64', 'uint64']);

/**
 * What a number schema accepts: `a whole number from 1 to 10000`, `a number greater than 0
 * and at most 10`, `a whole number of at least 1`, `a number`. Bounds come from its checks;
 * a whole number's open bounds are written closed (`> 0` is `at least 1`).
 */
export function numberWords(schema: Described): string {
  let whole = false;
  let low: { value: number; inclusive: boolean } | undefined;
  let high: { value: number; inclusive: boolean } | undefined;
  for (const def of definitions(schema)) {
    if (def.check === 'number_format' && wholeFormats.has(def.format ?? '')) whole = true;
    const value = def.value;
    if (typeof value !== 'number') continue;
    const inclusive = def.inclusive === true;
    if (def.check === 'greater_than') {
      if (low === undefined || value > low.value || (value === low.value && !inclusive)) {
        low = { value, inclusive };
      }
    } else if (def.check === 'less_than') {
      if (high === undefined || value < high.value || (value === high.value && !inclusive)) {
        high = { value, inclusive };
      }
    }
  }
  if (whole) {
    const from = low && (low.inclusive ? Math.ceil(low.value) : Math.floor(low.value) + 1);
    const to = high && (high.inclusive ? Math.floor(high.value) : Math.ceil(high.value) - 1);
    if (from !== undefined && to !== undefined) return `a whole number from ${from} to ${to}`;
    if (from !== undefined) return `a whole number of at least ${from}`;
    if (to !== undefined) return `a whole number of at most ${to}`;
    return 'a whole number';
  }
  if (low?.inclusive && high?.inclusive) return `a number from ${low.value} to ${high.value}`;
  const bounds = [
    low && `${low.inclusive ? 'at least' : 'greater than'} ${low.value}`,
    high && `${high.inclusive ? 'at most' : 'less than'} ${high.value}`,
  ].filter((words) => words !== undefined);
  if (bounds.length === 0) return 'a number';
  return `a number ${bounds[0]!.startsWith('at') ? 'of ' : ''}${bounds.join(' and ')}`;
}

/** The bounds of a list's or a string's length: `[min, max]`, either missing when open. */
export function lengthBounds(schema: Described): [number | undefined, number | undefined] {
  let min: number | undefined;
  let max: number | undefined;
  for (const def of definitions(schema)) {
    if (def.check === 'min_length' && def.minimum !== undefined) min = def.minimum;
    if (def.check === 'max_length' && def.maximum !== undefined) max = def.maximum;
    if (def.check === 'length_equals' && def.length !== undefined) min = max = def.length;
  }
  return [min, max];
}

/** A count of things within bounds: `at least 2 items`, `1 to 16 items`, `exactly 3 items`. */
export function countWords(
  [min, max]: [number | undefined, number | undefined],
  noun: string,
): string {
  if (min !== undefined && min === max) return `exactly ${plural(min, noun)}`;
  if (min !== undefined && max !== undefined) return `${min} to ${max} ${noun}s`;
  if (min !== undefined) return `at least ${plural(min, noun)}`;
  if (max !== undefined) return `at most ${plural(max, noun)}`;
  return `any number of ${noun}s`;
}

/** What a schema accepts, in words: `a string`, `true or false`, `one of adam, sgd`. */
export function schemaWords(schema: z.core.$ZodType | Described): string {
  const described = schema as Described;
  const def = described._zod.def;
  switch (def.type) {
    case 'number':
      return numberWords(described);
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'null';
    case 'array':
      return 'a list';
    case 'object':
    case 'record':
      return 'an object';
    case 'literal':
      return (def.values ?? []).map(literal).join(' or ');
    case 'enum':
      return `one of ${Object.values(def.entries ?? {}).join(', ')}`;
    case 'union':
      return alternatives((def.options ?? []).map(schemaWords));
    case 'pipe':
      return def.in === undefined ? 'a value' : schemaWords(def.in);
    default:
      return def.innerType === undefined ? `a ${def.type ?? 'value'}` : schemaWords(def.innerType);
  }
}

/** Words joined as choices: `a`, `a or b`, `a, b or c`. */
export function alternatives(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)!}`;
}

/** What zod's `expected` type names mean, for a schema that cannot be read. */
const typeWords: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  tuple: 'a list',
  object: 'an object',
  record: 'an object',
  null: 'null',
  nan: 'NaN',
};

/** What an `invalid_type` issue expected: from its schema when it has one, else its type name. */
export function expectedWords(expected: string, schema: unknown): string {
  const described = schema as Partial<Described> | undefined;
  const type = described?._zod?.def.type;
  if (type !== undefined && (type === 'number' || expected === type)) {
    return schemaWords(described as Described);
  }
  return typeWords[expected] ?? `a ${expected}`;
}
