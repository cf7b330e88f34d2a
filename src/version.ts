import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
/**
 * The package's own package.json, found by the package's name, so it is the same
 * file from the sources (src/) and from the compiled JavaScript (dist/src/).
 */
const manifest = require.resolve('neocortex-sim/package.json');
const pkg = require(manifest) as { name: string; version: string };

/** The package version, recorded in every metrics and results file. */
export const VERSION: string = pkg.version;
/** The package name as published (`neocortex-sim`). */
export const PACKAGE_NAME: string = pkg.name;
/** The folder holding the package's package.json: the repository, or the installed package. */
export const PACKAGE_ROOT: string = path.dirname(manifest);
