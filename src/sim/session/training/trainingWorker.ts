/**
 * The training thread of a live session (started by WorkerTraining). It owns
 * the training copies of both models and their Adam optimisers, trains flat out
 * while told to run, and reports to the main thread: curve points as they are
 * made, and a copy of every weight at most every `weightSyncMs` (and whenever
 * it stops or has taken a single step). A failed step stops training and is
 * reported; the thread then waits for orders. A `restart` frees the models and
 * optimisers, builds them afresh from the seed and trains from step 0; every
 * report names its training run, so one from before the restart is told apart.
 */
import { setPriority } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend, type BackendChoice } from '../../../backend/index.ts';
import { importKindModule } from '../../../models/kinds.ts';
import type { CurvePoint } from '../vocabulary.ts';
import { SessionModels } from '../sessionModels.ts';
import type {
  FromTrainingWorker,
  ToTrainingWorker,
  TrainingWorkerData,
} from './trainingMessages.ts';
import { TrainingLoop } from './trainingLoop.ts';

/**
 * Nice value of this thread (Linux keeps one per thread; pid 0 is the calling
 * thread): on an idle machine training still has a core to itself, but when cores
 * are contended the ticks that make frames go first.
 */
const TRAINING_NICE = 19;

try {
  setPriority(0, TRAINING_NICE);
} catch {
  // Not permitted or not supported here: train at the same priority.
}

const port = parentPort!;
const { spec, backend, train, classes, weights, kindModules } = (
  workerData as { data: TrainingWorkerData }
).data;

await initBackend(backend as BackendChoice);
// The user's kinds (plugins) the session may hold, registered in this thread too.
for (const url of kindModules) await importKindModule(url);
const models = new SessionModels(spec, train.height * train.width, classes);
if (weights !== undefined) models.loadWeights(weights);
let loop = new TrainingLoop(spec, train);
/** The training run this thread is on (the session's count of restarts from scratch). */
let run = 0;

let running = false;
let scheduled = false;
let points: CurvePoint[] = [];
let lastWeightsAt = performance.now();
let stepsAtLastWeights = 0;
/** Training steps at the last report: a report after new steps carries the latest trace. */
let stepsAtLastReport = 0;

function send(message: FromTrainingWorker): void {
  const transfer = message.type === 'progress' && message.weights ? [message.weights.buffer] : [];
  port.postMessage(message, transfer as ArrayBuffer[]);
}

/** This thread's live tensors, for the session's /healthz. */
function tensorMemory(): { numTensors: number; numBytes: number } {
  const { numTensors, numBytes } = tf.memory();
  return { numTensors, numBytes };
}

function report(options: { weights: boolean; stepped: boolean }): void {
  const { position } = loop;
  const withWeights = options.weights && position.steps !== stepsAtLastWeights;
  const newSteps = position.steps !== stepsAtLastReport;
  if (!withWeights && points.length === 0 && !options.stepped && !newSteps) return;
  send({
    type: 'progress',
    run,
    position,
    points,
    stepped: options.stepped,
    memory: tensorMemory(),
    ...(withWeights ? { weights: models.weights() } : {}),
  });
  points = [];
  stepsAtLastReport = position.steps;
  if (withWeights) {
    lastWeightsAt = performance.now();
    stepsAtLastWeights = position.steps;
  }
}

/** One step; false (after reporting the error) when it failed. */
function trainOnce(): boolean {
  try {
    const point = loop.step(models);
    if (point !== undefined) points.push(point);
    return true;
  } catch (error) {
    running = false;
    report({ weights: false, stepped: false });
    send({ type: 'error', run, message: (error as Error).message ?? String(error) });
    return false;
  }
}

function trainOn(): void {
  scheduled = false;
  if (!running) return;
  if (!trainOnce()) return;
  const due = performance.now() - lastWeightsAt >= spec.weightSyncMs;
  report({ weights: due, stepped: false });
  schedule();
}

/** Next step after the messages that have arrived (setImmediate lets them in). */
function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(trainOn);
}

/**
 * Train from scratch as run `next`: fresh models and optimisers (the old ones freed), step 0
 * of epoch 1, and nothing of the old run left to report.
 */
function restart(next: number, keepRunning: boolean): void {
  models.restartFromScratch();
  loop = new TrainingLoop(spec, train);
  run = next;
  points = [];
  stepsAtLastWeights = 0;
  stepsAtLastReport = 0;
  lastWeightsAt = performance.now();
  running = keepRunning;
  if (running) schedule();
}

port.on('message', (message: ToTrainingWorker) => {
  switch (message.type) {
    case 'restart':
      restart(message.run, message.running);
      break;
    case 'run':
      running = message.running;
      if (running) schedule();
      else report({ weights: true, stepped: false });
      break;
    case 'step':
      if (trainOnce()) report({ weights: true, stepped: true });
      break;
  }
});
send({ type: 'ready' });
