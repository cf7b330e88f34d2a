/**
 * A live session: one simulation that trains the predictive-coding VAE and the
 * feedforward classifier side by side and shows what they do, tick by tick,
 * with its controls (play, pause, step, speed, mode, input, occlusion, clamp,
 * lesion). `tick()` runs one step of the current mode synchronously and emits a
 * Frame of copies on `frame$`; a TickRunner calls it in real time. Nothing here
 * waits for a viewer.
 *
 * What one tick does, by mode:
 * - train:     the displayed test image (changing every `displayEvery` ticks)
 *              recognised and predicted back, after one batch step for each model
 *              (`training: 'inline'`) or with the newest weights a worker thread
 *              posted (`training: 'worker'`: it trains flat out while the session
 *              plays in train mode; see workerTraining.ts).
 * - recognize: the current input recognised and predicted back down.
 * - generate:  a top state drawn from the prior N(0, I) (clamped units held) and
 *              generated down the feedback pathways: a dream.
 * - settle:    one predictive-coding iteration on the current input, continuing
 *              from the last tick's states; the run restarts from a recognition
 *              sweep when the input, occlusion or lesion changes.
 */
import { BehaviorSubject, Subject, type Observable } from 'rxjs';
import type { DatasetSplit } from '../data/index.ts';
import { loadDataset } from '../data/loadDataset.ts';
import { binarizeTestSet } from '../models/evaluate.ts';
import { createRng, permutation, type Rng } from '../random/rng.ts';
import type {
  AreaFrame,
  AreaTopology,
  Frame,
  LatentPoint,
  Occlusion,
  SessionMode,
  SessionState,
  Topology,
} from './session/vocabulary.ts';
import {
  difference,
  displaySizeOf,
  displayValues,
  rootMeanSquare,
  softmax,
  toIntensityBytes,
  toSignedBytes,
} from './frameEncoding.ts';
import { LatentProjection } from './latentProjection.ts';
import { occlude } from './occlusion.ts';
import { SessionHistory } from './sessionHistory.ts';
import { SessionModels, TOP_AREA, type ClassifierView } from './sessionModels.ts';
import { SessionSpec, type SessionSpecInput } from './sessionSpec.ts';
import { InlineTraining, type SessionTraining } from './sessionTraining.ts';
import { TickRunner } from './tickRunner.ts';
import { WorkerTraining } from './workerTraining.ts';
import { NeocortexError } from '../errors.ts';

/** A control the session refuses (bad value for this session); the message says why. */
/** A live-session control was refused (code `CONTROL_REFUSED`). */
export class ControlError extends NeocortexError {
  /** @param message - why the control was refused */
  constructor(message: string) {
    super('CONTROL_REFUSED', message);
  }
}

interface CurrentInput {
  pixels: Float32Array;
  label: number;
  /** Changes whenever the input does. */
  serial: number;
}

interface SettleRun {
  key: string;
  input: Float32Array;
  classifier: ClassifierView;
  /** Iterations done so far (the last one shown). */
  iteration: number;
  /** What the last iteration showed. */
  shown: SettleView;
  /** Ticks spent holding the last iteration. */
  held: number;
}

interface SettleView {
  prediction: Float32Array;
  top: Float32Array;
  freeEnergy: number;
}

/** Ticks a finished settle run stays on screen before the next test image. */
const SETTLE_HOLD_TICKS = 20;

export interface SessionOptions {
  /** Called when a tick fails (the session pauses first). */
  onError?: (error: unknown) => void;
}

export class Session {
  readonly spec: SessionSpec;
  readonly topology: Topology;
  readonly history: SessionHistory;
  readonly frame$: Observable<Frame>;
  readonly state$: Observable<SessionState>;

  private readonly data: DatasetSplit;
  private readonly models: SessionModels;
  private readonly runner: TickRunner;
  private readonly frames = new Subject<Frame>();
  private readonly states: BehaviorSubject<SessionState>;
  private readonly testPixels: Float32Array;
  private readonly pixelsPerImage: number;
  private readonly training: SessionTraining;
  private readonly projection: LatentProjection;
  private readonly dreamRng: Rng;
  /** The order test images are shown in: shuffled (seeded), so every class turns up early. */
  private readonly displayOrder: Int32Array;

