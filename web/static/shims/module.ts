/**
 * `createRequire` of `node:module` for the static site's worker bundle: the one thing the shared
 * modules require at load time is the package's manifest (src/version.ts), which the build
 * writes in as `__NEOCORTEX_PACKAGE__` (its name and version).
 */
declare const __NEOCORTEX_PACKAGE__: { name: string; version: string };

/** Where the manifest "is" in the browser: nothing is read from there. */
const MANIFEST = '/neocortex-sim/package.json';

/** A `require` that knows only the package manifest. */
export function createRequire(_from: string) {
  const require = (id: string): unknown => {
    if (id === MANIFEST || id.endsWith('/package.json')) return __NEOCORTEX_PACKAGE__;
    throw new Error(`not in the browser: require(${JSON.stringify(id)})`);
  };
  return Object.assign(require, { resolve: (_id: string): string => MANIFEST });
}
