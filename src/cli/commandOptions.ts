/**
 * A command's own options (how it runs: `--out`, `--backend`, `--seeds`...) validated in the
 * project's words, each problem named by its flag and the value typed:
 * `--seeds 0: expected a whole number from 1 to 1000, got 0`.
 */
import type { z } from 'zod';
import { safeParseSpec } from '../cortex/specError.ts';
import { NeocortexError } from '../errors.ts';

/** A commander key as its flag: `firstSeed` -> `--first-seed`. */
export function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * One line a problem: the flag, the value typed (an element's, for a repeated option), then
 * what was expected.
 * @param issues - the issues of a parse by {@link safeParseSpec}
 * @param typed - the option values as the user typed them, keyed as commander keys them
 */
export function optionProblems(
  issues: readonly z.core.$ZodIssue[],
  typed: Record<string, unknown>,
): string[] {
  return issues.map((issue) => {
    const [key, index] = issue.path;
    if (key === undefined) return `(options): ${issue.message}`;
    const given = typed[String(key)];
    const value = typeof index === 'number' && Array.isArray(given) ? given[index] : given;
    const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
    return `${flagOf(String(key))}${text === '' ? '' : ` ${text}`}: ${issue.message}`;
  });
}

/**
 * Validate a command's options against `schema`; return them parsed, or throw a NeocortexError
 * (`OPTION_INVALID`) naming every bad option (`invalid <command> options:` then one indented
 * line each, see {@link optionProblems}).
 * @param input - what the schema reads (e.g. a size already turned into bytes)
 * @param command - the command, for the first line (`train`, `experiment`)
 * @param typed - the values as typed, shown in the lines (default: `input`)
 */
export function parseCommandOptions<S extends z.ZodType>(
  schema: S,
  input: Record<string, unknown>,
  command: string,
  typed: Record<string, unknown> = input,
): z.output<S> {
  const parsed = safeParseSpec(schema, input);
  if (parsed.success) return parsed.data;
  const problems = optionProblems(parsed.error.issues, typed);
  throw new NeocortexError(
    'OPTION_INVALID',
    `invalid ${command} options:\n  ${problems.join('\n  ')}`,
  );
}