  private mode: SessionMode;
  private clamp: (number | null)[];
  private occlusion: Occlusion | null = null;
  private feedbackLesioned = false;
  private inputSource: 'dataset' | 'drawn' = 'dataset';
  private input: CurrentInput;
  private displayIndex = 0;
  private tickCount = 0;
  private trainTicks = 0;
  private nextLatentId = 0;
  private settleRun: SettleRun | undefined;
  private lastFrame: Frame | null = null;
  private disposed: Promise<void> | undefined;

  constructor(spec: SessionSpecInput, data: DatasetSplit, options: SessionOptions = {}) {
    this.spec = SessionSpec.parse(spec);
    this.data = data;
    const { train, test } = data;
    if (train.count === 0 || test.count === 0) throw new Error('Session: empty data set');
    this.pixelsPerImage = train.height * train.width;
    this.models = new SessionModels(this.spec, this.pixelsPerImage, train.classNames.length);
    this.topology = this.describe();
    this.history = new SessionHistory(this.spec.curveHistory, this.spec.latentHistory);
    this.projection = new LatentProjection(Math.max(2, this.spec.latentSize), this.spec.seed);
    this.dreamRng = createRng(this.spec.seed).fork('dream');
    this.testPixels = binarizeTestSet(test.images);
    this.displayOrder = permutation(test.count, createRng(this.spec.seed).fork('display'));
    this.mode = this.spec.mode;
    this.clamp = new Array<number | null>(this.spec.latentSize).fill(null);
    this.input = this.testInput(0, 0);
    this.training =
      this.spec.training === 'worker'
        ? new WorkerTraining(this.spec, train, train.classNames.length, this.models, (error) => {
            this.runner.pause();
            this.publishState();
            options.onError?.(error);
          })
        : new InlineTraining(this.spec, train, this.models);
    this.states = new BehaviorSubject<SessionState>(this.snapshotState(this.spec.playing));
    this.frame$ = this.frames.asObservable();
    this.state$ = this.states.asObservable();
    this.runner = new TickRunner(() => this.tick(), {
      speed: this.spec.speed,
      playing: false,
      onError: (error) => {
        this.syncTraining();
        this.publishState();
        options.onError?.(error);
      },
    });
    if (this.spec.playing) {
      this.runner.play();
      this.syncTraining();
    }
  }

  /** The session's current settings. */
  get state(): SessionState {
    return this.snapshotState(this.runner.playing);
  }

  /** The last frame made (null before the first tick). */
  get latestFrame(): Frame | null {
    return this.lastFrame;
  }

  get classNames(): string[] {
    return this.data.train.classNames;
  }

  /** Where training runs, its steps and epoch, and the weight copies displayed so far. */
  get trainingStatus(): {
    where: 'inline' | 'worker';
    steps: number;
    epoch: number;
    weightLoads: number;
  } {
    const { where, steps, epoch, weightLoads } = this.training;
    return { where, steps, epoch, weightLoads };
  }

  // --- controls ----------------------------------------------------------------

  play(): void {
    this.runner.play();
    this.syncTraining();
    this.publishState();
  }

  pause(): void {
    this.runner.pause();
    this.syncTraining();
    this.publishState();
  }

  /**
   * Pause if playing, then advance exactly one tick. In train mode that is one
   * training step and its display; with worker training the tick runs when the
   * worker has taken the step.
   */
  step(): void {
    this.runner.pause();
    this.syncTraining();
    const tickOnce = (): void => {
      if (this.disposed !== undefined) return;
      this.runner.step();
      this.publishState();
    };
    if (this.mode === 'train') this.training.step(tickOnce);
    else tickOnce();
    this.publishState();
  }

