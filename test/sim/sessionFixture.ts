/** Tiny live sessions for tests: small models on a few synthetic letters. */
import { loadLetters, type DatasetSplit } from '../../src/data/index.ts';
import { parseSpecWith, SpecError } from '../../src/cortex/specError.ts';
import { SessionSpec, type SessionSpecInput } from '../../src/sim/session/sessionSpec.ts';

let letters: DatasetSplit | undefined;

/** 200 train / 40 test synthetic letters (made once per test file). */
export function tinyData(): DatasetSplit {
  letters ??= loadLetters({ seed: 5, trainCount: 200, testCount: 40 });
  return letters;
}

/** A session description small enough to tick hundreds of times a second. */
export function tinySpec(overrides: SessionSpecInput = {}): SessionSpecInput {
  return {
    dataset: 'letters',
    generative: { areas: [{ size: 784 }, { name: 'z1', size: 4, hidden: 16 }] },
    classifierHidden: [12],
    batchSize: 8,
    settleIterations: 5,
    curveEvery: 2,
    latentPerDisplay: 2,
    displayEvery: 2,
    playing: false,
    ...overrides,
  };
}

/** The problems a session spec is refused with, one line each ([] when it is valid). */
export function sessionSpecProblems(input: unknown): string[] {
  try {
    parseSpecWith(SessionSpec, input, 'session spec');
  } catch (error) {
    if (error instanceof SpecError) return [...error.problems];
    throw error;
  }
  return [];
}
