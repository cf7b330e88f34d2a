/**
 * A cortical area: a representation (state) with a recognition map from the
 * area below and a generative map back down to it. Its streams carry what it
 * sends: `feedforward$` up (its state during recognition, its prediction error
 * during settling), `feedback$` down (the drive of its prediction of the area
 * below), plus `predictionError$` and `state$` for anyone who listens.
 *
 * Arriving signals are summed into per-kind inboxes that are only read in the
 * next phase of the tick, so the order in which pathways deliver never changes
 * what the area computes.
 */
import * as tf from '@tensorflow/tfjs';
import {
  bernoulliNegLogLikelihood,
  gaussianKl,
  gaussianKlToStandardNormal,
  gaussianNegLogDensity,
} from './densities.ts';
import { Subject } from 'rxjs';
import { activate, throughActivationDerivative } from './activation.ts';
import {
  applyMap,
  createMap,
  disposeMap,
  mapVariables,
  transposeJacobian,
  type CortexMap,
} from './maps.ts';
import type { Signal, SignalKind } from './signal.ts';
import type { AreaSpec } from './spec.ts';

/** A trainable vector of zeros; its initial value is freed, only the variable remains. */
function zeroVariable(size: number): tf.Variable<tf.Rank.R1> {
  return tf.tidy(() => tf.variable(tf.zeros<tf.Rank.R1>([size]), true));
}

/**
 * A cortical area: a state, a recognition map from the area below and a generative map back
 * down to it, with the streams it sends on. Built by a hierarchy from an area spec.
 */
export class Area {
  readonly name: string;
  readonly size: number;
  /** Recognition map from the area below (absent on the sensory area). */
  readonly recognitionMap: CortexMap | undefined;
  readonly recognitionBias: tf.Variable<tf.Rank.R1> | undefined;
  /** Generative map down to the area below (absent on the sensory area). */
  readonly generativeMap: CortexMap | undefined;
  /** Bias of the predictions of this area: its prior when nothing arrives from above. */
  readonly priorBias: tf.Variable<tf.Rank.R1> | undefined;
  /**
   * Learned log-variance of p(state | area above), per unit, for a stochastic
   * area below the top (the top's prior is N(0, I)).
   */
  readonly priorLogVar: tf.Variable<tf.Rank.R1> | undefined;

  readonly feedforward$ = new Subject<Signal>();
  readonly feedback$ = new Subject<Signal>();
  readonly predictionError$ = new Subject<Signal>();
  readonly state$ = new Subject<Signal>();

  /** The representation, [batch, size]. For a stochastic area, the posterior mean. */
  state: tf.Tensor2D | undefined;
  /** Posterior log-variance of a stochastic area, from its last recognition. */
  logVar: tf.Tensor2D | undefined;
  /**
   * Posterior mean of a stochastic area during an `infer` tick, whose state is a
   * sample from the posterior (per tick; freed with it).
   */
  posteriorMean: tf.Tensor2D | undefined;
  /** u = prior bias + top-down drive; the prediction is act(u). */
  predictionInput: tf.Tensor2D | undefined;
  prediction: tf.Tensor2D | undefined;
  /** ε = state − prediction. */
  predictionError: tf.Tensor2D | undefined;
  /** e: the error as sent up, precision-weighted and through act'(u). */
  ascendingError: tf.Tensor2D | undefined;

  private clampValue: tf.Tensor2D | undefined;
  private readonly inbox = new Map<SignalKind, tf.Tensor2D>();
  private readonly retired: tf.Tensor[] = [];

  constructor(
    readonly spec: AreaSpec,
    readonly index: number,
    below: AreaSpec | undefined,
    isTop: boolean,
    seed: number,
  ) {
    this.name = spec.name;
    this.size = spec.size;
    if (below !== undefined) {
      const outSize = spec.stochastic ? 2 * spec.size : spec.size;
      this.recognitionMap = createMap(below.size, spec.recognitionHidden, outSize, seed);
      this.recognitionBias = zeroVariable(outSize);
      this.generativeMap = createMap(spec.size, spec.generativeHidden, below.size, seed + 1000);
    }
    if (!isTop) {
      this.priorBias = zeroVariable(spec.size);
      if (spec.stochastic) {
        this.priorLogVar = zeroVariable(spec.size);
      }
    }
  }