  setSpeed(ticksPerSecond: number): void {
    this.runner.setSpeed(ticksPerSecond);
    this.publishState();
  }

  setMode(mode: SessionMode): void {
    this.mode = mode;
    this.settleRun = undefined;
    this.syncTraining();
    this.publishState();
  }

  /** Show a drawn image (values in 0..1, row-major) until `nextInput`. */
  setInput(pixels: ArrayLike<number>): void {
    if (pixels.length !== this.pixelsPerImage) {
      throw new ControlError(`input: expected ${this.pixelsPerImage} pixels, got ${pixels.length}`);
    }
    this.inputSource = 'drawn';
    this.input = { pixels: Float32Array.from(pixels), label: -1, serial: this.input.serial + 1 };
    this.publishState();
  }

  /** Back to the test set: its next image. */
  nextInput(): void {
    this.inputSource = 'dataset';
    this.advanceDisplay();
    this.publishState();
  }

  setOcclusion(occlusion: Occlusion | null): void {
    this.occlusion = occlusion === null ? null : { ...occlusion };
    this.publishState();
  }

  /** Hold top units at values (null: free); one entry per unit. */
  setClamp(values: readonly (number | null)[]): void {
    if (values.length !== this.spec.latentSize) {
      throw new ControlError(
        `clamp: expected ${this.spec.latentSize} values (one per top unit), got ${values.length}`,
      );
    }
    this.clamp = [...values];
    this.publishState();
  }

  lesionFeedback(lesioned: boolean): void {
    this.models.lesionFeedback(lesioned);
    this.feedbackLesioned = lesioned;
    this.publishState();
  }

  /** Stop for good: resolves when the training worker (if any) has exited. */
  dispose(): Promise<void> {
    if (this.disposed !== undefined) return this.disposed;
    this.runner.dispose();
    this.disposed = this.training.dispose();
    this.models.dispose();
    this.frames.complete();
    this.states.complete();
    return this.disposed;
  }

  // --- one tick ----------------------------------------------------------------

  /** Run one tick of the current mode and emit its frame. */
  tick(): Frame {
    if (this.disposed !== undefined) throw new Error('Session: disposed');
    const epochBefore = this.training.epoch;
    const curvePoints = this.training.beforeTick(this.mode);
    for (const point of curvePoints) this.history.curve.record(point);
    this.tickCount += 1;
    let frame: Frame;
    switch (this.mode) {
      case 'train':
        frame = this.trainTick();
        break;
      case 'recognize':
        frame = this.show(false);
        break;
      case 'generate':
        frame = this.dream();
        break;
      case 'settle':
        frame = this.settleTick();
        break;
    }
    frame.curvePoints = curvePoints;
    this.lastFrame = frame;
    this.frames.next(frame);
    if (this.training.epoch !== epochBefore) this.publishState();
    return frame;
  }

  /** The displayed test image (a new one every `displayEvery` ticks), recognised. */
  private trainTick(): Frame {
    let changed = this.trainTicks === 0;
    if (this.trainTicks > 0 && this.trainTicks % this.spec.displayEvery === 0) {
      changed = this.inputSource === 'dataset';
      if (changed) this.advanceDisplay();
    }
    this.trainTicks += 1;
    return this.show(changed);
  }

  /** Recognise the current input and predict it back (train and recognize modes). */
  private show(recordLatent: boolean): Frame {
    const x = this.seenInput();
    const extra = recordLatent && this.inputSource === 'dataset' ? this.spec.latentPerDisplay : 0;
    const rows = new Float32Array((1 + extra) * this.pixelsPerImage);
    rows.set(x);
    const labels = [this.input.label];
    for (let k = 1; k <= extra; k++) {
      const index = this.displayOrder[(this.displayIndex + k) % this.data.test.count]!;
      rows.set(this.testImage(index), k * this.pixelsPerImage);
      labels.push(this.data.test.labels[index]!);
    }
    const seed = (this.spec.seed * 7919 + this.input.serial) >>> 0;
    const r = this.models.recognize(rows, this.clamp, seed);
    const latentPoints = recordLatent ? this.recordLatent(r.means, labels) : [];
    const cls = this.models.classify(x);
    return this.frame({
      input: x,
      prediction: r.prediction,
      top: r.top,
      classifier: cls,
      freeEnergy: r.negElbo,
      latentPoints,
    });
  }

