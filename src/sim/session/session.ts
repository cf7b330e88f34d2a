/**
 * A live session: one simulation that trains a generative model (the
 * predictive-coding VAE, any hierarchy its spec describes, or a pcgen) and a
 * classifier (the feedforward MLP or a pcn) side by side and shows what they do,
 * tick by tick, with the latest local-learning step of each model that learns
 * locally, and with its controls (play, pause, step,
 * speed, mode, input, occlusion, clamp, lesion, settle auto-advance, settle speed, stay on
 * this input). `tick()` runs one step of the
 * current mode synchronously and emits a Frame of copies on `frame$`; a
 * TickRunner calls it in real time. Nothing here waits for a viewer.
 *
 * What one tick does, by mode (one file each in modes/):
 * - train:     the displayed test image recognised and predicted back, after one
 *              training step for each model (inline) or with the newest weights
 *              the training worker posted (worker).
 * - recognize: the current input swept up and predicted back down (a pcgen, which
 *              has no encoder, settles from rest instead).
 * - generate:  a top state drawn from the prior (clamped units held), generated down.
 * - settle:    one predictive-coding iteration on the current input; a finished
 *              run stays on screen until the next input (or auto-advance).
 */
import { NeocortexError } from '../../errors.ts';
import { BehaviorSubject, Subject, type Observable } from 'rxjs';
import type { DatasetSplit } from '../../data/index.ts';
import { loadDataset } from '../../data/loadDataset.ts';
import { createRng, type Rng } from '../../random/rng.ts';
import { SessionHistory } from './sessionHistory.ts';
import { SessionModels, type TrainedSlots } from './sessionModels.ts';
import {
  isParsedSessionSpec,
  parseSessionSpec,
  type ParsedSessionSpec,
} from './parsedSessionSpec.ts';
import { checkSessionMemory, dataShape, namedDataShape } from './sessionMemory.ts';
import type { SessionSpecInput } from './sessionSpec.ts';
import type { SessionTraining } from './training/sessionTraining.ts';
import { TickRunner } from './tickRunner.ts';
import {
  checkClamp,
  checkInput,
  checkSettleSpeed,
  checkSwitch,
  type ControlSettings,
} from './controls.ts';
import { buildFrame, type FrameParts } from './frame.ts';
import { SessionInputs } from './inputs.ts';
import { LatentView } from './latentView.ts';
import type { ModeContext } from './modes/context.ts';
import { DreamSource } from './modes/generate.ts';
import { recognizeTick } from './modes/recognize.ts';
import { SettleRunner } from './modes/settle.ts';
import { TrainDisplay } from './modes/train.ts';
import { describeTopology } from './topology.ts';
import { loadTrainedSlots, trainedPaths } from './trainedSlots.ts';
import { startTraining } from './training/index.ts';
import type { Frame, Occlusion, SessionMode, SessionState, Topology } from './vocabulary.ts';

/** Options of a session that are not part of its spec. */
export interface SessionOptions {
  /** Called when a tick fails (the session pauses first). */
  onError?: (error: unknown) => void;
  /**
   * The trained models the spec's slots name (`trained`), read by `loadTrainedSlots` (which
   * `createSession` calls): each is checked against its slot and its weights taken.
   */
  trained?: TrainedSlots;
}

/** One live simulation with its controls; see the file comment. */
export class Session {
  readonly spec: ParsedSessionSpec;
  readonly topology: Topology;
  readonly history: SessionHistory;
  readonly frame$: Observable<Frame>;
  readonly state$: Observable<SessionState>;

  private readonly data: DatasetSplit;
  private readonly models: SessionModels;
  private readonly runner: TickRunner;
  private readonly frames = new Subject<Frame>();
  private readonly states: BehaviorSubject<SessionState>;
  private readonly training: SessionTraining;
  private readonly inputs: SessionInputs;
  private readonly controls: ControlSettings;
  private readonly context: ModeContext;
  private readonly dreamRng: Rng;
  private readonly trainDisplay = new TrainDisplay();
  private readonly settleRunner = new SettleRunner();
  private readonly dreams = new DreamSource();
  /** Ticks per second outside settle mode, and settle iterations per second (its ticks). */
  private readonly pace: { speed: number; settleSpeed: number };
  private tickCount = 0;
  /** Restarts from scratch so far (SessionState.trainingRun). */
  private trainingRun = 0;
  private lastFrame: Frame | null = null;
  private disposed: Promise<void> | undefined;