  get clamped(): boolean {
    return this.clampValue !== undefined;
  }

  /** Hold the state at `values` ([size] or [batch, size]) until `unclamp`. */
  clamp(values: tf.Tensor2D): void {
    if (values.shape[1] !== this.size) {
      throw new Error(`clamp ${this.name}: expected ${this.size} values, got ${values.shape[1]}`);
    }
    this.clampValue?.dispose();
    this.clampValue = tf.keep(values.clone());
  }

  /** Let the state move again after a clamp. */
  unclamp(): void {
    this.clampValue?.dispose();
    this.clampValue = undefined;
  }

  /** The clamped state tiled to `batch` rows, if clamped. */
  clampedState(batch: number): tf.Tensor2D | undefined {
    const c = this.clampValue;
    if (c === undefined) return undefined;
    return c.shape[0] === batch ? c.clone() : tf.tile(c, [batch, 1]);
  }

  // --- inboxes -------------------------------------------------------------

  /** Sum an arriving signal into the inbox of its kind (called by pathways). */
  receive(kind: SignalKind, value: tf.Tensor2D): void {
    const held = this.inbox.get(kind);
    this.inbox.set(kind, held === undefined ? value : tf.add(held, value));
  }

  /** @internal The sum of the signals of one kind that arrived this phase, if any. */
  received(kind: SignalKind): tf.Tensor2D | undefined {
    return this.inbox.get(kind);
  }

  /** @internal Free what arrived this phase, before the next one. */
  clearInbox(): void {
    this.inbox.clear();
  }

  // --- local computations ----------------------------------------------------

