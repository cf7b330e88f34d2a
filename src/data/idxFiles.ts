/**
 * Finding the four files of an MNIST-style IDX data set in a folder. Accepted
 * names: the classic `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
 * `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`, the variants with a dot
 * (`train-images.idx3-ubyte`), `test-` for `t10k-`, an optional `.gz`, and an
 * optional prefix such as EMNIST's `emnist-letters-train-images-idx3-ubyte`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from './types.ts';

/** The four IDX files of a data set found in one folder (paths). */
export interface IdxFiles {
  /** The shared prefix without its trailing '-', or '' for the classic names. */
  prefix: string;
  trainImages: string;
  trainLabels: string;
  testImages: string;
  testLabels: string;
}

type Role = 'trainImages' | 'trainLabels' | 'testImages' | 'testLabels';

const ROLES: { role: Role; pattern: RegExp; classic: string }[] = [
  {
    role: 'trainImages',
    pattern: /^(?:(.+)-)?train-images[.-]idx3-ubyte(\.gz)?$/,
    classic: 'train-images-idx3-ubyte',
  },
  {
    role: 'trainLabels',
    pattern: /^(?:(.+)-)?train-labels[.-]idx1-ubyte(\.gz)?$/,
    classic: 'train-labels-idx1-ubyte',
  },
  {
    role: 'testImages',
    pattern: /^(?:(.+)-)?(?:t10k|test)-images[.-]idx3-ubyte(\.gz)?$/,
    classic: 't10k-images-idx3-ubyte',
  },
  {
    role: 'testLabels',
    pattern: /^(?:(.+)-)?(?:t10k|test)-labels[.-]idx1-ubyte(\.gz)?$/,
    classic: 't10k-labels-idx1-ubyte',
  },
];

/** The names looked for, for error messages. */
export const IDX_FILE_NAMES = ROLES.map(({ classic }) => `${classic}[.gz]`);

type Group = Partial<Record<Role, { name: string; gzip: boolean }>>;

function groupFiles(names: string[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const name of [...names].sort()) {
    for (const { role, pattern } of ROLES) {
      const match = pattern.exec(name);
      if (!match) continue;
      const prefix = match[1] ?? '';
      const group = groups.get(prefix) ?? {};
      const gzip = match[2] !== undefined;
      const existing = group[role];
      // Prefer an uncompressed file over a gzipped one: it loads faster.
      if (!existing || (existing.gzip && !gzip)) group[role] = { name, gzip };
      groups.set(prefix, group);
    }
  }
  return groups;
}

function isComplete(group: Group): boolean {
  return ROLES.every(({ role }) => group[role] !== undefined);
}

function listNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataError(
      dir,
      code === 'ENOENT' ? 'folder not found' : `cannot list folder (${code})`,
    );
  }
}

function missingError(dir: string, prefix: string, group: Group): DataError {
  const missing = ROLES.filter(({ role }) => group[role] === undefined);
  const lead = prefix === '' ? '' : `${prefix}-`;
  const wanted = missing.map(({ classic }) => `${lead}${classic}[.gz]`).join(', ');
  return new DataError(
    join(dir, `${lead}${missing[0]?.classic ?? ''}`),
    `IDX file not found. Looked in ${dir} for ${wanted}` +
      ` (also accepted: '.' for the last '-', 'test-' for 't10k-', a '<name>-' prefix as in EMNIST)`,
  );
}

/** The prefix whose group has the most files ('' on ties), to report what is missing. */
function mostComplete(groups: Map<string, Group>): string {
  let best = '';
  let bestCount = Object.keys(groups.get('') ?? {}).length;
  for (const [prefix, group] of groups) {
    const count = Object.keys(group).length;
    if (count > bestCount) {
      best = prefix;
      bestCount = count;
    }
  }
  return best;
}

/** The IDX files in dir, or undefined if there is no complete set. */
export function tryFindIdxFiles(dir: string, prefix?: string): IdxFiles | undefined {
  try {
    return findIdxFiles(dir, prefix);
  } catch (error) {
    if (error instanceof DataError) return undefined;
    throw error;
  }
}

/**
 * The IDX files in dir. With several complete sets (e.g. an EMNIST folder),
 * the classic unprefixed names win; otherwise `prefix` must choose one.
 */
export function findIdxFiles(dir: string, prefix?: string): IdxFiles {
  const groups = groupFiles(listNames(dir));
  let chosen: string;
  if (prefix !== undefined) {
    chosen = prefix;
  } else {
    const complete = [...groups].filter(([, group]) => isComplete(group)).map(([p]) => p);
    const [first, second] = complete;
    if (complete.includes('')) {
      chosen = '';
    } else if (first === undefined) {
      chosen = mostComplete(groups);
    } else if (second === undefined) {
      chosen = first;
    } else {
      throw new DataError(
        dir,
        `holds several IDX data sets (${complete.join(', ')}); choose one with the prefix option`,
      );
    }
  }
  const group = groups.get(chosen) ?? {};
  const { trainImages, trainLabels, testImages, testLabels } = group;
  if (!trainImages || !trainLabels || !testImages || !testLabels) {
    throw missingError(dir, chosen, group);
  }
  return {
    prefix: chosen,
    trainImages: join(dir, trainImages.name),
    trainLabels: join(dir, trainLabels.name),
    testImages: join(dir, testImages.name),
    testLabels: join(dir, testLabels.name),
  };
}
