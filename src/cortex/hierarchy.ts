/**
 * A hierarchy of cortical areas wired by pathways into RxJS streams. The
 * streams carry the computation: a recognition sweep is states flowing up the
 * feedforward pathways, a generation sweep is predictions flowing down the
 * feedback pathways, and a predictive-coding iteration is predictions down and
 * prediction errors up. Each call is one or more ticks of the clock, run as the
 * named phases in phases.ts, inside one tensor scope per tick: every tensor a
 * tick creates is freed when it ends unless it becomes an area's state.
 * Built by build.ts; inputs are converted by input.ts.
 */
import * as tf from '@tensorflow/tfjs';
import type { Observable } from 'rxjs';
import type { Clock } from './clock.ts';
import type { ActivitySnapshot, TickMode, TickSummary } from './activity.ts';
import type { Area } from './area.ts';
import { sweepOrders, type SweepOrders } from './graph.ts';
import { buildAreas, buildPathways, orderedVariables } from './wiring.ts';
import {
  predictionSweep,
  recognitionSweep,
  sendPrediction,
  setAreaState,
  type SweepTarget,
} from './sweeps.ts';
import type { Pathway } from './pathway.ts';
import { type LocalGradient } from './pathway.ts';
import { tickPhases, type PhaseEvent, type PhaseName } from './phases.ts';
import { HierarchyStreams, signalOf } from './streams.ts';
import type { HierarchySpec, PathwayKind } from './spec.ts';
import { toTensor, type InputLike } from './input.ts';
import { descentStep, initialSteps } from './settle.ts';
import { predictionsAt } from './predictions.ts';
import { NeocortexError } from '../errors.ts';
import { didYouMean } from './nearestName.ts';
import { compareAreas, freeEnergyAt, restingState, totalEnergy } from './energy.ts';
import {
  settleDefaults,
  type InferOptions,
  type LearnOptions,
  type LearnResult,
  type NegElboResult,
  type SettleOptions,
  type SettleResult,
  type TickContext,
} from './hierarchyTypes.ts';

/**
 * A built hierarchy: areas wired by pathways, run one tick at a time by `recognize`,
 * `generate`, `settle` and `negElbo`. Made by {@link buildHierarchy}, which checks every shape
 * first.
 */
export class Hierarchy {
  readonly spec: HierarchySpec;
  readonly areas: readonly Area[];
  readonly pathways: readonly Pathway[];
  readonly clock: Clock;
  /** The orders a recognition sweep and a prediction sweep visit the areas in. */
  readonly orders: SweepOrders;
  /** The deterministic areas in prediction order (each after all that predict it). */
  private readonly deterministicAreas: readonly Area[];

  /** Settle iterations since the last recognition sweep of a settle (0 after any other tick). */
  private settleIteration = 0;
  /** Each image's settle step, `[batch, 1]`, while a settle can continue (freed by any other tick). */
  private settleSteps: tf.Tensor2D | undefined;
  /** The states predictions are made from under the fixed-prediction assumption, by area. */
  private held: Map<Area, tf.Tensor2D> | undefined;
  /** Set by `dispose`: the tensors are freed and every later use throws `DISPOSED`. */
  private disposed = false;
  /** The streams the hierarchy's ticks are watched on (activity, tick summaries, phases). */
  private readonly streams = new HierarchyStreams();
  /** Copies of every area's activity at each tick's record phase. */
  readonly activity$: Observable<ActivitySnapshot> = this.streams.activity$;
  /** One summary per tick, after its snapshots. */
  readonly tick$: Observable<TickSummary> = this.streams.tick$;
  /** Every phase as it starts. */
  readonly phase$: Observable<PhaseEvent> = this.streams.phase$;

  constructor(spec: HierarchySpec, clock: Clock) {
    this.spec = spec;
    this.clock = clock;
    this.orders = sweepOrders(spec);
    this.areas = buildAreas(spec);
    this.pathways = buildPathways(spec, (name) => this.area(name));
    this.deterministicAreas = this.orders.prediction
      .map((i) => this.areas[i]!)
      .filter((a) => a.spec.deterministic);
  }

