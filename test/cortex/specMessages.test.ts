/**
 * Specs speak the project's words: real hierarchy specs with the mistakes a user makes (a typo in a field or a choice, a number written as a string, a bound crossed,
 * a missing field, an unknown kind) are refused one line each, at the JSON path, saying what
 * was expected and what was given, with the nearest name for a typo. No line is zod's own.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseHierarchySpec } from '../../src/cortex/spec.ts';
import { safeParseSpec, SpecError } from '../../src/cortex/specError.ts';
import { specIssueMessage } from '../../src/cortex/specMessages.ts';
import { validateTopology } from '../../src/cortex/validate.ts';

/** The problems a spec is refused with (fails the test if it is accepted). */
function problemsOf(parse: () => unknown): string[] {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return [...(error as SpecError).problems];
  }
  throw new Error('the spec was accepted');
}

/** Phrases of zod's own messages, which no problem may contain. */
const zodWords =
  /Too small|Too big|Invalid (input|option|discriminator|string)|Unrecognized key|received/;

const retina = { name: 'retina', size: 4, activation: 'sigmoid', likelihood: 'bernoulli' };

describe('a hierarchy spec with mistakes', () => {
  it('says what each field expects and what it got, and the field a typo meant', () => {
    const problems = problemsOf(() =>
      parseHierarchySpec({
        areas: [retina, { name: 'v1', size: '64', activation: 'relu6', stochastc: true }],
        pathways: [{ from: 'retina', to: 'v1', kind: 'feedforwrd', gian: 2 }],
        seed: -1,
      }),
    );
    expect(problems.sort()).toEqual(
      [
        'areas[1].size: expected a whole number of at least 1, got the string "64"',
        'areas[1].activation: "relu6" is not one of linear, relu, tanh, sigmoid (did you mean "relu"?)',
        'areas[1].stochastc: unknown field (did you mean "stochastic"?)',
        'pathways[0].kind: "feedforwrd" is not one of feedforward, feedback, lateral (did you mean "feedforward"?)',
        'pathways[0].gian: unknown field (did you mean "gain"?)',
        'seed: expected a whole number of at least 0, got -1',
      ].sort(),
    );
    expect(problems.some((p) => zodWords.test(p))).toBe(false);
  });

  it('says the whole range for a fraction where a whole number belongs', () => {
    expect(
      problemsOf(() =>
        parseHierarchySpec({ areas: [retina, { name: 'v1', size: 1.5 }], pathways: [], seed: 0.5 }),
      ).sort(),
    ).toEqual([
      'areas[1].size: expected a whole number of at least 1, got 1.5',
      'seed: expected a whole number of at least 0, got 0.5',
    ]);
  });

  it('names a missing field and the length of a list too short', () => {
    expect(problemsOf(() => parseHierarchySpec({ areas: [{ size: 4 }] })).sort()).toEqual(
      [
        'areas[0].name: missing: expected a string',
        'areas: expected a list of at least 2 items, got 1 item',
        'pathways: missing: expected a list',
      ].sort(),
    );
  });

  it('names the area a misspelt pathway end meant', () => {
    const spec = parseHierarchySpec({
      areas: [retina, { name: 'v1', size: 2 }],
      pathways: [{ from: 'retna', to: 'v1', kind: 'feedforward' }],
    });
    expect(problemsOf(() => validateTopology(spec))).toEqual([
      'pathways[0].from: no area named "retna" (did you mean "retina"?)',
    ]);
  });

  it('lists the forms a field of several forms can take', () => {
    const [line] = problemsOf(() =>
      parseHierarchySpec({
        areas: [retina, { name: 'v1', size: 2, precision: 'high' }],
        pathways: [],
      }),
    );
    expect(line).toBe(
      'areas[1].precision: expected a number of at least 0, a list or "predicted", got the string "high"',
    );
  });
});

describe('the error map', () => {
  const Demo = z
    .object({
      name: z.string().max(3),
      tags: z.array(z.string()).max(2),
      step: z.number().multipleOf(0.5),
      code: z.string().startsWith('nc-'),
      mode: z.literal('fast'),
    })
    .strict();

  it('covers the rarer issues: string length, list length, multiples, formats, literals', () => {
    const result = safeParseSpec(Demo, {
      name: 'retina',
      tags: ['a', 'b', 'c'],
      step: 0.3,
      code: 'x',
      mode: 'slow',
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message).sort()).toEqual(
      [
        'expected at most 3 characters, got 6 characters',
        'expected a list of at most 2 items, got 3 items',
        'expected a multiple of 0.5, got 0.3',
        'expected a string starting with "nc-", got the string "x"',
        'expected "fast", got the string "slow"',
      ].sort(),
    );
  });

  it('leaves a message the schema writes itself as it is', () => {
    const Own = z.object({ n: z.number().min(1, { error: 'n counts images' }) });
    const result = Own.safeParse({ n: 0 }, { error: specIssueMessage });
    expect(result.error!.issues[0]!.message).toBe('n counts images');
  });

  it('quotes a long string cut short, and never a whole object', () => {
    const [line] = problemsOf(() => parseHierarchySpec({ areas: 'x'.repeat(500), pathways: [] }));
    expect(line).toBe(`areas: expected a list, got the string "${'x'.repeat(40)}…"`);
    const [object] = problemsOf(() => parseHierarchySpec({ areas: { a: 1 }, pathways: [] }));
    expect(object).toBe('areas: expected a list, got an object');
  });
});
