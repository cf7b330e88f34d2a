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
import { VERSION } from '../version.ts';
import { specKinds } from './specKinds.ts';
import type { ServeHelp } from './serveFlags.ts';
import type { TrainFlag } from './trainFlags.ts';

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function backendOption(): Option {
  return new Option(
    '--backend <name>',
    `compute backend: auto, ${backendNames.join(', ')} (env NEOCORTEX_BACKEND)`,
  ).argParser((value: string) => parseBackendChoice(value));
}

/** `--plugin FILE`, repeatable: modules that register model kinds, loaded before the command. */
function pluginOption(): Option {
  return new Option(
    '--plugin <file>',
    'a module that registers model kinds (registerModelKind); repeat for more',
  ).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
}

/** The `--plugin` files of a command line, read before commander parses it. */
export function pluginFiles(argv: readonly string[]): string[] {
  const files: string[] = [];
  argv.forEach((arg, i) => {
    if (arg === '--plugin' && argv[i + 1] !== undefined) files.push(argv[i + 1]!);
    else if (arg.startsWith('--plugin=')) files.push(arg.slice('--plugin='.length));
  });
  return files;
}

/** Load the `--plugin` modules the parsed options name (a no-op without any). */
async function loadPluginsOf(raw: Record<string, unknown>): Promise<void> {
  const files = raw['plugin'];
  if (!Array.isArray(files) || files.length === 0) return;
  const { loadPlugins } = await import('./plugins.ts');
  await loadPlugins(files as string[]);
}

/** `serve`'s model options in words that name no kind (before the registry is read). */
const genericServeHelp: ServeHelp = {
  model:
    'model kinds to run live, each in the slot it fills (the generative model or the classifier); repeat or comma list',
  learning: 'the learning rule of the chosen models that have one',
  inferenceSteps: 'settle iterations T of a local-learning step, for the chosen models that settle',
  inferenceRate: 'first step size of each settle iteration, for the chosen models that settle',
};

/**
 * The command line. `trainFlags` are the options the registered model kinds add to `train`,
 * `serveHelp` the help of `serve`'s model options naming the kinds that run live (main() reads
 * both from the registry when the command is `train` or `serve`, so other commands and
 * `--help` load no model code).
 */