  /** The first area listed: the input. */
  get sensory(): Area {
    return this.areas[0]!;
  }

  /** The last area listed: the top of a chain (the label area of a discriminative network). */
  get top(): Area {
    return this.areas.at(-1)!;
  }

  /** The pathways that carry predictions (and bring their errors back). */
  get predictivePathways(): Pathway[] {
    return this.pathways.filter((p) => p.role === 'prediction');
  }

  /**
   * The area named `name`; throws `UNKNOWN_NAME`, listing the areas and the nearest name, if
   * there is none (and `DISPOSED` after {@link Hierarchy.dispose}).
   */
  area(name: string): Area {
    this.checkAlive('area');
    const found = this.areas.find((a) => a.name === name);
    if (found === undefined) {
      const names = this.areas.map((a) => a.name);
      throw new NeocortexError(
        'UNKNOWN_NAME',
        `no area "${name}"${didYouMean(name, names)}; areas: ${names.join(', ')}`,
      );
    }
    return found;
  }

  /**
   * The pathway from `from` to `to`; throws `UNKNOWN_NAME`, listing the pathways and the
   * nearest one, if there is none.
   */
  pathway(from: string, to: string): Pathway {
    this.checkAlive('pathway');
    const found = this.pathways.find((p) => p.from.name === from && p.to.name === to);
    if (found === undefined) {
      const ids = this.pathways.map((p) => `${p.from.name}->${p.to.name}`);
      throw new NeocortexError(
        'UNKNOWN_NAME',
        `no pathway ${from}->${to}${didYouMean(`${from}->${to}`, ids)}; pathways: ${this.pathways.map((p) => p.id).join(', ')}`,
      );
    }
    return found;
  }

  /** Every pathway of one kind, e.g. to lesion all feedback at once. */
  pathwaysOfKind(kind: PathwayKind): Pathway[] {
    return this.pathways.filter((p) => p.kind === kind);
  }

  // --- the three ways to run ---------------------------------------------------

  /**
   * One bottom-up sweep. Returns the top area's state (owned by the area: valid
   * until its next tick; clone it to keep it).
   */
  recognize(input: InputLike): tf.Tensor2D {
    const x = this.toInput(input);
    try {
      return this.runTick('recognize', 0, x.shape[0], {
        sweepUp: (ctx) =>
          this.spec.predictions === 'up' ? this.predictionSweep(ctx, x) : this.sweepUp(ctx, x),
        record: (ctx) => this.streams.record(this.areas, ctx, this.spec.snapshotMaxValues),
      });
    } finally {
      if (x !== input) x.dispose();
    }
  }

  /**
   * One top-down sweep from a top state: given, or sampled from the prior N(0, I)
   * with `seed`. Returns the sensory area's new state, the generated input. Each area
   * below takes the mean of its prediction, unless `sample` is set: then every
   * stochastic area below the top draws from its prior N(prediction, exp(priorLogVar))
   * (ancestral sampling, with noise from `seed`), and the sensory area still returns
   * its mean (the probabilities of a Bernoulli area).
   */
  generate(
    top?: InputLike,
    options: { seed?: number; batch?: number; sample?: boolean } = {},
  ): tf.Tensor2D {
    if (this.spec.predictions === 'up') {
      throw new NeocortexError(
        'NOT_SUPPORTED',
        'generate: this hierarchy predicts upward (predictions: "up"); it has no top-down model to generate from',
      );
    }
    const given = top === undefined ? undefined : toTensor(top, this.top.size, 'top state');
    const batch = given?.shape[0] ?? options.batch ?? 1;
    try {
      return this.runTick('generate', 0, batch, {
        sweepDown: (ctx) => {
          const start =
            given ??
            tf.randomNormal<tf.Rank.R2>([batch, this.top.size], 0, 1, 'float32', options.seed);
          this.setState(this.top, start, ctx, { external: given !== undefined });
          // Any other root starts from a sample of its prior (the uniform one stays uniform).
          for (const area of this.areas) {
            if (!area.isRoot || area === this.top) continue;
            const sample =
              area.spec.likelihood === 'categorical'
                ? restingState(area, batch)
                : tf.randomNormal<tf.Rank.R2>(
                    [batch, area.size],
                    0,
                    1,
                    'float32',
                    options.seed === undefined ? undefined : options.seed + area.index,
                  );
            this.setState(area, sample, ctx);
          }
          this.predictionSweep(
            ctx,
            undefined,
            options.sample === true ? (options.seed ?? 0) : undefined,
          );
        },
        record: (ctx) => this.streams.record(this.areas, ctx, this.spec.snapshotMaxValues),
      });
    } finally {
      if (given !== undefined && given !== top) given.dispose();
    }
  }

