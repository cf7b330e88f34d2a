/**
 * The model kinds the command line, the live session and the experiments know, by name: the
 * built-in ones listed once below (one line each), and any a user registers
 * ({@link registerModelKind}, e.g. from a `--plugin` module). Everything that runs a model
 * looks its kind up here and calls it; see models/kind.ts for what a kind is.
 */
import { didYouMean } from '../cortex/nearestName.ts';
import { NeocortexError } from '../errors.ts';
import { classifierKind } from './classifier/kind.ts';
import type { AnyModelKind, DisposableModel, ModelKindDefinition, ModelSpecBase } from './kind.ts';
import { assertWellFormedKind } from './kindCheck.ts';
import { pcgenKind } from './pcgen/kind.ts';
import { pcnKind } from './pcn/kind.ts';
import { pcvaeKind } from './pcvae/kind.ts';
import { ssvaeKind } from './ssvae/kind.ts';
import { vaeKind } from './vae/kind.ts';

/** The built-in kinds, in the order `neocortex spec model` lists them. */
const builtInKinds: readonly AnyModelKind[] = [
  vaeKind,
  pcvaeKind,
  classifierKind,
  ssvaeKind,
  pcnKind,
  pcgenKind,
];

const registry = new Map<string, AnyModelKind>(builtInKinds.map((kind) => [kind.name, kind]));

/**
 * Make a kind known by its name: specs of `{ "kind": name }` parse with its schema, `neocortex
 * train` trains it, the JSON Schema lists it. Throws a NeocortexError (`OPTION_INVALID`) naming
 * every problem of a malformed kind, or the name when it is taken.
 * @param definition - the kind (see {@link ModelKindDefinition})
 * @param from - where it came from, for messages (e.g. the plugin's file)
 */
export function registerModelKind<S extends ModelSpecBase, M extends DisposableModel>(
  definition: ModelKindDefinition<S, M>,
  from = 'registerModelKind',
): void {
  assertWellFormedKind(definition, from);
  if (registry.has(definition.name)) {
    throw new NeocortexError(
      'OPTION_INVALID',
      `${from}: a model kind named "${definition.name}" is already registered; ` +
        `choose another name (taken: ${modelKindNames().join(', ')})`,
    );
  }
  registry.set(definition.name, definition as AnyModelKind);
}

/** The modules {@link importKindModule} imported, in order (file URLs). */
const kindModules: string[] = [];

/**
 * Import a module that registers model kinds when it loads (a plugin: `--plugin FILE`, a
 * spec's `plugins`), once, and remember it: another thread of the same run (a live session's
 * training worker) imports the same modules, so it knows the same kinds. A kind registered by
 * a script's own code, not by such a module, is known to that thread alone.
 * @param url - the module's URL (`pathToFileURL(path).href` for a file)
 */
export async function importKindModule(url: string): Promise<void> {
  if (kindModules.includes(url)) return;
  await import(url);
  kindModules.push(url);
}

/** The modules that registered kinds through {@link importKindModule}, in the order they loaded. */
export function kindModuleUrls(): string[] {
  return [...kindModules];
}

/** The registered kind called `name`; throws (`SPEC_INVALID`) listing the kinds and the nearest. */
export function modelKind(name: string): AnyModelKind {
  const kind = registry.get(name);
  if (kind !== undefined) return kind;
  throw new NeocortexError('SPEC_INVALID', unknownKindMessage(name));
}

/** The registered kind called `name`, or undefined. */
export function findModelKind(name: string): AnyModelKind | undefined {
  return registry.get(name);
}

/** What to say about a kind nobody registered: the kinds there are and the nearest one. */
export function unknownKindMessage(name: unknown): string {
  const names = modelKindNames();
  const near = typeof name === 'string' ? didYouMean(name, names) : '';
  return `${JSON.stringify(name)} is not a model kind${near}; choose one of ${names.join(', ')}`;
}

/** The names of the registered kinds: the built-in ones in their order, then the user's. */
export function modelKindNames(): string[] {
  return [...registry.keys()];
}

/** Every registered kind, in the order of {@link modelKindNames}. */
export function modelKinds(): AnyModelKind[] {
  return [...registry.values()];
}
