import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every module `file` loads up front (static value imports, followed through relative paths). */
function staticImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  // Value imports and re-exports; `import type` and dynamic import() load nothing up front.
  const pattern = /^(?:import|export)\s+(?!type\s)[^;]*?from\s+'([^']+)';/gms;
  for (const match of source.matchAll(pattern)) {
    const specifier = match[1]!;
    if (specifier.startsWith('.')) staticImports(resolve(dirname(file), specifier), seen);
    else seen.add(specifier);
  }
  return seen;
}

describe('the command line', () => {
  it('loads no backend, model or server code before a command runs, so --help answers at once', () => {
    const loaded = [...staticImports(resolve('src/cli/main.ts'))];
    expect(loaded).toContain('commander');
    const heavy = loaded.filter((m) =>
      /@tensorflow|express|socket\.io|src\/(cortex|sim|server|experiments)\/|zod/.test(m),
    );
    expect(heavy).toEqual([]);
  });
});