  /**
   * Predictive-coding inference: a recognition sweep gives the first guess (or,
   * with `continueFrom: 'current'`, the areas' current states do), then each
   * iteration sends predictions down and errors up and moves every free area down
   * the free-energy gradient. The sensory area is held at the input. Iterations are
   * numbered from the recognition sweep, across continued calls. Without options it runs
   * {@link settleDefaults}: 20 iterations of step 0.1 from a recognition sweep.
   */
  settle(input: InputLike, options: SettleOptions = {}): SettleResult {
    const iterations = options.iterations ?? settleDefaults.iterations;
    if (!Number.isInteger(iterations) || iterations < 1) {
      throw new NeocortexError(
        'OPTION_INVALID',
        `settle: iterations must be a positive whole number, got ${iterations}`,
      );
    }
    const stepSize = options.stepSize ?? settleDefaults.stepSize;
    if (!(stepSize > 0) || !Number.isFinite(stepSize)) {
      throw new NeocortexError(
        'OPTION_INVALID',
        `settle: stepSize must be a positive finite number, got ${stepSize}`,
      );
    }
    const fixed = options.fixedPredictions === true;
    const x = this.toInput(input);
    const freeEnergy: number[] = [];
    const freeEnergyPerImage: number[][] = [];
    const byArea = options.energyByArea === true;
    const areaEnergy: Record<string, number[]> = {};
    if (byArea) for (const area of this.areas) areaEnergy[area.name] = [];
    try {
      if (options.continueFrom === 'current') {
        this.holdInput(x);
        if (fixed && this.held === undefined) {
          throw new NeocortexError(
            'CALL_ORDER',
            "settle: fixedPredictions with continueFrom 'current' needs a settle with fixedPredictions before it",
          );
        }
        if (!fixed) this.releaseHeld();
      } else {
        if (options.continueFrom === 'prior') this.restAt(x);
        else this.recognize(x);
        if (fixed) this.holdStates();
      }
      const first = this.settleIteration + 1;
      for (let iteration = first; iteration < first + iterations; iteration++) {
        let energy: tf.Tensor1D | undefined;
        let shares: tf.Tensor1D | undefined;
        this.runTick('settle', iteration, x.shape[0], {
          predict: (ctx) => this.predict(ctx),
          compare: () => {
            const perArea = this.compareEachEnergy();
            energy = perArea.reduce((a, b) => tf.add<tf.Tensor1D>(a, b));
            if (byArea) shares = tf.stack(perArea.map((e) => tf.mean(e))) as tf.Tensor1D;
          },
          propagateErrors: (ctx) => this.propagateErrors(ctx),
          update: (ctx) =>
            fixed ? this.updateFixed(ctx, stepSize) : this.update(ctx, stepSize, energy!),
          record: (ctx) => {
            // One read-back a tick: the batch mean is taken here, not by another kernel.
            const values =
              shares === undefined ? energy!.dataSync() : tf.concat([energy!, shares]).dataSync();
            const perImage = Array.from(values.subarray(0, x.shape[0]));
            if (byArea) {
              this.areas.forEach((area, i) => areaEnergy[area.name]!.push(values[x.shape[0] + i]!));
            }
            const value = perImage.reduce((a, b) => a + b, 0) / perImage.length;
            freeEnergyPerImage.push(perImage);
            freeEnergy.push(value);
            this.streams.record(this.areas, ctx, this.spec.snapshotMaxValues, value);
          },
        });
      }
    } finally {
      if (x !== input) x.dispose();
    }
    return { freeEnergy, freeEnergyPerImage, ...(byArea ? { areaEnergy } : {}) };
  }

