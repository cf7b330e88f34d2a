/**
 * A command's own options (train's run options, experiment's) refused in the project's words:
 * each bad option named by its flag and the value typed, with what it expects, all at once,
 * as a NeocortexError with code OPTION_INVALID, before anything runs.
 */
import { describe, expect, it } from 'vitest';
import { flagOf, parseCommandOptions } from '../../src/cli/commandOptions.ts';
import { ExperimentOptions, runExperimentCommand } from '../../src/cli/experiment.ts';
import { buildTrainOptions } from '../../src/cli/trainOptions.ts';
import { NeocortexError } from '../../src/errors.ts';

/** The error `f` throws (or returns), checked to be an OPTION_INVALID NeocortexError. */
async function refusal(f: () => unknown): Promise<string> {
  try {
    await f();
  } catch (error) {
    expect(error).toBeInstanceOf(NeocortexError);
    expect((error as NeocortexError).code).toBe('OPTION_INVALID');
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('command options', () => {
  it('names a commander key by its flag', () => {
    expect(flagOf('firstSeed')).toBe('--first-seed');
    expect(flagOf('maxMemory')).toBe('--max-memory');
    expect(flagOf('out')).toBe('--out');
  });

  it('train: a bad run option is named by its flag and the value typed', async () => {
    expect(await refusal(() => buildTrainOptions({ model: 'vae', backend: 'gpu' }))).toBe(
      'invalid train options:\n  --backend gpu: "gpu" is not one of auto, tensorflow, wasm, cpu (did you mean "cpu"?)',
    );
    // A size typed as text is read by parseByteSize; one given as a number is checked here.
    expect(await refusal(() => buildTrainOptions({ model: 'vae', maxMemory: 0 }))).toBe(
      'invalid train options:\n  --max-memory 0: expected a number greater than 0, got 0',
    );
    expect(await refusal(() => buildTrainOptions({ model: 'vae', out: '', progress: 'yes' }))).toBe(
      'invalid train options:\n' +
        '  --out: expected at least 1 character, got 0 characters\n' +
        '  --progress yes: expected true or false, got the string "yes"',
    );
    // Good ones pass, the size read as bytes.
    expect(buildTrainOptions({ model: 'vae', maxMemory: '1GB' }).run.maxMemory).toBe(2 ** 30);
  });

  it('experiment: bad options are refused before anything is listed or run', async () => {
    const printed: string[] = [];
    const print = (line: string) => printed.push(line);
    expect(
      await refusal(() =>
        runExperimentCommand('label-efficiency', { seeds: 'two', backend: 'tpu' }, print),
      ),
    ).toBe(
      'invalid experiment options:\n' +
        '  --seeds two: expected a whole number from 1 to 1000, got the string "two"\n' +
        '  --backend tpu: "tpu" is not one of auto, tensorflow, wasm, cpu (did you mean "cpu"?)',
    );
    expect(
      await refusal(() => runExperimentCommand(undefined, { list: true, seeds: '1001' }, print)),
    ).toBe(
      'invalid experiment options:\n  --seeds 1001: expected a whole number from 1 to 1000, got 1001',
    );
    expect(printed).toEqual([]);
  });

  it('experiment: typed numbers are read as numbers', () => {
    const options = parseCommandOptions(
      ExperimentOptions,
      { seeds: '3', firstSeed: '4' },
      'experiment',
    );
    expect(options).toMatchObject({ seeds: 3, firstSeed: 4, quick: false, progress: true });
  });
});