  private dream(): Frame {
    const z = new Float32Array(this.spec.latentSize);
    for (let i = 0; i < z.length; i++) z[i] = this.clamp[i] ?? this.dreamRng.normal();
    const prediction = this.models.generate(z);
    let energy = 0;
    for (const v of z) energy += 0.5 * v * v;
    return this.frame({ prediction, top: z, freeEnergy: energy, label: -1 });
  }

  /**
   * One predictive-coding iteration, continuing from where the last tick left the
   * areas; a run starts with a recognition sweep when the input, occlusion or
   * lesion changes, and after `settleIterations` iterations and a hold, moves on.
   */
  private settleTick(): Frame {
    let run = this.settleRun;
    if (run?.key === this.settleKey() && run.iteration >= this.spec.settleIterations) {
      if (run.held < SETTLE_HOLD_TICKS) {
        run.held += 1;
        return this.settleFrame(run);
      }
      if (this.inputSource === 'dataset') this.advanceDisplay();
      run = undefined;
    }
    const fresh = run?.key !== this.settleKey();
    if (run === undefined || fresh) {
      const input = this.seenInput();
      run = {
        key: this.settleKey(),
        input,
        classifier: this.models.classify(input),
        iteration: 0,
        shown: { prediction: new Float32Array(0), top: new Float32Array(0), freeEnergy: 0 },
        held: 0,
      };
      this.settleRun = run;
    }
    const step = this.models.settle(
      run.input,
      1,
      this.spec.settleStep,
      fresh ? 'recognition' : 'current',
    );
    run.iteration += 1;
    run.shown = {
      prediction: step.predictions[0]!,
      top: step.tops[0]!,
      freeEnergy: step.freeEnergy[0]!,
    };
    return this.settleFrame(run);
  }

  /** What a settle run depends on: when it changes, the run starts again. */
  private settleKey(): string {
    return `${this.input.serial}|${JSON.stringify(this.occlusion)}|${this.feedbackLesioned}`;
  }

  private settleFrame(run: SettleRun): Frame {
    return this.frame({
      input: run.input,
      classifier: run.classifier,
      ...run.shown,
      iteration: run.iteration,
    });
  }

  // --- pieces ------------------------------------------------------------------

  private frame(parts: {
    input?: Float32Array;
    prediction: Float32Array;
    top: Float32Array;
    classifier?: ClassifierView;
    freeEnergy: number;
    iteration?: number;
    label?: number;
    latentPoints?: LatentPoint[];
  }): Frame {
    const { input, prediction, top, classifier } = parts;
    const max = this.spec.maxDisplayValues;
    const error = input === undefined ? undefined : difference(input, prediction);
    const generative: AreaFrame[] = [
      {
        name: 'sensory',
        state: displayValues(input ?? prediction, max, true),
        errorRms: error === undefined ? 0 : rootMeanSquare(error),
      },
      { name: TOP_AREA, state: displayValues(top, max, false), errorRms: rootMeanSquare(top) },
    ];
    const classifierAreas: AreaFrame[] = this.topology.classifier.areas.map((area, k) => {
      if (classifier === undefined)
        return { name: area.name, state: new Float32Array(0), errorRms: 0 };
      const row = k === 0 ? input! : classifier.areas[k - 1]!;
      return { name: area.name, state: displayValues(row, max, k === 0), errorRms: 0 };
    });
    return {
      tick: this.tickCount,
      time: Date.now(),
      mode: this.mode,
      iteration: parts.iteration ?? 0,
      label: parts.label ?? this.input.label,
      input: input === undefined ? new Uint8Array(0) : toIntensityBytes(input),
      prediction: toIntensityBytes(prediction),
      predictionError: error === undefined ? new Int8Array(0) : toSignedBytes(error),
      generative,
      classifier: classifierAreas,
      classProbabilities:
        classifier === undefined ? new Float32Array(0) : softmax(classifier.logits),
      freeEnergy: parts.freeEnergy,
      latentPoints: parts.latentPoints ?? [],
      curvePoints: [],
    };
  }