  /**
   * Local learning, one tick (Rao and Ballard 1999; Whittington and Bogacz 2017): at the states
   * the areas hold (settle first, with the sensory area and any label clamped), every pathway
   * that predicts sends its prediction, every area compares, and then each pathway's weights
   * move by the gradient made of only the two areas it joins, its presynaptic activity x and
   * its target's error e (∂F/∂W = −xᵀe / batch), and each area's prediction bias and learnable
   * precision by its own errors. No gradient flows through the network. The optimizer applies
   * the step. Recognition (amortized) pathways are not changed.
   */
  learn(options: LearnOptions): LearnResult {
    const batch = this.sensory.state?.shape[0];
    if (batch === undefined) {
      throw new NeocortexError('CALL_ORDER', 'learn: settle (or recognize) first');
    }
    const relaying = this.deterministicAreas[0];
    if (relaying !== undefined) {
      throw new NeocortexError(
        'NOT_SUPPORTED',
        `learn: area ${relaying.name} is deterministic: its error is relayed from below, not its ` +
          'own prediction error, so the local rule does not apply (train this hierarchy by backprop)',
      );
    }
    if (options.fixedPredictions === true && this.held === undefined) {
      throw new NeocortexError(
        'CALL_ORDER',
        'learn: fixedPredictions needs a settle with fixedPredictions first',
      );
    }
    if (options.fixedPredictions !== true) this.releaseHeld();
    let freeEnergy = 0;
    this.runTick(
      'learn',
      this.settleIteration,
      batch,
      {
        predict: (ctx) => this.predict(ctx),
        compare: () => {
          freeEnergy = tf.mean(this.compareAll()).dataSync()[0]!;
        },
        updateWeights: () => {
          const gradients = this.localGradients();
          options.optimizer.applyGradients(
            gradients.map((g) => ({ name: g.variable.name, tensor: g.gradient })),
          );
        },
        record: (ctx) =>
          this.streams.record(this.areas, ctx, this.spec.snapshotMaxValues, freeEnergy),
      },
      () => ({}),
    );
    return { freeEnergy };
  }

  /**
   * The local learning rule's gradients at this tick's errors (call between `compare` and the
   * end of a tick; {@link Hierarchy.learn} does). Exposed for tests and for models that apply
   * them their own way.
   */
  localGradients(): LocalGradient[] {
    // The same variables in the same order every tick (a silent pathway's gradient is zero):
    // optimizers such as Adam keep their state by position in this list.
    const out: LocalGradient[] = [];
    for (const p of this.predictivePathways) {
      const e = p.to.ascendingError;
      if (p.presynaptic === undefined || e === undefined) {
        out.push(...p.variables().map((v) => ({ variable: v, gradient: tf.zerosLike(v) })));
      } else {
        out.push(...p.localGradients(e));
      }
    }
    for (const area of this.areas) out.push(...area.localGradients());
    return out;
  }

  /**
   * The negative ELBO per sample (nats), as one `infer` tick: a recognition sweep
   * that samples every stochastic area's posterior, predictions down, and the
   * sum of the area energies (−log p(x | prediction) at the sensory area, and
   * KL(q ‖ p(· | above)) at each stochastic area). With `estimator: 'sampled'`,
   * each KL is replaced by its single-sample estimate log q(z) − log p(z), the
   * log importance weight's terms. `posterior` replaces the recognition of
   * named areas (for settling posterior means). The caller owns the tensors.
   */
  negElbo(input: InputLike, options: InferOptions): NegElboResult {
    const x = this.toInput(input);
    try {
      return this.runTick(
        'infer',
        0,
        x.shape[0],
        {
          sweepUp: (ctx) => this.sweepUp(ctx, x, options),
          predict: (ctx) => this.predict(ctx),
          compare: () => this.compareEach(),
          record: (ctx) => this.streams.record(this.areas, ctx, this.spec.snapshotMaxValues),
        },
        () => {
          const terms: Record<string, tf.Tensor1D> = {};
          for (const area of this.areas) {
            if (area.spec.stochastic && area.posteriorMean !== undefined) {
              terms[area.name] =
                options.estimator === 'sampled' ? area.logDensityRatio() : area.posteriorKl();
            } else {
              terms[area.name] = area.energy();
            }
          }
          const negElbo = Object.values(terms).reduce((a, b) => tf.add<tf.Tensor1D>(a, b));
          return { negElbo, terms };
        },
      );
    } finally {
      if (x !== input) x.dispose();
    }
  }

