/**
 * The `neocortex` command line. Each command validates its options, prints the
 * compute backend it runs on, and reports errors as one clear line.
 *
 * Only light modules (names, version) load up front; each command imports its
 * work (TensorFlow.js, the models, the server) when it runs, so `--help` and
 * option errors answer without starting a backend.
 */
import { Command, Option } from 'commander';
import { backendNames, parseBackendChoice } from '../backend/names.ts';
import { DATASET_NAMES as datasetNames } from '../data/names.ts';
import { modelKinds as trainableModels } from '../models/modelSpec/kinds.ts';
import { VERSION } from '../version.ts';
import { specKinds } from './specKinds.ts';

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function backendOption(): Option {
  return new Option(
    '--backend <name>',
    `compute backend: auto, ${backendNames.join(', ')} (env NEOCORTEX_BACKEND)`,
  ).argParser((value: string) => parseBackendChoice(value));
}

export function buildProgram(): Command {
  const program = new Command()
    .name('neocortex')
    .description(
      'Simulate the neocortex: feedforward recognition and feedback generation, side by side.',
    )
    .version(VERSION)
    .showHelpAfterError();

  program
    .command('train')
    .description('train a model and write DIR/metrics.json (with the spec it ran)')
    .option(
      '--spec <file>',
      "a model spec (neocortex spec model <kind>) or a run's metrics.json; options override it",
    )
    .option('--model <name>', `model: ${trainableModels.join(', ')}`, 'vae')
    .option('--dataset <name>', `dataset: ${datasetNames.join(', ')}`, 'mnist')
    .option('--data-dir <dir>', 'read IDX files (MNIST format) from this folder')
    .option('--epochs <n>', 'training epochs', '10')
    .option('--batch-size <n>', 'images per batch (default 128; the MLP classifier 32)')
    .option('--lr <rate>', 'learning rate (Adam; pcn: of its --optimizer)', '0.001')
    .option(
      '--hidden <sizes>',
      'hidden units of the maps, per latent area (e.g. 400 or 400,200); pcn: its hidden areas (default 256,256)',
      '400',
    )
    .option('--latent <sizes>', 'latent area sizes, bottom to top (e.g. 20 or 20,10)', '20')
    .option('--settle-iterations <n>', 'pcvae: settling steps at test time (0: none)', '50')
    .option('--settle-step <x>', 'pcvae: settling step size', '0.02')
    .option('--iwae-k <k>', 'pcvae, pcgen: importance samples for test -log p(x) (0: skip)', '0')
    .option('--seed <n>', 'random seed', '1')
    .option(
      '--workers <n>',
      'vae, pcvae: threads to train on, 1 (default) or 2 (half of each batch on a second thread)',
    )
    .option('--out <dir>', 'output folder (default runs/<model>-<dataset>-<time>)')
    .option('--classifier <kind>', 'classifier: mlp (784-512-512-10) or conv', 'mlp')
    .option(
      '--labels <n>',
      'classifier, ssvae: train on N labels, balanced across classes (default all; ssvae 100)',
    )
    .option('--class-epochs <n>', 'ssvae: epochs of the class-area stage (default --epochs)')
    .option('--label-weight <x>', 'ssvae: weight of the labelled cross-entropy', '10')
    .option(
      '--class-area <kind>',
      'ssvae: the class area from its own dense networks (default) or from cortex areas (cortex)',
    )
    .option(
      '--binarize',
      'classifier: train on batches binarised afresh and test on a test set binarised once',
    )
    .option(
      '--learning <rule>',
      'pcn: local (settle with the label clamped, then each pathway learns from its two areas) or backprop',
    )
    .option(
      '--inference-steps <n>',
      'pcn, pcgen: settle iterations T of a local-learning step (default 20)',
    )
    .option(
      '--inference-rate <x>',
      'pcn, pcgen: first step size of each settle iteration (default 0.1; halved where F would rise)',
    )
    .option(
      '--activation <name>',
      'pcn: hidden areas, pcgen: latent predictions; tanh (default), relu, sigmoid or linear',
    )
    .option('--optimizer <name>', 'pcn, pcgen: adam (default) or sgd, at --lr')
    .option('--no-progress', 'hide the progress bar')
    .option('--resume', 'continue from DIR/checkpoint.bin (same config and seed)')
    .option('--overwrite', 'replace a run already in --out (its metrics.json and checkpoints)')
    .addOption(backendOption())
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const { givenOptions, readSpecFile } = await import('./specFile.ts');
      const { buildTrainOptions } = await import('./trainOptions.ts');
      const { runTrain } = await import('./train.ts');
      const given = givenOptions(raw, (key) => command.getOptionValueSource(key));
      if (given['lr'] !== undefined) given['learningRate'] = given['lr'];
      const file = typeof raw['spec'] === 'string' ? await readSpecFile(raw['spec']) : undefined;
      const options = buildTrainOptions(
        {
          ...given,
          out: raw['out'],
          backend: raw['backend'],
          progress: raw['progress'],
          resume: raw['resume'] ?? false,
          overwrite: raw['overwrite'] ?? false,
        },
        file,
      );
      await runTrain(options, print);
    });

  program
    .command('start')
    .description('the default demo: a short VAE training on the embedded MNIST digits')
    .option('--epochs <n>', 'training epochs', '3')
    .option('--seed <n>', 'random seed', '1')
    .option('--out <dir>', 'output folder', 'runs/start')
    .addOption(backendOption())
    .action(async (raw: Record<string, unknown>) => {
      const { parseTrainOptions } = await import('./trainOptions.ts');
      const { runTrain } = await import('./train.ts');
      print('neocortex-sim: training a VAE on the embedded MNIST digits');
      const options = parseTrainOptions({
        model: 'vae',
        dataset: 'mnist',
        batchSize: 128,
        learningRate: 1e-3,
        hidden: '400',
        latent: '20',
        progress: true,
        overwrite: true, // the demo's folder is its own: each start replaces the last
        ...raw,
      });
      await runTrain(options, print);
    });

  program
    .command('serve')
    .description('the live visualizer: train both models and stream their activity (npm start)')
    .option(
      '--port <n>',
      'port to listen on (env PORT; 0: any free port)',
      process.env['PORT'] ?? '8080',
    )
    .option('--host <address>', 'address to bind (0.0.0.0: every interface)', '127.0.0.1')
    .option('--spec <file>', 'a session spec (neocortex spec session); options override it')
    .option('--seed <n>', 'random seed', '1')
    .option('--frame-rate <n>', 'frames per second sent to each viewer at most', '30')
    .option('--speed <n>', 'ticks per second the session aims for at start', '30')
    .option('--dataset <name>', `dataset: ${datasetNames.join(', ')}`, 'mnist')
    .option('--no-web', 'stream only: do not build or serve the page')
    .option(
      '--model <names...>',
      'predictive-coding models to run live: pcn (replaces the classifier), pcgen (replaces the VAE); repeat or comma list',
    )
    .option(
      '--learning <rule>',
      'pcn: local (settle with the label clamped, then each pathway learns from its two areas; default) or backprop',
    )
    .option(
      '--inference-steps <n>',
      'pcn, pcgen: settle iterations T of a local-learning step (default 20)',
    )
    .option(
      '--inference-rate <x>',
      'pcn, pcgen: first step size of each settle iteration (default 0.1; halved where F would rise)',
    )
    .option(
      '--allow-origin <url...>',
      'other pages (scheme://host:port) allowed to open a socket; the own page always may',
    )
    .option(
      '--allow-host <name...>',
      'host names viewers use to reach this machine (e.g. its DNS name); others are refused',
    )
    .addOption(backendOption())
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const { readSpecFile } = await import('./specFile.ts');
      const { parseServeOptions, resolveSessionSpec, runServe } = await import('./serve.ts');
      const options = parseServeOptions(raw);
      const file = options.spec !== undefined ? await readSpecFile(options.spec) : undefined;
      const given = (key: string): boolean =>
        ['cli', 'env'].includes(command.getOptionValueSource(key) ?? '');
      await runServe(options, print, resolveSessionSpec(options, file, given));
    });

  program
    .command('experiment [name]')
    .description('run an experiment of experiments/ and write its results, plots and report.md')
    .option('--list', 'list the experiments')
    .option('--quick', 'small data and few epochs: proves the pipeline in under two minutes')
    .option('--seeds <n>', 'seeds 1..N (default 3; quick: 1)')
    .option(
      '--first-seed <k>',
      'start the seeds at K: seeds K..K+N-1 (to add seeds, or split them over processes)',
    )
    .option('--out <dir>', 'output folder (default experiments/results/<name>; quick: runs/...)')
    .option('--dataset <name>', 'data set, where the experiment offers a choice')
    .option(
      '--spec <file>',
      'an experiment spec (neocortex spec experiment <name>); options override it',
    )
    .option(
      '--from <results>',
      "rerun a recorded run's exact spec: DIR/results.json (in DIR, reusing its cells, unless --out)",
    )
    .option('--no-progress', 'hide the progress bar')
    .addOption(backendOption())
    .action(async (name: string | undefined, raw: Record<string, unknown>, command: Command) => {
      const { runExperimentCommand } = await import('./experiment.ts');
      const given = (key: string): boolean =>
        ['cli', 'env'].includes(command.getOptionValueSource(key) ?? '');
      await runExperimentCommand(name, raw, print, process.argv.slice(2), given);
    });

  program
    .command('spec <kind> [name]')
    .description(
      `print a complete default spec as JSON: ${specKinds.join(', ')} ` +
        '(spec model pcvae, spec session, spec experiment label-efficiency)',
    )
    .option('--quick', 'experiment: the quick configuration')
    .action(async (kind: string, name: string | undefined, raw: { quick?: boolean }) => {
      const { defaultSpecJson } = await import('./printSpec.ts');
      process.stdout.write(defaultSpecJson(kind, name, raw.quick ?? false));
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv);
