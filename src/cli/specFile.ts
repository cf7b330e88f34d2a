/**
 * Reading a spec file the user names with `--spec` (or a results.json with
 * `--from`): JSON, read whole before anything runs, and only if it is a
 * regular file under its size cap (src/io/fileCaps.ts). A missing file, a pipe,
 * a device, a file over the cap or broken JSON is refused (SPEC_INVALID) with
 * the file's name and, for JSON, the line and column where it broke.
 */
import { basename } from 'node:path';
import { fileCap } from '../io/fileCaps.ts';
import { readBoundedJson } from '../io/jsonFile.ts';

/**
 * The parsed JSON of a spec file, of a run's metrics.json (`train --spec`
 * takes one) or of an experiment's results.json, under the cap of its `kind`
 * (by default a file named metrics.json is a metrics file, any other a spec);
 * throws SPEC_INVALID naming the file when it cannot.
 */
export async function readSpecFile(
  path: string,
  kind?: 'spec' | 'metrics' | 'results',
): Promise<unknown> {
  const cap = kind ?? (basename(path) === 'metrics.json' ? 'metrics' : 'spec');
  return readBoundedJson(path, fileCap(cap));
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