  /**
   * Each area's energy at the current states (mean per sample, nats, by area name), computed
   * like {@link Hierarchy.freeEnergy} without advancing the clock; the values sum to it. After
   * `learn`, this is the energy the weight update left at the settled states.
   */
  areaEnergies(): Record<string, number> {
    const batch = this.sensory.state?.shape[0];
    if (batch === undefined) {
      throw new NeocortexError('CALL_ORDER', 'areaEnergies: run recognize or settle first');
    }
    const ctx: TickContext = { tick: this.clock.tick, mode: 'settle', iteration: 0, batch };
    const values = tf.tidy(() => {
      this.predict(ctx);
      return tf.stack(this.compareEachEnergy().map((e) => tf.mean(e))).dataSync();
    });
    this.endTick();
    return Object.fromEntries(this.areas.map((area, i) => [area.name, values[i]!]));
  }

  /**
   * Each area's prediction μ = act(prior bias + drives) from the states of the areas that
   * predict it, by area name (a root area has none). The states are the areas' current ones,
   * with `states` (by area name, [batch, size]) in their place: after `recognize`, each area's
   * prediction of the area below comes from its own recognized state (the posterior means), so
   * the sensory area's is the reconstruction; after `settle`, from the settled states, as in
   * settle mode. A deterministic area predicts from its own prediction. Gains and lesions apply;
   * the clock does not advance, nothing goes on the streams and no area changes. The caller owns
   * the tensors.
   */
  predictionsFrom(states: ReadonlyMap<string, InputLike> = new Map()): Map<string, tf.Tensor2D> {
    const given = new Map([...states].map(([name, v]) => [this.area(name), v] as const));
    const order = this.orders.prediction.map((i) => this.areas[i]!).filter((a) => !a.isRoot);
    const predictions = tf.tidy(() => {
      const tensors = new Map(
        [...given].map(([area, v]) => [area, toTensor(v, area.size, `state of ${area.name}`)]),
      );
      const batch = rowsOf(this.areas, tensors);
      const stateOf = (area: Area): tf.Tensor2D => {
        const state = tensors.get(area) ?? area.state;
        if (state === undefined || state.shape[0] !== batch) {
          throw new NeocortexError(
            'OPTION_INVALID',
            `predictionsFrom: ${area.name} holds ${state === undefined ? 'no state' : `${state.shape[0]} row(s)`}, ` +
              `not ${batch}: run recognize or settle first, or give its state`,
          );
        }
        return state;
      };
      const byArea = predictionsAt(
        this.areas,
        this.pathways,
        stateOf,
        this.orders.prediction,
        batch,
      );
      return order.map((area) => byArea.get(area)!);
    });
    return new Map(order.map((area, i) => [area.name, predictions[i]!]));
  }

  /**
   * The free energy of the current states (mean per sample, nats), computed
   * without advancing the clock: Σ area energies + the top prior term.
   */
  freeEnergy(): number {
    if (this.sensory.state === undefined) {
      throw new NeocortexError('CALL_ORDER', 'freeEnergy: run recognize or settle first');
    }
    return Object.values(this.areaEnergies()).reduce((a, b) => a + b, 0);
  }

  // --- controls between ticks ------------------------------------------------------