  private recordLatent(means: Float32Array, labels: number[]): LatentPoint[] {
    const size = this.spec.latentSize;
    return labels.map((label, k) => {
      const row = means.subarray(k * size, (k + 1) * size);
      const [x, y] = size >= 2 ? this.projection.observe(row) : [row[0]!, 0];
      const point: LatentPoint = { id: this.nextLatentId++, x, y, label };
      this.history.latent.record(point);
      return point;
    });
  }

  /** The current input as the models see it: occluded when an occlusion is set. */
  private seenInput(): Float32Array {
    const { height, width } = this.data.train;
    return this.occlusion === null
      ? this.input.pixels
      : occlude(this.input.pixels, height, width, this.occlusion);
  }

  private testImage(index: number): Float32Array {
    const n = this.pixelsPerImage;
    return this.testPixels.subarray(index * n, (index + 1) * n);
  }

  /** The test image at `position` of the display order. */
  private testInput(position: number, serial: number): CurrentInput {
    const index = this.displayOrder[position]!;
    return { pixels: this.testImage(index), label: this.data.test.labels[index]!, serial };
  }

  private advanceDisplay(): void {
    this.displayIndex = (this.displayIndex + 1) % this.data.test.count;
    this.input = this.testInput(this.displayIndex, this.input.serial + 1);
  }

  /** Training runs on while the session plays in train mode (worker training). */
  private syncTraining(): void {
    this.training.setRunning(this.runner.playing && this.mode === 'train');
  }

  private snapshotState(playing: boolean): SessionState {
    return {
      playing,
      mode: this.mode,
      speed: this.runner?.speed ?? this.spec.speed,
      feedbackLesioned: this.feedbackLesioned,
      clamp: [...this.clamp],
      occlusion: this.occlusion === null ? null : { ...this.occlusion },
      inputSource: this.inputSource,
      tick: this.tickCount,
      epoch: this.training.epoch,
    };
  }

  private publishState(): void {
    if (this.disposed === undefined) this.states.next(this.state);
  }

  private describe(): Topology {
    const { height, width, classNames } = this.data.train;
    const max = this.spec.maxDisplayValues;
    const area = (name: string, size: number, picture: boolean): AreaTopology => ({
      name,
      size,
      displaySize: displaySizeOf(size, max, picture),
      ...(picture ? { shape: [height, width] as [number, number] } : {}),
    });
    const names = this.models.classifierAreas;
    const sizes = [this.pixelsPerImage, ...this.spec.classifierHidden, classNames.length];
    return {
      generative: {
        areas: [
          area('sensory', this.pixelsPerImage, true),
          area(TOP_AREA, this.spec.latentSize, false),
        ],
        pathways: [
          { from: 'sensory', to: TOP_AREA, kind: 'feedforward' },
          { from: TOP_AREA, to: 'sensory', kind: 'feedback' },
        ],
      },
      classifier: {
        areas: names.map((name, i) => area(name, sizes[i]!, i === 0)),
        pathways: names.slice(1).map((to, i) => ({
          from: names[i]!,
          to,
          kind: 'feedforward' as const,
        })),
        classes: [...classNames],
      },
      latentSize: this.spec.latentSize,
      imageShape: [height, width],
    };
  }
}

/** Load the spec's data set and start a session on it. */
export async function createSession(
  spec: SessionSpecInput = {},
  options: SessionOptions & { data?: DatasetSplit } = {},
): Promise<Session> {
  const parsed = SessionSpec.parse(spec);
  const data = options.data ?? (await loadDataset(parsed.dataset, { seed: parsed.seed }));
  return new Session(parsed, data, options);
}
