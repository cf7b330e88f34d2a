import { describe, expect, it } from 'vitest';
import { parseServeOptions, resolveSessionSpec } from '../../src/cli/serve.ts';
import { SpecError } from '../../src/cortex/specError.ts';

const options = parseServeOptions({
  port: '0',
  host: '127.0.0.1',
  seed: '1',
  frameRate: '30',
  speed: '30',
  dataset: 'mnist',
  web: false,
});

describe('serve --spec', () => {
  it('builds the session from the options alone without a file', () => {
    expect(resolveSessionSpec(options)).toEqual({ seed: 1, dataset: 'mnist', speed: 30 });
  });

  it('keeps the file where the user typed nothing, and the typed options on top', () => {
    const file = { $schema: 'x', dataset: 'letters', seed: 9, speed: 10, batchSize: 16 };
    expect(resolveSessionSpec(options, file, (key) => key === 'seed')).toEqual({
      dataset: 'letters',
      seed: 1,
      speed: 10,
      batchSize: 16,
    });
  });

  it('refuses a file with mistakes, every problem with its path', () => {
    let error: unknown;
    try {
      resolveSessionSpec(options, { batchSize: 0, mode: 'dream' }, () => false);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'batchSize',
      'mode',
    ]);
    expect(() => resolveSessionSpec(options, [1], () => false)).toThrow(/\(root\): /);
  });
});