  /** Cut the pathway from `from` to `to`: it carries nothing until restored. */
  lesion(from: string, to: string): void {
    this.pathway(from, to).lesion();
  }

  /** Undo a lesion of the pathway from `from` to `to`. */
  restore(from: string, to: string): void {
    this.pathway(from, to).restore();
  }

  /** Scale what the pathway from `from` to `to` carries by `gain`. */
  setGain(from: string, to: string, gain: number): void {
    this.pathway(from, to).setGain(gain);
  }

  /** Hold an area's state at `values` ([size] for every batch row, or [batch, size]). */
  clamp(name: string, values: InputLike): void {
    const area = this.area(name);
    const t = toTensor(values, area.size, `clamp ${name}`);
    area.clamp(t);
    if (t !== values) t.dispose();
  }

  /** Let the area named `name` move again after a clamp. */
  unclamp(name: string): void {
    this.area(name).unclamp();
  }

  /**
   * Hide units of an area (by default the sensory area): `known` is 1 where a unit is seen
   * and 0 where it is occluded ([size] for every row, or [batch, size]). Occluded units get
   * precision 0, unknown rather than blank: their errors count for nothing, and settling fills
   * them in from the prediction (read it as the area's `prediction`). `undefined` shows all.
   */
  occlude(known: InputLike | undefined, name = this.sensory.name): void {
    const area = this.area(name);
    if (known === undefined) {
      area.setKnown(undefined);
      return;
    }
    const t = toTensor(known, area.size, `occlude ${name}`);
    area.setKnown(t);
    if (t !== known) t.dispose();
  }

  /** A copy of an area's current state, [batch * size]. */
  readState(name: string): Float32Array {
    const state = this.area(name).state;
    if (state === undefined) {
      throw new NeocortexError(
        'CALL_ORDER',
        `readState: area "${name}" has no state yet (run recognize, generate or settle first)`,
      );
    }
    return state.dataSync().slice() as Float32Array;
  }

  /** The description with the current gains and lesions: enough to rebuild this wiring. */
  toSpec(): HierarchySpec {
    return { ...this.spec, pathways: this.pathways.map((p) => p.toSpec()) };
  }

  /** Every trainable weight of every area (for an optimiser), in a fixed order (wiring.ts). */
  variables(): tf.Variable[] {
    return orderedVariables(this.areas, this.pathways);
  }

  /**
   * Free every tensor the hierarchy owns and end its streams. Any later call that would use
   * them throws `DISPOSED`; a second `dispose` does nothing.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const p of this.pathways) p.dispose();
    for (const a of this.areas) a.dispose();
    this.releaseHeld();
    this.settleSteps?.dispose();
    this.settleSteps = undefined;
    this.streams.complete();
  }

  // --- phases ----------------------------------------------------------------

  private runTick<T extends tf.TensorContainer = tf.Tensor2D>(
    mode: TickMode,
    iteration: number,
    batch: number,
    work: Partial<Record<PhaseName, (ctx: TickContext) => void>>,
    finish?: () => T,
  ): T {
    this.checkAlive(mode);
    const tick = this.clock.advance();
    const ctx: TickContext = { tick, mode, iteration, batch };
    if (mode !== 'learn') this.settleIteration = mode === 'settle' ? iteration : 0;
    if (mode !== 'settle') {
      this.settleSteps?.dispose();
      this.settleSteps = undefined;
    }
    if (mode !== 'settle' && mode !== 'learn') this.releaseHeld();
    try {
      return tf.tidy(() => {
        for (const phase of tickPhases[mode]) {
          this.streams.phase({ tick, mode, iteration, phase });
          work[phase]?.(ctx);
        }
        if (finish !== undefined) return finish();
        const result = mode === 'generate' ? this.sensory.state : this.top.state;
        if (result === undefined) throw new Error('tick ended without a state');
        return result as unknown as T;
      });
    } finally {
      this.endTick();
    }
  }

  private endTick(): void {
    for (const area of this.areas) area.endTick();
    for (const p of this.pathways) p.endTick();
  }

  /** Keep copies of every area's state: the activity predictions are made from under the FPA. */
  private holdStates(): void {
    this.releaseHeld();
    this.held = new Map(this.areas.map((a) => [a, tf.keep(a.state!.clone())]));
  }

