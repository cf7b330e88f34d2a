/**
 * Plugins: modules a user names (`--plugin FILE`, or `"plugins": ["./my-kind.mjs"]` in a model
 * spec, relative to the spec file) that register their own model kinds with
 * `registerModelKind` from the package. Each is loaded once, before the spec that names its
 * kind is read. A module that cannot be found, fails to load or registers a malformed kind is
 * refused with the file's name and the problem.
 */
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NeocortexError } from '../errors.ts';
import { importKindModule } from '../models/kinds.ts';

/** The plugin files already loaded (absolute paths). */
const loaded = new Set<string>();

/** Load one plugin module; see the file's comment. `from` says who named it, for messages. */
async function loadPlugin(file: string, from: string): Promise<void> {
  const path = resolve(file);
  if (loaded.has(path)) return;
  const info = await stat(path).catch(() => undefined);
  if (info === undefined || !info.isFile()) {
    throw new NeocortexError(
      'OPTION_INVALID',
      `${from} ${file}: ${info === undefined ? 'no such file' : 'not a file'} (${path})`,
    );
  }
  try {
    await importKindModule(pathToFileURL(path).href);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const code = error instanceof NeocortexError ? error.code : 'OPTION_INVALID';
    throw new NeocortexError(code, `${from} ${file} failed to load: ${reason}`, { cause: error });
  }
  loaded.add(path);
}

/**
 * Load plugin modules, in order, each once (see the file's comment).
 * @param files - paths of the modules (relative to the working folder)
 * @param from - who named them, for messages (default `--plugin`)
 */
export async function loadPlugins(files: readonly string[], from = '--plugin'): Promise<void> {
  for (const file of files) await loadPlugin(file, from);
}

/**
 * Load the plugins a model spec names in its `plugins` field (paths relative to the spec
 * file) and return the spec with those paths made absolute, so the run's metrics.json, which
 * records the spec, names them wherever it is read from.
 * @param spec - the spec file's parsed JSON (or a run's metrics.json)
 * @param specFile - the spec file's path
 */
export async function loadSpecPlugins(spec: unknown, specFile: string): Promise<unknown> {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) return spec;
  const inner = !('kind' in spec) && 'spec' in spec ? (spec as { spec: unknown }).spec : spec;
  if (inner === null || typeof inner !== 'object' || !('plugins' in inner)) return spec;
  const plugins = (inner as { plugins: unknown }).plugins;
  if (!Array.isArray(plugins) || plugins.some((p) => typeof p !== 'string' || p === '')) {
    throw new NeocortexError(
      'SPEC_INVALID',
      `invalid model spec:\n  plugins: expected a list of module paths (relative to ${specFile})`,
    );
  }
  const absolute = (plugins as string[]).map((p) =>
    isAbsolute(p) ? p : resolve(dirname(specFile), p),
  );
  await loadPlugins(absolute, `plugin of ${specFile}:`);
  const withPaths = { ...inner, plugins: absolute };
  return inner === spec ? withPaths : { ...spec, spec: withPaths };
}
