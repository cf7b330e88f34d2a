import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = require('../package.json') as { name: string; version: string };

/** The package version, recorded in every metrics and results file. */
export const VERSION: string = pkg.version;
export const PACKAGE_NAME: string = pkg.name;
