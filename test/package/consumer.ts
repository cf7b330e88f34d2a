// Type-checked (not run) by install.test.ts against the installed package's .d.ts
// files: the `types` of each subpath resolve and describe the API. Not part of the
// repository's own type check (it needs the built package).
import { VERSION, buildHierarchy as fromRoot } from 'neocortex-sim';
import type { buildHierarchy, HierarchySpecInput } from 'neocortex-sim/cortex';
import { loadLetters, type ImageSet } from 'neocortex-sim/data';
import { PcVae } from 'neocortex-sim/models';
import { Probe } from 'neocortex-sim/sim';
import { startServer, type ServerOptions } from 'neocortex-sim/server';
import { runExperiment } from 'neocortex-sim/experiments';

const spec: HierarchySpecInput = {
  areas: [
    { name: 'a', size: 2 },
    { name: 'b', size: 1 },
  ],
  pathways: [{ from: 'a', to: 'b', kind: 'feedforward' }],
};
const sameFunction: typeof buildHierarchy = fromRoot;
const set: ImageSet = loadLetters({ seed: 1 }).train;
const model = new PcVae({ latentSizes: [2] }, 1);
const options: Partial<ServerOptions> = {};
const version: string = VERSION;
export { spec, sameFunction, set, model, options, version, Probe, startServer, runExperiment };
