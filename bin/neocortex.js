#!/usr/bin/env node
// Entry point of the `neocortex` command: runs the compiled CLI in dist/ (plain
// JavaScript, no TypeScript loader). In the repository, `npm install` builds dist/
// (the `prepare` script); `npm run neocortex -- …` runs the TypeScript sources instead.
import { existsSync } from 'node:fs';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error(
    `neocortex: ${main.pathname} is missing. In a clone of the repository run ` +
      '`npm install` or `npm run build` first.',
  );
  process.exit(1);
}
await import(main.href);
