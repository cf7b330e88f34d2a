/** The experiments `neocortex experiment <name>` runs, in the order `--list` shows them. */
import type { Experiment } from '../src/experiments/index.ts';
import { conceptualCompression } from './conceptual-compression.ts';
import { contextShift } from './context-shift.ts';
import { labelEfficiency } from './label-efficiency.ts';
import { novelGeneration } from './novel-generation.ts';
import { predictiveCoding } from './predictive-coding.ts';
import { recognitionVsGeneration } from './recognition-vs-generation.ts';

export const experiments: readonly Experiment[] = [
  recognitionVsGeneration,
  labelEfficiency,
  contextShift,
  novelGeneration,
  conceptualCompression,
  predictiveCoding,
];

export function findExperiment(name: string): Experiment {
  const found = experiments.find((e) => e.name === name);
  if (found === undefined) {
    throw new Error(
      `unknown experiment "${name}"; choose one of ${experiments.map((e) => e.name).join(', ')} ` +
        '(neocortex experiment --list)',
    );
  }
  return found;
}