  /** Recognition: act(bias + R(input from below)); a stochastic area splits mean | log-variance. */
  recognizeFromInbox(batch: number): { mean: tf.Tensor2D; logVar?: tf.Tensor2D } {
    const map = this.recognitionMap;
    const bias = this.recognitionBias;
    if (map === undefined || bias === undefined) {
      throw new Error(`${this.name} is the sensory area and has no recognition map`);
    }
    const input = this.received('recognition');
    const drive =
      input === undefined ? tf.zeros<tf.Rank.R2>([batch, map.outSize]) : applyMap(map, input);
    const u = tf.add<tf.Tensor2D>(drive, bias);
    if (!this.spec.stochastic) return { mean: activate(this.spec.activation, u) };
    const [mean, logVar] = tf.split(u, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    return { mean, logVar };
  }

  /** The drive this area sends down as a prediction of the area below: G(state). */
  predictionDrive(): tf.Tensor2D {
    if (this.generativeMap === undefined || this.state === undefined) {
      throw new Error(`${this.name} cannot predict: no generative map or no state`);
    }
    return this.predictionDriveOf(this.state);
  }

  /** The drive a given state of this area would send down: G(state). */
  predictionDriveOf(state: tf.Tensor2D): tf.Tensor2D {
    if (this.generativeMap === undefined) {
      throw new Error(`${this.name} cannot predict: no generative map`);
    }
    return applyMap(this.generativeMap, state);
  }

  /**
   * Form this area's prediction from what arrived from above (or its prior
   * alone). The top area's prior is N(0, I): its prediction is zero, and it is
   * left undefined so that no kernel is spent on a zero tensor.
   */
  formPrediction(batch: number): void {
    if (this.priorBias === undefined) {
      this.predictionInput = undefined;
      this.prediction = undefined;
      return;
    }
    const { u, mu } = this.predictionFrom(this.received('prediction'), batch, this.priorBias);
    this.predictionInput = u;
    this.prediction = mu;
  }

  /** u = prior bias + drive (the prior bias alone when no drive arrived) and μ = act(u). */
  private predictionFrom(
    drive: tf.Tensor2D | undefined,
    batch: number,
    priorBias: tf.Variable<tf.Rank.R1>,
  ): { u: tf.Tensor2D; mu: tf.Tensor2D } {
    const u: tf.Tensor2D =
      drive === undefined
        ? (tf.tile(tf.expandDims(priorBias, 0), [batch, 1]) as tf.Tensor2D)
        : tf.add(drive, priorBias);
    return { u, mu: activate(this.spec.activation, u) };
  }

  /** The top area, whose prediction is the zero prior mean. */
  get isTop(): boolean {
    return this.priorBias === undefined;
  }

  /** ε = x − μ and the ascending error e = −∂(energy)/∂u. */
  compare(): void {
    const state = this.state;
    if (state === undefined) throw new Error(`${this.name}: compare needs a state`);
    if (this.isTop) {
      // ε = x − 0; the top sends no error up.
      this.predictionError = state;
      return;
    }
    if (this.prediction === undefined || this.predictionInput === undefined) {
      throw new Error(`${this.name}: compare needs a prediction`);
    }
    const error = tf.sub<tf.Tensor2D>(state, this.prediction);
    this.predictionError = error;
    if (this.spec.likelihood === 'bernoulli') {
      // -log p(x|u) = softplus(u) - x·u, so -∂/∂u = x - sigmoid(u) = ε exactly.
      this.ascendingError = error;
    } else {
      this.ascendingError = throughActivationDerivative(
        this.spec.activation,
        this.weighted(error),
        this.predictionInput,
        this.prediction,
      );
    }
  }

  /** precision · t, with no kernel when the precision is 1. */
  private weighted(t: tf.Tensor2D): tf.Tensor2D {
    return this.spec.precision === 1 ? t : tf.mul(t, this.spec.precision);
  }

  /** Energy of this area's prediction error per sample, [batch]. */
  energy(): tf.Tensor1D {
    const error = this.predictionError;
    if (this.state === undefined || error === undefined) {
      throw new Error(`${this.name}: energy needs compare() first`);
    }
    return this.energyOf(this.state, error, this.predictionInput);
  }

  /**
   * The energy per sample, [batch], that `state` would have under the prediction
   * `drive` sends (what would arrive from above; undefined when nothing would):
   * the same energy as `formPrediction`, `compare` and `energy`, computed without
   * touching this area's state, inboxes or streams (for trying a step).
   */
  energyAt(state: tf.Tensor2D, drive: tf.Tensor2D | undefined): tf.Tensor1D {
    if (this.priorBias === undefined) return this.energyOf(state, state, undefined);
    const { u, mu } = this.predictionFrom(drive, state.shape[0], this.priorBias);
    return this.energyOf(state, tf.sub<tf.Tensor2D>(state, mu), u);
  }

  /** Energy per sample of `state` with prediction error `error` and prediction input `u`. */
  private energyOf(
    state: tf.Tensor2D,
    error: tf.Tensor2D,
    u: tf.Tensor2D | undefined,
  ): tf.Tensor1D {
    if (this.spec.likelihood === 'bernoulli') {
      return bernoulliNegLogLikelihood(u!, state);
    }
    return tf.mul(0.5 * this.spec.precision, tf.sum(tf.square(error), 1));
  }

  /**
   * For a stochastic area holding a posterior q = N(posteriorMean, exp(logVar)):
   * KL(q ‖ p), p = N(prediction, exp(priorLogVar)) from the area above, or
   * N(0, I) at the top; per sample, [batch]. With the sensory -log p(x | u),
   * these terms sum to the negative ELBO.
   */
  posteriorKl(): tf.Tensor1D {
    const mean = this.posteriorMean;
    const logVar = this.logVar;
    if (!this.spec.stochastic || mean === undefined || logVar === undefined) {
      throw new Error(`${this.name}: a posterior KL needs a stochastic area after an infer sweep`);
    }
    if (this.isTop) return gaussianKlToStandardNormal(mean, logVar);
    const priorMean = this.prediction;
    if (priorMean === undefined) throw new Error(`${this.name}: posteriorKl needs compare() first`);
    return gaussianKl(mean, logVar, priorMean, this.priorLogVar!);
  }

  /**
   * log q(state) − log p(state) at the sampled state, per sample: the single-sample
   * term whose expectation is `posteriorKl`, used by importance weighting.
   */
  logDensityRatio(): tf.Tensor1D {
    const mean = this.posteriorMean;
    const logVar = this.logVar;
    const z = this.state;
    if (!this.spec.stochastic || mean === undefined || logVar === undefined || z === undefined) {
      throw new Error(`${this.name}: a density ratio needs a stochastic area after an infer sweep`);
    }
    // log q − log p = (−log p) − (−log q).
    const negLogQ = gaussianNegLogDensity(z, mean, logVar);
    const negLogP = this.isTop
      ? gaussianNegLogDensity(z, tf.zerosLike(z), tf.zerosLike(z))
      : gaussianNegLogDensity(z, this.prediction!, this.priorLogVar!);
    return tf.sub(negLogP, negLogQ);
  }

  /**
   * ∂F/∂state: this area's own error pulls the state toward its prediction, the
   * error arriving from below (Jᵀe through the generative map) pushes it to
   * explain the area below better.
   */
  freeEnergyGradient(): tf.Tensor2D {
    const error = this.predictionError;
    if (this.state === undefined || error === undefined) {
      throw new Error(`${this.name}: gradient needs compare() first`);
    }
    let gradient: tf.Tensor2D =
      this.spec.likelihood === 'bernoulli' ? tf.neg(this.predictionInput!) : this.weighted(error);
    const fromBelow = this.received('predictionError');
    if (fromBelow !== undefined && this.generativeMap !== undefined) {
      gradient = tf.sub(gradient, transposeJacobian(this.generativeMap, this.state, fromBelow));
    }
    return gradient;
  }

  // --- state ownership -------------------------------------------------------

  /**
   * Replace the state; the area owns (keeps) it. The replaced tensors stay
   * valid until the tick ends (later phases may still read them), then go.
   */
  setState(next: tf.Tensor2D, logVar?: tf.Tensor2D): void {
    if (this.state !== undefined && this.state !== next) this.retired.push(this.state);
    this.state = tf.keep(next);
    if (logVar !== undefined) {
      if (this.logVar !== undefined && this.logVar !== logVar) this.retired.push(this.logVar);
      this.logVar = tf.keep(logVar);
    }
  }

  /** Forget per-tick intermediates and free the states this tick replaced. */
  endTick(): void {
    this.predictionInput = undefined;
    this.prediction = undefined;
    this.predictionError = undefined;
    this.ascendingError = undefined;
    this.posteriorMean = undefined;
    this.clearInbox();
    for (const t of this.retired) t.dispose();
    this.retired.length = 0;
  }

  /** This area's trainable weights: its maps, biases and prior variance. */
  variables(): tf.Variable[] {
    return [
      ...(this.recognitionMap ? mapVariables(this.recognitionMap) : []),
      ...(this.recognitionBias ? [this.recognitionBias] : []),
      ...(this.generativeMap ? mapVariables(this.generativeMap) : []),
      ...(this.priorBias ? [this.priorBias] : []),
      ...(this.priorLogVar ? [this.priorLogVar] : []),
    ];
  }

  /** Free this area's tensors and complete its streams. */
  dispose(): void {
    for (const s of [this.feedforward$, this.feedback$, this.predictionError$, this.state$]) {
      s.complete();
    }
    if (this.recognitionMap) disposeMap(this.recognitionMap);
    if (this.generativeMap) disposeMap(this.generativeMap);
    this.recognitionBias?.dispose();
    this.priorBias?.dispose();
    this.priorLogVar?.dispose();
    this.state?.dispose();
    this.logVar?.dispose();
    this.clampValue?.dispose();
    for (const t of this.retired) t.dispose();
    this.retired.length = 0;
    this.state = undefined;
    this.logVar = undefined;
  }
}
