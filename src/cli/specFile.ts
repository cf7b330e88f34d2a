/**
 * Reading a spec file the user names with `--spec` (or `--from`): JSON, read
 * whole before anything runs. A missing file or broken JSON is refused with the
 * file's name and, for JSON, where it broke.
 */
import { readFile } from 'node:fs/promises';
import { NeocortexError } from '../errors.ts';

/** The parsed JSON of a spec file; throws SPEC_INVALID naming the file when it cannot. */
export async function readSpecFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw new NeocortexError('SPEC_INVALID', `cannot read spec ${path}: ${reason}`, {
      cause: error,
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new NeocortexError(
      'SPEC_INVALID',
      `spec ${path} is not valid JSON: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** Commander's option values the user gave (typed or from the environment), not defaults. */
export function givenOptions(
  values: Record<string, unknown>,
  sourceOf: (key: string) => string | undefined,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).filter(([key, value]) => {
      const source = sourceOf(key);
      return value !== undefined && (source === 'cli' || source === 'env');
    }),
  );
}
