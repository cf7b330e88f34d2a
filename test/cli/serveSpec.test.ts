import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseServeOptions, resolveSessionSpec } from '../../src/cli/serve.ts';
import { SpecError } from '../../src/cortex/specError.ts';
import { isNeocortexError, type NeocortexError } from '../../src/errors.ts';
import { isParsedSessionSpec, parseSessionSpec } from '../../src/sim/session/parsedSessionSpec.ts';

const run = promisify(execFile);

const rawOptions = {
  port: '0',
  host: '127.0.0.1',
  seed: '1',
  frameRate: '30',
  speed: '30',
  dataset: 'mnist',
  web: false,
};
const options = parseServeOptions(rawOptions);

describe('serve --spec', () => {
  it('builds the session from the options alone without a file, parsed, training in a worker', () => {
    // From random weights: without --from-scratch the slots start from the shipped trained
    // models (test/cli/trainedStart.test.ts).
    const spec = resolveSessionSpec(parseServeOptions({ ...rawOptions, fromScratch: true }));
    expect(isParsedSessionSpec(spec)).toBe(true);
    expect(spec).toEqual(
      parseSessionSpec({ seed: 1, dataset: 'mnist', speed: 30, training: 'worker' }),
    );
  });

  it('keeps the file where the user typed nothing, and the typed options on top', () => {
    const file = { $schema: 'x', dataset: 'letters', seed: 9, speed: 10, batchSize: 16 };
    expect(resolveSessionSpec(options, file, (key) => key === 'seed')).toEqual(
      parseSessionSpec({
        dataset: 'letters',
        seed: 1,
        speed: 10,
        batchSize: 16,
        training: 'worker',
      }),
    );
    // A file that asks for inline training keeps it.
    const inline = resolveSessionSpec(options, { training: 'inline' }, () => false);
    expect(inline.training).toBe('inline');
  });

  it('--max-memory sets the session’s memory limit; a size that is not one is refused', () => {
    const spec = resolveSessionSpec(parseServeOptions({ ...rawOptions, maxMemory: '4GB' }));
    expect(spec.maxMemoryMiB).toBe(4096);
    expect(() =>
      resolveSessionSpec(parseServeOptions({ ...rawOptions, maxMemory: 'lots' })),
    ).toThrow(/--max-memory lots: expected a size such as 4GB/);
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

describe('serve --model pcn', () => {
  const withModels = (extra: Record<string, unknown>) =>
    parseServeOptions({ ...rawOptions, ...extra });

  it('makes the classifier a pcn, learning locally unless told otherwise', () => {
    const spec = resolveSessionSpec(withModels({ model: ['pcn'] }));
    expect(spec.classifier).toEqual(parseSessionSpec({ classifier: { kind: 'pcn' } }).classifier);
    expect(spec.classifier).toMatchObject({ kind: 'pcn', learning: 'local' });
    const tuned = resolveSessionSpec(
      withModels({
        model: ['pcn,pcn'],
        learning: 'backprop',
        inferenceSteps: '7',
        inferenceRate: '0.05',
      }),
    );
    expect(tuned.classifier).toMatchObject({
      kind: 'pcn',
      learning: 'backprop',
      inferenceSteps: 7,
      inferenceRate: 0.05,
    });
  });

  it('--model pcn,pcgen runs both, the settle options set both', () => {
    const spec = resolveSessionSpec(
      withModels({ model: ['pcgen', 'pcn'], inferenceSteps: '9', learning: 'local' }),
    );
    expect(spec.classifier).toMatchObject({ kind: 'pcn', inferenceSteps: 9, learning: 'local' });
    expect(spec.generative).toMatchObject({ kind: 'pcgen', inferenceSteps: 9 });
    expect(spec.generative).toMatchObject({ kind: 'pcgen', latentSizes: [64, 32] });
  });

  it('keeps a spec file pcn fields, the typed options on top', () => {
    const file = { classifier: { kind: 'pcn', hiddenSizes: [32], inferenceSteps: 12 } };
    const spec = resolveSessionSpec(withModels({ inferenceSteps: '4' }), file, () => false);
    expect(spec.classifier).toMatchObject({ kind: 'pcn', hiddenSizes: [32], inferenceSteps: 4 });
  });

  it('refuses an unknown model, and pcn options without a pcn, in one OPTION_INVALID line', () => {
    const refusal = (extra: Record<string, unknown>): NeocortexError => {
      try {
        resolveSessionSpec(withModels(extra));
      } catch (error) {
        expect(isNeocortexError(error, 'OPTION_INVALID')).toBe(true);
        return error as NeocortexError;
      }
      throw new Error('not refused');
    };
    expect(refusal({ model: ['pcn,vae2'] }).message).toBe(
      '--model: unknown model "vae2"; serve runs pcvae, pcgen, mlp, pcn',
    );
    expect(refusal({ model: ['pcvae,pcgen'] }).message).toBe(
      '--model: pcvae and pcgen are both generative models; a session runs one generative model',
    );
    // An option no chosen kind takes names the kinds that do (read from their live specs).
    expect(refusal({ learning: 'local' }).message).toBe(
      '--learning: no model that takes it is running; add --model pcn',
    );
    expect(refusal({ inferenceRate: '0.2' }).message).toBe(
      '--inference-rate: no model that takes it is running; add --model pcgen or --model pcn',
    );
    expect(refusal({ model: 'pcgen', learning: 'backprop' }).message).toBe(
      '--learning: pcgen takes no learning; add --model pcn',
    );
    expect(refusal({ model: 'pcn', inferenceSteps: 'many' }).message).toBe(
      '--inference-steps must be a number, got "many"',
    );
    // A value out of range is the session schema's, with the field's path.
    expect(() => resolveSessionSpec(withModels({ model: 'pcn', inferenceSteps: '5000' }))).toThrow(
      /classifier\.inferenceSteps: expected at most 200 settle iterations on a live page, got 5000/,
    );
  });

  it('the command prints the unknown model as one error line and exits 1', async () => {
    const bin = join(import.meta.dirname, '..', 'helpers', 'neocortexSource.js');
    const result = await run(process.execPath, [bin, 'serve', '--no-web', '--model', 'pcm'], {
      timeout: 60_000,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: --model: unknown model "pcm"; serve runs pcvae, pcgen, mlp, pcn\n',
    );
  }, 60_000);
});