  private releaseHeld(): void {
    if (this.held === undefined) return;
    for (const t of this.held.values()) t.dispose();
    this.held = undefined;
  }

  /** Give an area its next state (a clamped area keeps its clamp; see sweeps.ts). */
  private setState(
    area: Area,
    next: tf.Tensor2D,
    ctx: TickContext,
    options: { logVar?: tf.Tensor2D; external?: boolean } = {},
  ): void {
    setAreaState(area, next, ctx.batch, options);
  }

  /** A recognition sweep up (sweeps.ts). */
  private sweepUp(ctx: TickContext, input: tf.Tensor2D, infer?: InferOptions): void {
    recognitionSweep(this.sweepTarget(), ctx, input, infer);
  }

  /** A prediction sweep (sweeps.ts). */
  private predictionSweep(ctx: TickContext, input?: tf.Tensor2D, sampleSeed?: number): void {
    predictionSweep(this.sweepTarget(), ctx, input, sampleSeed);
  }

  /** Send an area's state on the streams its predictive pathways listen to. */
  private sendPrediction(area: Area, ctx: TickContext, state: tf.Tensor2D): void {
    sendPrediction(area, ctx, state, this.spec.predictions);
  }

  private sweepTarget(): SweepTarget {
    return { areas: this.areas, orders: this.orders, predictions: this.spec.predictions };
  }

  /** A `recognize` tick that makes no guess: the input below, every other area at rest. */
  private restAt(x: tf.Tensor2D): void {
    this.runTick('recognize', 0, x.shape[0], {
      sweepUp: (ctx) => {
        this.setState(this.sensory, x, ctx, { external: true });
        for (const area of this.areas.slice(1)) {
          this.setState(area, restingState(area, ctx.batch), ctx);
        }
      },
      record: (ctx) => this.streams.record(this.areas, ctx, this.spec.snapshotMaxValues),
    });
  }

  private sweepDown(ctx: TickContext): void {
    this.predictionSweep(ctx);
  }

  /**
   * Every area sends its state (or, under the FPA, its held state) to the areas it predicts.
   * A deterministic area first takes its prediction as its state, in prediction order, once
   * everything that predicts it has sent.
   */
  private predict(ctx: TickContext): void {
    for (const area of this.areas) {
      if (!area.spec.deterministic) {
        this.sendPrediction(area, ctx, this.held?.get(area) ?? area.state!);
      }
    }
    for (const area of this.deterministicAreas) {
      let state = this.held?.get(area);
      if (state === undefined) {
        area.formPrediction(ctx.batch);
        this.setState(area, area.prediction!, ctx);
        state = area.state!;
      }
      this.sendPrediction(area, ctx, state);
    }
  }

  /** Form every area's prediction (from what arrived from above) and its prediction error. */
  private compareEach(): void {
    compareAreas(this.areas);
  }

  /** Form predictions and errors everywhere; return each sample's free energy, [batch]. */
  private compareAll(): tf.Tensor1D {
    return totalEnergy(this.compareEachEnergy());
  }

  /** Form predictions and errors everywhere; return each area's energy per sample, in area order. */
  private compareEachEnergy(): tf.Tensor1D[] {
    compareAreas(this.areas);
    return this.areas.map((area) => area.energy());
  }

  /**
   * Every area sends its ascending error on `predictionError$`; each pathway that predicted it
   * carries Jᵀe back to its source (a lesioned one carries nothing: where its prediction did
   * not arrive, the error is nobody's to correct).
   */
  private propagateErrors(ctx: TickContext): void {
    for (const area of this.areas) {
      const error = area.ascendingError;
      if (error === undefined || area.spec.deterministic) continue;
      area.predictionError$.next(signalOf(area, ctx, 'predictionError', error));
    }
    // A deterministic area passes on the errors of the areas it predicts: the lowest first.
    for (const area of [...this.deterministicAreas].reverse()) {
      area.relayError();
      area.predictionError$.next(signalOf(area, ctx, 'predictionError', area.ascendingError!));
    }
  }

