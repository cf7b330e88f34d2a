/**
 * One way to report a spec that fails validation, for every kind of spec
 * (hierarchy, model, session, experiment): each problem on its own line,
 * named by its JSON path and in the project's words (`areas[2].size: expected
 * a whole number from 1 to 100000, got 0`, `(root)` for the spec itself; see
 * specMessages.ts), thrown as a {@link SpecError} with code `SPEC_INVALID`
 * before anything runs.
 */
import { z } from 'zod';
import { NeocortexError } from '../errors.ts';
import { specIssueMessage } from './specMessages.ts';

/** A spec failed validation or a build-time check (code `SPEC_INVALID`). */
export class SpecError extends NeocortexError {
  /** The problems, one a line, each starting with its JSON path (when known). */
  readonly problems: readonly string[];

  /**
   * @param message - every problem, one per line, each naming its path
   * @param problems - the same problems as a list (default: the message's indented lines)
   */
  constructor(message: string, problems?: readonly string[]) {
    super('SPEC_INVALID', message);
    this.problems =
      problems ??
      message
        .split('\n')
        .filter((line) => line.startsWith('  '))
        .map((line) => line.trim());
  }
}

/** The JSON path of a value in a spec: `areas[2].size`, `["odd key"]`, `(root)` for the spec. */
export function specPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return z.core.toDotPath(path as PropertyKey[]);
}

/**
 * One line per problem: `path: message`. A field the spec does not have gets
 * its own line at its own path (`areas[0].latnet: unknown field (did you mean
 * "latent"?)`), with the note {@link specIssueMessage} wrote for it.
 */
export function formatSpecIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'unrecognized_keys') return [`${specPath(issue.path)}: ${issue.message}`];
    const notes = issue.message.split('\n');
    const ours = notes.length === issue.keys.length && notes.every((n) => n.startsWith('unknown'));
    return issue.keys.map(
      (key, i) =>
        `${specPath([...issue.path, key])}: ${ours ? notes[i] : 'unknown field (not part of this spec)'}`,
    );
  });
}

/**
 * The error for a failed validation: `invalid <what>:` then one indented line
 * per problem (`  areas[2].size: expected ...`).
 */
export function specErrorFrom(what: string, issues: readonly z.core.$ZodIssue[]): SpecError {
  const problems = formatSpecIssues(issues);
  return new SpecError(`invalid ${what}:\n${problems.map((p) => `  ${p}`).join('\n')}`, problems);
}

/**
 * `schema.safeParse(input)` with every issue's message in the project's words
 * ({@link specIssueMessage}); for callers that report the issues themselves.
 */
export function safeParseSpec<S extends z.ZodType>(
  schema: S,
  input: unknown,
): z.ZodSafeParseResult<z.output<S>> {
  return schema.safeParse(input, { error: specIssueMessage });
}

/**
 * Validate `input` against `schema`; return the parsed value, or throw a
 * {@link SpecError} listing every problem with its JSON path, in the project's words.
 * @param what - what the input is, for the first line (e.g. `model spec`)
 */
export function parseSpecWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.output<S> {
  const result = safeParseSpec(schema, input);
  if (!result.success) throw specErrorFrom(what, result.error.issues);
  return result.data;
}
