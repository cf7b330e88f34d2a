#!/usr/bin/env node
// The `neocortex` command run from the TypeScript sources through tsx, for tests:
// they check the code in src/, not a dist/ that may be older (bin/neocortex.js runs dist/).
import { register } from 'tsx/esm/api';

register();
await import('../../src/cli/main.ts');