  /** The areas a settle moves: all but the sensory area, the clamped and the deterministic ones. */
  private freeAreas(): Area[] {
    return this.areas.filter((a, i) => i > 0 && !a.clamped && !a.spec.deterministic);
  }

  /**
   * Every free area steps down the free-energy gradient, all at once from the same
   * old states, with each image's own step (settle.ts): an image whose free energy
   * the step would raise keeps its states, and its step halves. A categorical area
   * steps in its log-probabilities (a softmax brings it back to probabilities).
   */
  private update(ctx: TickContext, stepSize: number, energy: tf.Tensor1D): void {
    const free = this.freeAreas();
    const coordinates = free.map((a) => a.toDescentCoordinates(a.state!, a.freeEnergyGradient()));
    const steps = this.settleSteps ?? initialSteps(ctx.batch, stepSize);
    const next = descentStep({
      states: coordinates.map((c) => c.point),
      gradients: coordinates.map((c) => c.gradient),
      energy,
      steps,
      energyAt: (proposals) =>
        freeEnergyAt(
          this.areas,
          this.pathways,
          new Map(free.map((a, i) => [a, a.fromDescentCoordinates(proposals[i]!)])),
          this.orders.prediction,
        ),
    });
    free.forEach((area, i) =>
      this.setState(area, area.fromDescentCoordinates(next.states[i]!), ctx),
    );
    this.settleSteps = tf.keep(next.steps);
    steps.dispose();
  }

  /** Under the fixed-prediction assumption: a plain step of `stepSize` for every free area. */
  private updateFixed(ctx: TickContext, stepSize: number): void {
    for (const area of this.freeAreas()) {
      const { point, gradient } = area.toDescentCoordinates(area.state!, area.freeEnergyGradient());
      this.setState(
        area,
        area.fromDescentCoordinates(tf.sub(point, tf.mul(gradient, stepSize))),
        ctx,
      );
    }
  }

  // --- inputs ------------------------------------------------------------------

  /**
   * Continue settling on `x`: every area must already hold states for as many
   * inputs; the sensory area takes `x` (the free areas keep theirs).
   */
  private holdInput(x: tf.Tensor2D): void {
    const rows = x.shape[0];
    const missing = this.areas.find((a) => a.state === undefined || a.state.shape[0] !== rows);
    if (missing !== undefined) {
      throw new NeocortexError(
        'CALL_ORDER',
        `settle: continueFrom 'current' needs every area to hold a state for ${rows} input(s); ` +
          `${missing.name} does not (run recognize or settle first)`,
      );
    }
    if (this.sensory.clamped) return;
    this.sensory.setState(tf.clone(x));
    this.sensory.endTick();
  }

  private toInput(input: InputLike): tf.Tensor2D {
    this.checkAlive('input');
    return toTensor(input, this.sensory.size, 'input');
  }

  /** Throw `DISPOSED` if {@link Hierarchy.dispose} has run: its tensors are gone. */
  private checkAlive(what: string): void {
    if (this.disposed) {
      throw new NeocortexError(
        'DISPOSED',
        `${what}: this hierarchy was disposed (its weights are freed); build a new one`,
      );
    }
  }
}

/** The rows of the given states (which must agree), else of the sensory area's current state. */
function rowsOf(areas: readonly Area[], given: ReadonlyMap<Area, tf.Tensor2D>): number {
  const rows = new Set([...given.values()].map((t) => t.shape[0]));
  if (rows.size > 1) {
    throw new NeocortexError(
      'OPTION_INVALID',
      `predictionsFrom: the given states have different numbers of rows (${[...rows].join(', ')})`,
    );
  }
  const batch = [...rows][0] ?? areas.find((a) => a.state !== undefined)?.state?.shape[0];
  if (batch === undefined) {
    throw new NeocortexError('OPTION_INVALID', 'predictionsFrom: run recognize or settle first');
  }
  return batch;
}