export function buildProgram(
  trainFlags: readonly TrainFlag[] = [],
  serveHelp: ServeHelp = genericServeHelp,
): Command {
  const program = new Command()
    .name('neocortex')
    .description(
      'Simulate the neocortex: feedforward recognition and feedback generation, side by side.',
    )
    .version(VERSION)
    .showHelpAfterError();

  const train = program
    .command('train')
    .description('train a model and write DIR/metrics.json (with the spec it ran)')
    .option(
      '--spec <file>',
      "a model spec (neocortex spec model <kind>) or a run's metrics.json; options override it",
    )
    .option('--model <kind>', 'model kind (default vae; neocortex spec model lists the kinds)')
    .option('--dataset <name>', `dataset: ${datasetNames.join(', ')}`, 'mnist')
    .option('--data-dir <dir>', 'read IDX files (MNIST format) from this folder')
    .option('--epochs <n>', 'training epochs', '10')
    .option('--batch-size <n>', 'images per batch (default 128; the MLP classifier 32)')
    .option('--lr <rate>', 'learning rate (of the optimizer)', '0.001')
    .option('--seed <n>', 'random seed', '1')
    .option('--out <dir>', 'output folder (default runs/<model>-<dataset>-<time>)')
    .option('--no-progress', 'hide the progress bar')
    .option('--resume', 'continue from DIR/checkpoint.bin (same config and seed)')
    .option('--overwrite', 'replace a run already in --out (its metrics.json and checkpoints)')
    .option(
      '--max-memory <size>',
      'refuse a model whose memory estimate is above this (e.g. 4GB; default 2GB)',
    )
    .addOption(pluginOption())
    .addOption(backendOption());
  for (const { flag, description } of trainFlags) train.option(flag, description);
  train.action(async (raw: Record<string, unknown>, command: Command) => {
    const { givenOptions, readSpecFile } = await import('./specFile.ts');
    const { buildTrainOptions } = await import('./trainOptions.ts');
    const { loadSpecPlugins } = await import('./plugins.ts');
    const { runTrain } = await import('./train.ts');
    await loadPluginsOf(raw);
    const given = givenOptions(raw, (key) => command.getOptionValueSource(key));
    if (given['lr'] !== undefined) given['learningRate'] = given['lr'];
    const specPath = typeof raw['spec'] === 'string' ? raw['spec'] : undefined;
    const file =
      specPath !== undefined
        ? await loadSpecPlugins(await readSpecFile(specPath), specPath)
        : undefined;
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
    .option(
      '--max-viewers <n>',
      'viewers this process serves at most (default 200); more are refused (relays serve more: docs/relays.md)',
    )
    .option('--max-viewers-per-address <n>', 'viewers from one address at most (default 50)')
    .option('--speed <n>', 'ticks per second the session aims for at start', '30')
    .option('--dataset <name>', `dataset: ${datasetNames.join(', ')}`, 'mnist')
    .option('--no-web', 'stream only: do not build or serve the page')
    .option(
      '--max-memory <size>',
      "refuse a session whose models' memory estimate is above this (e.g. 4GB; default 2GB)",
    )
    .option('--model <names...>', serveHelp.model)
    .option('--learning <rule>', serveHelp.learning)
    .option('--inference-steps <n>', serveHelp.inferenceSteps)
    .option('--inference-rate <x>', serveHelp.inferenceRate)
    .option(
      '--from-scratch',
      'start from random weights, not the trained ones shipped for the default session',
    )
    .option(
      '--trained-generative <dir>',
      'start the generative model from a `train` run (its folder)',
    )
    .option('--trained-classifier <dir>', 'start the classifier from a `train` run (its folder)')
    .option(
      '--allow-origin <url...>',
      'other pages (scheme://host:port) allowed to open a socket; the own page always may',
    )
    .option(
      '--allow-host <name...>',
      'host names viewers use to reach this machine (e.g. its DNS name); others are refused',
    )
    .option('--record <file>', 'record what viewers see to FILE (neocortex replay FILE plays it)')
    .option(
      '--record-max-mib <n>',
      'the most MiB the --record file may take; it stops there',
      '500',
    )
    .option('--overwrite', 'replace an existing --record file')
    .option(
      '--redis <url>',
      'publish the session to Redis (redis://HOST:PORT) for neocortex relay: more viewers, other machines',
    )
    .option('--redis-channel <name>', 'the channel name on Redis (default neocortex)')
    .option(
      '--lessons <dir>',
      'a folder of your own lessons (JSON), offered beside the built-in ones',
    )
    .addOption(pluginOption())
    .addOption(backendOption())
    .action(async (raw: Record<string, unknown>, command: Command) => {
      await loadPluginsOf(raw);
      const { readSpecFile } = await import('./specFile.ts');
      const { parseServeOptions, resolveSessionSpec, runServe } = await import('./serve.ts');
      const options = parseServeOptions(raw);
      const file = options.spec !== undefined ? await readSpecFile(options.spec) : undefined;
      const given = (key: string): boolean =>
        ['cli', 'env'].includes(command.getOptionValueSource(key) ?? '');
      await runServe(options, print, resolveSessionSpec(options, file, given));
    });

  program
    .command('replay <file>')
    .description(
      'serve the page over a recording (serve --record) with a timeline: play, pause, seek, speed',
    )
    .option(
      '--port <n>',
      'port to listen on (env PORT; 0: any free port)',
      process.env['PORT'] ?? '8080',
    )
    .option('--host <address>', 'address to bind (0.0.0.0: every interface)', '127.0.0.1')
    .option('--speed <x>', 'playback speed at start, 0.25 to 8', '1')
    .option('--paused', 'start paused at the beginning')
    .option('--no-web', 'stream only: do not build or serve the page')
    .option('--allow-host <name...>', 'host names viewers use to reach this machine')
    .action(async (file: string, raw: Record<string, unknown>) => {
      const { parseReplayOptions, runReplay } = await import('./replay.ts');
      const { webRoot } = await import('./serve.ts');
      await runReplay(file, parseReplayOptions(raw), print, () => webRoot(print));
    });

  program
    .command('relay')
    .description(
      'serve the page and the stream of a simulation running elsewhere (serve --redis) from Redis',
    )
    .requiredOption('--redis <url>', 'the Redis the simulation publishes to (redis://HOST:PORT)')
    .option('--redis-channel <name>', 'the channel name on Redis (default neocortex)')
    .option(
      '--port <n>',
      'port to listen on (env PORT; 0: any free port)',
      process.env['PORT'] ?? '8081',
    )
    .option('--host <address>', 'address to bind (0.0.0.0: every interface)', '127.0.0.1')
    .option('--frame-rate <n>', 'frames per second sent to each viewer at most', '30')
    .option('--max-viewers <n>', 'viewers this relay serves at most (default 200)')
    .option('--max-viewers-per-address <n>', 'viewers from one address at most (default 50)')
    .option('--no-web', 'stream only: do not build or serve the page')
    .option('--allow-host <name...>', 'host names viewers use to reach this machine')
    .option('--allow-origin <url...>', 'other pages (scheme://host:port) allowed to open a socket')
    .action(async (raw: Record<string, unknown>) => {
      const { parseRelayOptions, runRelay } = await import('./relay.ts');
      const { webRoot } = await import('./serve.ts');
      await runRelay(parseRelayOptions(raw), print, () => webRoot(print));
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
    .option('--queue <url>', 'put the missing cells on a Redis queue for `neocortex worker`s')
    .option('--per-worker', 'with --queue: a line a worker, its jobs done, running and failed')
    .addOption(pluginOption())
    .addOption(backendOption())
    .action(async (name: string | undefined, raw: Record<string, unknown>, command: Command) => {
      await loadPluginsOf(raw);
      const { runExperimentCommand } = await import('./experiment.ts');
      const given = (key: string): boolean =>
        ['cli', 'env'].includes(command.getOptionValueSource(key) ?? '');
      await runExperimentCommand(name, raw, print, process.argv.slice(2), given);
    });

  program
    .command('worker')
    .description('take experiment cells from a Redis queue and compute them (docs/queue.md)')
    .requiredOption('--queue <url>', 'the queue: redis://HOST:PORT')
    .option('--concurrency <n>', 'jobs at once, each in its own process (default 1)')
    .option('--lock-duration <ms>', "a running job's lock, renewed every half (default 30000)")
    .option('--stalled-interval <ms>', 'how often stalled jobs are taken back (default 30000)')
    .option('--max-stalled-count <n>', 'stalls a job may have before it fails (default 2)')
    .option('--data-dir <dir>', 'data sets not embedded, one folder each: DIR/fashion-mnist, ...')
    .addOption(backendOption())
    .action(async (raw: Record<string, unknown>) => {
      const { runWorkerCommand } = await import('./worker.ts');
      await runWorkerCommand(raw, print);
    });

  program
    .command('doctor')
    .description('check what optional services answer: Redis (for --queue) and its version')
    .option('--redis <url>', 'the Redis to check (default redis://127.0.0.1:6379)')
    .action(async (raw: Record<string, unknown>) => {
      const { runDoctorCommand } = await import('./doctor.ts');
      await runDoctorCommand(raw, print);
    });

  program
    .command('sweep [file]')
    .description('train and test a model at every point of a grid or list over its spec fields')
    .option('--out <dir>', 'output folder (default runs/sweeps/<name>)')
    .option('--from <results>', 'rerun a recorded sweep: DIR/results.json (in DIR, unless --out)')
    .option('--queue <url>', 'put the missing points on a Redis queue for `neocortex worker`s')
    .option('--per-worker', 'with --queue: a line a worker, its jobs done, running and failed')
    .option('--no-progress', 'hide the progress bar')
    .addOption(backendOption())
    .action(async (file: string | undefined, raw: Record<string, unknown>) => {
      const { runSweepCommand } = await import('./sweep.ts');
      await runSweepCommand(file, raw, print, process.argv.slice(2));
    });

  program
    .command('spec <kind> [name]')
    .description(
      `print a complete default spec as JSON: ${specKinds.join(', ')} ` +
        '(spec model pcvae, spec session, spec experiment label-efficiency)',
    )
    .option('--quick', 'experiment: the quick configuration')
    .addOption(pluginOption())
    .action(async (kind: string, name: string | undefined, raw: Record<string, unknown>) => {
      await loadPluginsOf(raw);
      const { defaultSpecJson } = await import('./printSpec.ts');
      process.stdout.write(defaultSpecJson(kind, name, raw['quick'] === true));
    });

  return program;
}

/**
 * The options the registered kinds add to `train`, with their plugins' kinds: read only when
 * the command is `train` (or its help), so other commands load no model code.
 */
async function trainFlagsFor(argv: readonly string[]): Promise<TrainFlag[]> {
  const [command, subject] = argv.slice(2);
  if (command !== 'train' && !(command === 'help' && subject === 'train')) return [];
  const { loadPlugins } = await import('./plugins.ts');
  await loadPlugins(pluginFiles(argv));
  const { trainFlags } = await import('./trainFlags.ts');
  return trainFlags();
}

/**
 * The help of `serve`'s model options from the registry, with the plugins' kinds: read only
 * when the command is `serve` (or its help).
 */
async function serveHelpFor(argv: readonly string[]): Promise<ServeHelp | undefined> {
  const [command, subject] = argv.slice(2);
  if (command !== 'serve' && !(command === 'help' && subject === 'serve')) return undefined;
  const { loadPlugins } = await import('./plugins.ts');
  await loadPlugins(pluginFiles(argv));
  const { serveHelp } = await import('./serveFlags.ts');
  return serveHelp();
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram(await trainFlagsFor(argv), await serveHelpFor(argv)).parseAsync(argv);
    return 0;
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv);