  /**
   * @param spec - the session description, parsed once where it entered (`parseSessionSpec`);
   *   it is not parsed again here. An object that did not come from `parseSessionSpec` is
   *   refused (a NeocortexError, `SPEC_INVALID`): `createSession(spec)` takes a spec as written.
   * @param data - the data set it trains on and shows
   * @param options - see SessionOptions
   */
  constructor(spec: ParsedSessionSpec, data: DatasetSplit, options: SessionOptions = {}) {
    if (!isParsedSessionSpec(spec)) {
      throw new NeocortexError(
        'SPEC_INVALID',
        'Session: the spec has not been parsed: pass parseSessionSpec(spec), or start the ' +
          'session with createSession(spec), which takes a spec as written',
      );
    }
    this.spec = spec;
    this.data = data;
    const { train, test } = data;
    if (train.count === 0 || test.count === 0) {
      throw new NeocortexError('DATA_INVALID', 'Session: empty data set');
    }
    // Before any model is built: the models' estimate for this data against maxMemoryMiB.
    checkSessionMemory(spec, dataShape(data));
    const trained = options.trained ?? {};
    for (const [slot, path] of Object.entries(trainedPaths(this.spec))) {
      if (trained[slot as keyof TrainedSlots] === undefined) {
        throw new NeocortexError(
          'OPTION_INVALID',
          `session spec: ${slot}.trained names ${path}, which has not been read: start the session ` +
            'with createSession (it reads trained models), or pass loadTrainedSlots(spec) as options.trained',
        );
      }
    }
    this.models = new SessionModels(
      this.spec,
      train.height * train.width,
      train.classNames.length,
      trained,
    );
    this.topology = describeTopology(this.models, {
      imageShape: [train.height, train.width],
      classNames: train.classNames,
      maxDisplayValues: this.spec.maxDisplayValues,
    });
    this.history = new SessionHistory(this.spec.curveHistory, this.spec.latentHistory);
    this.dreamRng = createRng(this.spec.seed).fork('dream');
    this.inputs = new SessionInputs(data, this.spec.seed);
    this.controls = {
      mode: this.spec.mode,
      clamp: new Array<number | null>(this.models.topSize).fill(null),
      occlusion: null,
      feedbackLesioned: false,
      settleAutoAdvance: this.spec.settleAutoAdvance,
      inputHeld: false,
    };
    this.pace = { speed: this.spec.speed, settleSpeed: this.spec.settleSpeed };
    this.context = {
      spec: this.spec,
      models: this.models,
      inputs: this.inputs,
      controls: this.controls,
      latentView: new LatentView(this.models.topSize, this.spec.seed, this.history),
      weightVersion: () => this.training.weightLoads,
    };
    const fromTrained = Object.keys(trained).length > 0;
    this.training = startTraining(this.models.spec, train, this.models, fromTrained, (error) => {
      this.runner.pause();
      this.publishState();
      options.onError?.(error);
    });
    this.states = new BehaviorSubject<SessionState>(this.snapshotState(this.spec.playing));
    this.frame$ = this.frames.asObservable();
    this.state$ = this.states.asObservable();
    this.runner = new TickRunner(() => this.tick(), {
      speed: this.runnerSpeed(),
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

  /**
   * The index in the test set of the test image shown now (it changes by itself in train and
   * auto-advancing settle mode), or null when a drawing is shown.
   */
  get testImage(): number | null {
    return this.inputs.testIndex;
  }

  /** The data set's class names. */
  get classNames(): string[] {
    return this.data.train.classNames;
  }

  /**
   * Where training runs, its steps and epoch, the weight copies displayed so far,
   * and the training worker's tensor memory at its last report (null inline).
   */
  get trainingStatus(): {
    where: 'inline' | 'worker';
    steps: number;
    epoch: number;
    weightLoads: number;
    memory: { numTensors: number; numBytes: number } | null;
  } {
    const { where, position, weightLoads, memory } = this.training;
    const { steps, epoch } = position;
    return { where, steps, epoch, weightLoads, memory: memory ?? null };
  }

  /**
   * A copy of every weight the displayed models hold (the generative model's, then the
   * classifier's): with worker training, as of the last copy the worker sent.
   */
  weights(): Float32Array {
    return this.models.weights();
  }

  // --- controls ----------------------------------------------------------------

  /** Tick in real time. */
  play(): void {
    this.runner.play();
    this.syncTraining();
    this.publishState();
  }

  /** Stop ticking (training in a worker stops too). */
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
    if (this.controls.mode === 'train') this.training.step(tickOnce);
    else tickOnce();
    this.publishState();
  }

  /** Ticks per second to aim for (outside settle mode: it goes at its settle speed). */
  setSpeed(ticksPerSecond: number): void {
    this.runner.setSpeed(ticksPerSecond); // checks it (a bad value throws, nothing changes)
    this.pace.speed = ticksPerSecond;
    this.runner.setSpeed(this.runnerSpeed());
    this.publishState();
  }

  /**
   * Settle iterations per second (0.5..120): settle mode ticks at this pace, one iteration a
   * tick, whatever the tick rate of the other modes. Out of range: a ControlError, nothing changes.
   */
  setSettleSpeed(iterationsPerSecond: number): void {
    checkSettleSpeed(iterationsPerSecond);
    this.pace.settleSpeed = iterationsPerSecond;
    this.runner.setSpeed(this.runnerSpeed());
    this.publishState();
  }

  /** Switch mode (a settle run starts afresh). */
  setMode(mode: SessionMode): void {
    this.controls.mode = mode;
    this.settleRunner.reset();
    this.runner.setSpeed(this.runnerSpeed());
    this.syncTraining();
    this.publishState();
  }

  /** Show a drawn image (values in 0..1, row-major) until `nextInput`. */
  setInput(pixels: ArrayLike<number>): void {
    checkInput(pixels, this.inputs.pixelsPerImage);
    this.inputs.draw(pixels);
    this.publishState();
  }

  /** Back to the test set: its next image. */
  nextInput(): void {
    this.inputs.nextFromDataset();
    this.publishState();
  }

  /** The previous test image in display order. */
  previousInput(): void {
    this.inputs.previous();
    this.publishState();
  }

  /** Show a test image of class `label` ("show a 3"): the next one of it in display order. */
  showClass(label: number): void {
    this.inputs.showClass(label);
    this.publishState();
  }

  /** Show the test image at `index` of the test set. */
  showTestImage(index: number): void {
    this.inputs.showTestImage(index);
    this.publishState();
  }

  /**
   * Stay on this input (true) in every mode, or let the modes move on by themselves again
   * (false). A value that is not a boolean is refused with a ControlError.
   */
  holdInput(held: boolean): void {
    checkSwitch(held, 'stay on this input');
    this.controls.inputHeld = held;
    this.publishState();
  }

  /** Hide a rectangle of the input from the models (null: show all of it). */
  setOcclusion(occlusion: Occlusion | null): void {
    this.inputs.occlusion = occlusion === null ? null : { ...occlusion };
    this.controls.occlusion = this.inputs.occlusion;
    this.publishState();
  }

  /** Hold top-area units at values (null: free); one entry per unit. */
  setClamp(values: readonly (number | null)[]): void {
    checkClamp(values, this.models.topSize, this.models.latentAreas.at(-1)!);
    this.controls.clamp = [...values];
    this.publishState();
  }

  /** Silence (or restore) every feedback pathway of the generative model. */
  lesionFeedback(lesioned: boolean): void {
    this.models.lesionFeedback(lesioned);
    this.controls.feedbackLesioned = lesioned;
    this.publishState();
  }

  /**
   * Settle mode: move to the next test image by itself once a run is done
   * (true), or stay on the settled input until `nextInput` (false). A value that
   * is not a boolean is refused with a ControlError; nothing changes.
   */
  setSettleAutoAdvance(enabled: boolean): void {
    checkSwitch(enabled, 'settle auto-advance');
    this.controls.settleAutoAdvance = enabled;
    this.publishState();
  }

  /**
   * Train from scratch: both models get the random weights and fresh optimisers a session
   * started with `--from-scratch` has (built from the spec's seed; a trained start's weights
   * are thrown away), training starts again at step 0 of epoch 1 (inline or in the worker,
   * whose reports of the old run are then dropped), the curves and latent points are
   * forgotten and `state.trainingRun` goes up by one, so viewers clear theirs. Playing,
   * mode, input, clamps, occlusion and the lesion stay as they were.
   */
  trainFromScratch(): void {
    if (this.disposed !== undefined) {
      throw new NeocortexError('DISPOSED', 'Session: disposed (build a new Session)');
    }
    this.models.restartFromScratch();
    this.training.restart();
    this.history.clear();
    this.settleRunner.reset();
    this.trainingRun += 1;
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
    if (this.disposed !== undefined) {
      throw new NeocortexError('DISPOSED', 'Session: disposed (build a new Session)');
    }
    const mode = this.controls.mode;
    const epochBefore = this.training.position.epoch;
    const curvePoints = this.training.beforeTick(mode);
    for (const point of curvePoints) this.history.curve.record(point);
    this.tickCount += 1;
    const frame = buildFrame(this.runMode(mode), this.topology, {
      tick: this.tickCount,
      mode,
      label: this.inputs.current.label,
      maxDisplayValues: this.spec.maxDisplayValues,
    });
    frame.curvePoints = curvePoints;
    frame.localLearning = this.training.position.localLearning;
    this.lastFrame = frame;
    this.frames.next(frame);
    if (this.training.position.epoch !== epochBefore) this.publishState();
    return frame;
  }

  private runMode(mode: SessionMode): FrameParts {
    switch (mode) {
      case 'train':
        return this.trainDisplay.tick(this.context);
      case 'recognize':
        return recognizeTick(this.context, false);
      case 'generate':
        return this.dreams.tick(this.context, this.dreamRng);
      case 'settle':
        return this.settleRunner.tick(this.context);
    }
  }

  /** Training runs on while the session plays in train mode (worker training). */
  private syncTraining(): void {
    this.training.setRunning(this.runner.playing && this.controls.mode === 'train');
  }

  /** The tick runner's pace: the settle speed in settle mode, the tick rate otherwise. */
  private runnerSpeed(): number {
    return this.controls.mode === 'settle' ? this.pace.settleSpeed : this.pace.speed;
  }

  private snapshotState(playing: boolean): SessionState {
    const { mode, clamp, occlusion, feedbackLesioned, settleAutoAdvance } = this.controls;
    return {
      playing,
      mode,
      speed: this.pace.speed,
      settleSpeed: this.pace.settleSpeed,
      inputHeld: this.controls.inputHeld,
      feedbackLesioned,
      clamp: [...clamp],
      occlusion: occlusion === null ? null : { ...occlusion },
      inputSource: this.inputs.source,
      settleAutoAdvance,
      settleIterations: this.spec.settleIterations,
      tick: this.tickCount,
      epoch: this.training.position.epoch,
      trainingRun: this.trainingRun,
    };
  }

  private publishState(): void {
    if (this.disposed === undefined) this.states.next(this.state);
  }
}

/**
 * Parse the spec (once; one `parseSessionSpec` made is taken as it is), read the trained models
 * it names (relative to `options.baseDir`, default the working folder), load the spec's data
 * set and start a session on it. A spec over its memory limit is refused before its data set
 * is loaded.
 */
export async function createSession(
  spec: SessionSpecInput | ParsedSessionSpec = {},
  options: SessionOptions & { data?: DatasetSplit; baseDir?: string } = {},
): Promise<Session> {
  const parsed = isParsedSessionSpec(spec) ? spec : parseSessionSpec(spec);
  if (options.data === undefined) checkSessionMemory(parsed, namedDataShape(parsed));
  const trained = options.trained ?? (await loadTrainedSlots(parsed, options.baseDir));
  const data = options.data ?? (await loadDataset(parsed.dataset, { seed: parsed.seed }));
  return new Session(parsed, data, { ...options, trained });
}
