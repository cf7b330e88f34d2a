/**
 * A cortical area: a representation (state), its biases, its precision and the
 * streams it sends on. The weights between areas belong to the pathways. Its
 * streams carry what it sends: `feedforward$` up, `feedback$` down and
 * `lateral$` sideways (its state, which each pathway turns into a drive of its
 * target), `predictionError$` (its ascending error, which every pathway that
 * predicted it carries back to its source) and `state$` for anyone who listens.
 *
 * Arriving signals are summed into per-kind inboxes that are only read in the
 * next phase of the tick, so the order in which pathways deliver never changes
 * what the area computes; several sources of one kind simply add their drives.
 */
import * as tf from '@tensorflow/tfjs';
import {
  bernoulliNegLogLikelihood,
  categoricalKl,
  categoricalKlToUniform,
  gaussianKl,
  gaussianKlToStandardNormal,
  gaussianNegLogDensity,
  weightedBernoulliNegLogLikelihood,
} from './densities.ts';
import { Subject } from 'rxjs';
import { activate, throughActivationDerivative } from './activation.ts';
import type { Signal, SignalKind } from './signal.ts';
import type { AreaSpec } from './spec.ts';
import { NeocortexError } from '../errors.ts';

/** The range a predicted log-precision is kept in (a variance from e^-8 to e^4, as a VAE decoder's). */
const MIN_LOG_PRECISION = -4;
const MAX_LOG_PRECISION = 8;

/** A trainable vector of zeros; its initial value is freed, only the variable remains. */
function zeroVariable(size: number): tf.Variable<tf.Rank.R1> {
  return tf.tidy(() => tf.variable(tf.zeros<tf.Rank.R1>([size]), true));
}

/** How an area takes part in its hierarchy's graph (decided by the pathways). */
export interface AreaWiring {
  /** Width of the recognition drive it receives (2·size for a stochastic area), if any. */
  recognitionSize?: number;
  /** Whether some pathway predicts it (otherwise it is a root, scored by its prior). */
  predicted: boolean;
}

/**
 * A cortical area: a state, the biases of its recognition and of its prediction, its
 * precision, and the streams it sends on. Built by a hierarchy from an area spec.
 */
export class Area {
  readonly name: string;
  readonly size: number;
  /** Bias of the recognition drive (present when some pathway recognizes into the area). */
  readonly recognitionBias: tf.Variable<tf.Rank.R1> | undefined;
  /** Bias of the predictions of this area: its prior when nothing arrives from above. */
  readonly priorBias: tf.Variable<tf.Rank.R1> | undefined;
  /**
   * Learned log-variance of p(state | areas that predict it), per unit, for a predicted
   * stochastic area (a root's prior is N(0, I)).
   */
  readonly priorLogVar: tf.Variable<tf.Rank.R1> | undefined;
  /** Learned log-precision per unit (`learnPrecision`), else undefined. */
  readonly logPrecision: tf.Variable<tf.Rank.R1> | undefined;
  /** Bias of the predicted log-precision (`precision: 'predicted'`), else undefined. */
  readonly logPrecisionBias: tf.Variable<tf.Rank.R1> | undefined;

  readonly feedforward$ = new Subject<Signal>();
  readonly feedback$ = new Subject<Signal>();
  readonly lateral$ = new Subject<Signal>();
  readonly predictionError$ = new Subject<Signal>();
  readonly state$ = new Subject<Signal>();

  /**
   * The representation, [batch, size]. For a stochastic area, the posterior mean; for a
   * categorical one, a probability vector per row.
   */
  state: tf.Tensor2D | undefined;
  /** Posterior log-variance of a stochastic area, from its last recognition. */
  logVar: tf.Tensor2D | undefined;
  /**
   * Posterior mean of a stochastic area during an `infer` tick, whose state is a
   * sample from the posterior (per tick; freed with it).
   */
  posteriorMean: tf.Tensor2D | undefined;
  /** u = prior bias + the drives of every pathway that predicts it; the prediction is act(u). */
  predictionInput: tf.Tensor2D | undefined;
  prediction: tf.Tensor2D | undefined;
  /** ε = state − prediction. */
  predictionError: tf.Tensor2D | undefined;
  /** The log-precision the pathways predicted this tick (`precision: 'predicted'`), [batch, size]. */
  predictedLogPrecision: tf.Tensor2D | undefined;
  /** e = −∂(energy)/∂u: the error as sent back, precision-weighted and through act'(u). */
  ascendingError: tf.Tensor2D | undefined;

  /** Fixed precision per unit when given as a list (undefined: the spec's one number). */
  private readonly fixedPrecision: tf.Tensor1D | undefined;
  /** Zero where a unit's value is unknown (occlusion), [1 or batch, size]. */
  private mask: tf.Tensor2D | undefined;
  private clampValue: tf.Tensor2D | undefined;
  private readonly inbox = new Map<SignalKind, tf.Tensor2D>();
  private readonly retired: tf.Tensor[] = [];

  /**
   * @param spec - the area's description
   * @param index - its position in the hierarchy's list of areas
   * @param wiring - what its pathways make of it
   */
  constructor(
    readonly spec: AreaSpec,
    readonly index: number,
    wiring: AreaWiring,
  ) {
    this.name = spec.name;
    this.size = spec.size;
    if (wiring.recognitionSize !== undefined) {
      this.recognitionBias = zeroVariable(wiring.recognitionSize);
    }
    if (wiring.predicted) {
      this.priorBias = zeroVariable(spec.size);
      if (spec.stochastic) this.priorLogVar = zeroVariable(spec.size);
      if (spec.precision === 'predicted') this.logPrecisionBias = zeroVariable(spec.size);
    }
    const precision = spec.precision;
    if (precision === 'predicted') {
      // Predicted per image by the pathways (formPrediction), nothing fixed to hold.
    } else if (spec.learnPrecision) {
      const values = Array.isArray(precision) ? precision : new Array(spec.size).fill(precision);
      if (values.some((v) => !(v > 0))) {
        throw new NeocortexError(
          'SPEC_INVALID',
          `area ${spec.name}: a learnable precision starts above 0 (learnPrecision with a precision of 0)`,
        );
      }
      this.logPrecision = tf.tidy(() =>
        tf.variable(tf.log(tf.tensor1d(values as number[])) as tf.Tensor1D, true),
      );
    } else if (Array.isArray(precision)) {
      this.fixedPrecision = tf.keep(tf.tensor1d(precision));
    }
  }

  /** Whether the area is held at a clamped state. */
  get clamped(): boolean {
    return this.clampValue !== undefined;
  }

  /** Hold the state at `values` ([size] or [batch, size]) until `unclamp`. */
  clamp(values: tf.Tensor2D): void {
    if (values.shape[1] !== this.size) {
      throw new NeocortexError(
        'SHAPE_MISMATCH',
        `clamp ${this.name}: expected ${this.size} values, got ${values.shape[1]}`,
      );
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

  /**
   * Mark units whose value is unknown: `known` is 1 where a unit is seen and 0 where it is
   * hidden ([size] for every row, or [batch, size]). Their precision becomes 0: their errors
   * count for nothing, so settling fills them in from the prediction. `undefined` sees all.
   */
  setKnown(known: tf.Tensor2D | undefined): void {
    if (known !== undefined && known.shape[1] !== this.size) {
      throw new NeocortexError(
        'SHAPE_MISMATCH',
        `occlude ${this.name}: expected ${this.size} values, got ${known.shape[1]}`,
      );
    }
    this.mask?.dispose();
    this.mask = known === undefined ? undefined : tf.keep(known.clone());
  }

  /** Which units are known (1) or hidden (0), if any are hidden. */
  get known(): tf.Tensor2D | undefined {
    return this.mask;
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

  /**
   * Recognition: act(bias + Σ recognition drives) (softmax for a categorical area); a
   * stochastic area splits mean | log-variance.
   */
  recognizeFromInbox(batch: number): { mean: tf.Tensor2D; logVar?: tf.Tensor2D } {
    const bias = this.recognitionBias;
    if (bias === undefined) {
      throw new NeocortexError(
        'NOT_SUPPORTED',
        `${this.name}: no pathway recognizes into this area`,
      );
    }
    const input = this.received('recognition');
    const u: tf.Tensor2D =
      input === undefined
        ? tf.add<tf.Tensor2D>(tf.zeros([batch, bias.shape[0]]), bias)
        : tf.add(input, bias);
    if (this.spec.stochastic) {
      const [mean, logVar] = tf.split(u, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
      return { mean, logVar };
    }
    return { mean: this.act(u) };
  }

  /** act(u), a softmax for a categorical area. */
  private act(u: tf.Tensor2D): tf.Tensor2D {
    return this.spec.likelihood === 'categorical'
      ? tf.softmax(u)
      : activate(this.spec.activation, u);
  }

  /**
   * Form this area's prediction from the drives that arrived (or its prior bias
   * alone). A root area (nothing predicts it) has no prediction: it is left
   * undefined so that no kernel is spent on it.
   */
  formPrediction(batch: number): void {
    if (this.priorBias === undefined) {
      this.predictionInput = undefined;
      this.prediction = undefined;
      return;
    }
    const { u, mu, logPrecision } = this.predictionFrom(
      this.received('prediction'),
      batch,
      this.priorBias,
    );
    this.predictionInput = u;
    this.prediction = mu;
    this.predictedLogPrecision = logPrecision;
  }

  /**
   * The prediction μ = act(prior bias + `drive`) this area would form from `drive` (what the
   * pathways that predict it would deliver), without touching its inboxes: a deterministic
   * area's state at trial states. Needs an area that something predicts.
   */
  predictionAt(drive: tf.Tensor2D | undefined, batch: number): tf.Tensor2D {
    if (this.priorBias === undefined)
      throw new NeocortexError('NOT_SUPPORTED', `${this.name}: nothing predicts this area`);
    return this.predictionFrom(drive, batch, this.priorBias).mu;
  }

  /** The width of the drives that predict this area: 2·size when they predict its precision too. */
  get predictionWidth(): number {
    return this.spec.precision === 'predicted' ? 2 * this.size : this.size;
  }

  /**
   * A deterministic area's ascending error, once the errors of the areas it predicts have
   * arrived: −∂F/∂u = act'(u) ⊙ Σ Jᵀe (it has no error of its own; it passes theirs on).
   */
  relayError(): void {
    const u = this.predictionInput;
    const mu = this.prediction;
    if (!this.spec.deterministic || u === undefined || mu === undefined) {
      throw new NeocortexError(
        'CALL_ORDER',
        `${this.name}: relayError needs a deterministic area after compare()`,
      );
    }
    const arrived = this.received('predictionError') ?? tf.zerosLike(mu);
    this.ascendingError = throughActivationDerivative(this.spec.activation, arrived, u, mu);
  }

  /**
   * u = prior bias + drive (the prior bias alone when no drive arrived) and μ = act(u); for a
   * predicted precision, the drive's second half plus its bias, clipped: the log-precision.
   */
  private predictionFrom(
    drive: tf.Tensor2D | undefined,
    batch: number,
    priorBias: tf.Variable<tf.Rank.R1>,
  ): { u: tf.Tensor2D; mu: tf.Tensor2D; logPrecision?: tf.Tensor2D } {
    let meanDrive = drive;
    let logPrecision: tf.Tensor2D | undefined;
    const precisionBias = this.logPrecisionBias;
    if (precisionBias !== undefined) {
      let precisionDrive: tf.Tensor2D | undefined;
      if (drive !== undefined) {
        [meanDrive, precisionDrive] = tf.split(drive, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
      }
      const raw: tf.Tensor2D =
        precisionDrive === undefined
          ? tf.add<tf.Tensor2D>(tf.zeros([batch, this.size]), precisionBias)
          : tf.add(precisionDrive, precisionBias);
      logPrecision = tf.clipByValue(raw, MIN_LOG_PRECISION, MAX_LOG_PRECISION);
    }
    const u: tf.Tensor2D =
      meanDrive === undefined
        ? tf.add<tf.Tensor2D>(tf.zeros([batch, priorBias.shape[0]]), priorBias)
        : tf.add(meanDrive, priorBias);
    return { u, mu: this.act(u), ...(logPrecision ? { logPrecision } : {}) };
  }

  /** Whether nothing predicts this area: its energy is its prior's. */
  get isRoot(): boolean {
    return this.priorBias === undefined;
  }

  /** @deprecated Use {@link Area.isRoot}: a root area is the top of its branch. */
  get isTop(): boolean {
    return this.isRoot;
  }

  /** ε = x − μ and the ascending error e = −∂(energy)/∂u. */
  compare(): void {
    const state = this.state;
    if (state === undefined)
      throw new NeocortexError('CALL_ORDER', `${this.name}: compare needs a state`);
    if (this.isRoot) {
      // ε = x − 0 against the standard prior; a root sends no error back.
      this.predictionError = state;
      return;
    }
    if (this.prediction === undefined || this.predictionInput === undefined) {
      throw new NeocortexError('CALL_ORDER', `${this.name}: compare needs a prediction`);
    }
    const error = tf.sub<tf.Tensor2D>(state, this.prediction);
    this.predictionError = error;
    // A deterministic area's ascending error is the one it relays (relayError), once the
    // errors of the areas it predicts have arrived.
    if (this.spec.deterministic) return;
    const likelihood = this.spec.likelihood;
    if (likelihood === 'bernoulli' || likelihood === 'categorical') {
      // -log p(x|u) = softplus(u) - x·u (or the softmax cross-entropy), so -∂/∂u = x - μ = ε.
      this.ascendingError = this.weighted(error);
    } else {
      this.ascendingError = throughActivationDerivative(
        this.spec.activation,
        this.weighted(error),
        this.predictionInput,
        this.prediction,
      );
      const logPrecision = this.predictedLogPrecision;
      if (logPrecision !== undefined) {
        // −∂F/∂s for s = log π: ½·(1 − π·ε²), zero where the clip holds s or the unit is hidden.
        const free = tf.logicalAnd(
          tf.greater(logPrecision, MIN_LOG_PRECISION),
          tf.less(logPrecision, MAX_LOG_PRECISION),
        );
        let precisionError = tf.where(
          free,
          tf.mul(0.5, tf.sub(1, tf.mul(tf.exp(logPrecision), tf.square(error)))),
          tf.zerosLike(error),
        ) as tf.Tensor2D;
        if (this.mask !== undefined) precisionError = tf.mul(precisionError, this.mask);
        this.ascendingError = tf.concat([this.ascendingError, precisionError], 1);
      }
    }
  }

  /** The precision per unit as a tensor (learned, listed, one number, times the mask), if not 1. */
  precisionTensor(): tf.Tensor | undefined {
    return this.precisionWith(this.predictedLogPrecision);
  }

  /** The precision with `predicted` as the predicted log-precision (of a trial, or this tick's). */
  private precisionWith(predicted: tf.Tensor2D | undefined): tf.Tensor | undefined {
    const logPrecision = predicted ?? this.logPrecision;
    let p: tf.Tensor | undefined =
      logPrecision !== undefined ? tf.exp(logPrecision) : this.fixedPrecision;
    const scalar = this.spec.precision;
    if (p === undefined && typeof scalar === 'number' && scalar !== 1) p = tf.scalar(scalar);
    if (this.mask !== undefined) p = p === undefined ? this.mask : tf.mul(p, this.mask);
    return p;
  }

  /** precision · t, with no kernel when the precision is 1. */
  private weighted(t: tf.Tensor2D): tf.Tensor2D {
    const p = this.precisionTensor();
    return p === undefined ? t : tf.mul(t, p);
  }

  /** Energy of this area's prediction error per sample, [batch]. */
  energy(): tf.Tensor1D {
    const error = this.predictionError;
    if (this.state === undefined || error === undefined) {
      throw new NeocortexError('CALL_ORDER', `${this.name}: energy needs compare() first`);
    }
    return this.energyOf(this.state, error, this.predictionInput, this.predictedLogPrecision);
  }

  /**
   * The energy per sample, [batch], that `state` would have under the prediction
   * `drive` sends (what would arrive from the pathways that predict it; undefined
   * when nothing would): the same energy as `formPrediction`, `compare` and
   * `energy`, computed without touching this area's state, inboxes or streams.
   */
  energyAt(state: tf.Tensor2D, drive: tf.Tensor2D | undefined): tf.Tensor1D {
    if (this.priorBias === undefined) return this.energyOf(state, state, undefined);
    const { u, mu, logPrecision } = this.predictionFrom(drive, state.shape[0], this.priorBias);
    return this.energyOf(state, tf.sub<tf.Tensor2D>(state, mu), u, logPrecision);
  }

  /**
   * Energy per sample of `state` with prediction error `error`, prediction input `u` and, for a
   * predicted precision, the predicted log-precision.
   */
  private energyOf(
    state: tf.Tensor2D,
    error: tf.Tensor2D,
    u: tf.Tensor2D | undefined,
    predictedLogPrecision?: tf.Tensor2D,
  ): tf.Tensor1D {
    const batch = state.shape[0];
    const likelihood = this.spec.likelihood;
    if (this.spec.deterministic) return tf.zeros([batch]);
    if (u === undefined && this.spec.prior === 'none') return tf.zeros([batch]);
    if (likelihood === 'categorical') {
      const kl = u === undefined ? categoricalKlToUniform(state) : categoricalKl(state, u);
      const p = this.spec.precision;
      return typeof p === 'number' && p !== 1 ? tf.mul(kl, p) : kl;
    }
    const precision = this.precisionWith(predictedLogPrecision);
    if (likelihood === 'bernoulli' && u !== undefined) {
      return precision === undefined
        ? bernoulliNegLogLikelihood(u, state)
        : weightedBernoulliNegLogLikelihood(u, state, precision);
    }
    const squared = tf.square(error);
    let energy: tf.Tensor1D = tf.mul(
      0.5,
      tf.sum(precision === undefined ? squared : tf.mul(squared, precision), 1),
    );
    if (predictedLogPrecision !== undefined) {
      // The normaliser −½·Σ log π, per image (hidden units count for nothing).
      const seen =
        this.mask === undefined ? predictedLogPrecision : tf.mul(predictedLogPrecision, this.mask);
      energy = tf.sub(energy, tf.mul(0.5, tf.sum(seen, 1)));
    } else if (this.logPrecision !== undefined) {
      // The Gaussian normaliser's precision term, −½·Σ log π (masked units count for nothing).
      // Without a mask it is one number for every row, broadcast: a tile to `batch` rows would
      // cost its gradient a slice and an add per row.
      const sumLogP =
        this.mask === undefined
          ? tf.sum(this.logPrecision)
          : tf.sum(tf.mul(this.logPrecision, this.mask), 1);
      energy = tf.sub(energy, tf.mul(0.5, sumLogP));
    }
    return energy;
  }

  /**
   * For a stochastic area holding a posterior q = N(posteriorMean, exp(logVar)):
   * KL(q ‖ p), p = N(prediction, exp(priorLogVar)) from the areas that predict it,
   * or N(0, I) at a root; per sample, [batch]. With the sensory -log p(x | u),
   * these terms sum to the negative ELBO.
   */
  posteriorKl(): tf.Tensor1D {
    const mean = this.posteriorMean;
    const logVar = this.logVar;
    if (!this.spec.stochastic || mean === undefined || logVar === undefined) {
      throw new NeocortexError(
        'CALL_ORDER',
        `${this.name}: a posterior KL needs a stochastic area after an infer sweep`,
      );
    }
    if (this.isRoot) return gaussianKlToStandardNormal(mean, logVar);
    const priorMean = this.prediction;
    if (priorMean === undefined)
      throw new NeocortexError('CALL_ORDER', `${this.name}: posteriorKl needs compare() first`);
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
      throw new NeocortexError(
        'CALL_ORDER',
        `${this.name}: a density ratio needs a stochastic area after an infer sweep`,
      );
    }
    // log q − log p = (−log p) − (−log q).
    const negLogQ = gaussianNegLogDensity(z, mean, logVar);
    const negLogP = this.isRoot
      ? gaussianNegLogDensity(z, tf.zerosLike(z), tf.zerosLike(z))
      : gaussianNegLogDensity(z, this.prediction!, this.priorLogVar!);
    return tf.sub(negLogP, negLogQ);
  }

  /**
   * ∂F/∂state: this area's own error pulls the state toward its prediction (or its prior),
   * and the errors its pathways carried back (Σ Jᵀe, one term for every area it predicts)
   * push it to explain those areas better.
   */
  freeEnergyGradient(): tf.Tensor2D {
    const error = this.predictionError;
    const state = this.state;
    if (state === undefined || error === undefined) {
      throw new NeocortexError('CALL_ORDER', `${this.name}: gradient needs compare() first`);
    }
    let gradient = this.ownGradient(state);
    const fromPredicted = this.received('predictionError');
    if (fromPredicted !== undefined) {
      gradient =
        gradient === undefined
          ? tf.neg<tf.Tensor2D>(fromPredicted)
          : tf.sub<tf.Tensor2D>(gradient, fromPredicted);
    }
    return gradient ?? tf.zerosLike<tf.Tensor2D>(state);
  }

  /** ∂(own energy)/∂state, undefined when the area has none (a root with no prior). */
  private ownGradient(state: tf.Tensor2D): tf.Tensor2D | undefined {
    const likelihood = this.spec.likelihood;
    const u = this.predictionInput;
    if (this.isRoot && this.spec.prior === 'none') return undefined;
    if (likelihood === 'categorical') {
      // ∂KL(q ‖ p)/∂q = log q − log p (+1, which the softmax step ignores).
      const logQ = tf.log(tf.maximum(state, 1e-30));
      const logP = u === undefined ? tf.scalar(-Math.log(this.size)) : tf.logSoftmax(u);
      const g = tf.sub<tf.Tensor2D>(logQ, logP);
      const p = this.spec.precision;
      return typeof p === 'number' && p !== 1 ? tf.mul<tf.Tensor2D>(g, p) : g;
    }
    if (likelihood === 'bernoulli' && u !== undefined) {
      // ∂(softplus(u) − x·u)/∂x = −u, per unit weighted by its precision.
      return this.weighted(tf.neg(u));
    }
    return this.weighted(this.predictionError!);
  }

  /**
   * The coordinates settling moves this area's state in: the state itself, or for a
   * categorical area the log-probabilities (a step there, then a softmax, keeps each row a
   * probability vector). `gradient` is ∂F/∂state; returns the state and gradient there.
   */
  toDescentCoordinates(
    state: tf.Tensor2D,
    gradient: tf.Tensor2D,
  ): { point: tf.Tensor2D; gradient: tf.Tensor2D } {
    if (this.spec.likelihood !== 'categorical') return { point: state, gradient };
    // ∂F/∂s for q = softmax(s): q ⊙ (g − Σ q·g).
    const centred = tf.sub(gradient, tf.sum(tf.mul(state, gradient), 1, true));
    return {
      point: tf.log<tf.Tensor2D>(tf.maximum<tf.Tensor2D>(state, 1e-30)),
      gradient: tf.mul<tf.Tensor2D>(state, centred),
    };
  }

  /** The state at a point of {@link Area.toDescentCoordinates}. */
  fromDescentCoordinates(point: tf.Tensor2D): tf.Tensor2D {
    return this.spec.likelihood === 'categorical' ? tf.softmax<tf.Tensor2D>(point) : point;
  }

  /**
   * The local learning rule's gradients of this area's own parameters, from its own errors:
   * the prediction bias (∂F/∂b = −mean e) and a learnable log-precision
   * (∂F/∂log π = ½·mean(π·ε²) − ½). Needs `compare` this tick.
   */
  localGradients(): { variable: tf.Variable; gradient: tf.Tensor }[] {
    const out: { variable: tf.Variable; gradient: tf.Tensor }[] = [];
    // Every parameter every tick (zero where there was no error), so the list never shifts.
    const e = this.ascendingError;
    // With a predicted precision, e is [mean's error | log-precision's error].
    const [meanError, precisionError] =
      e !== undefined && this.logPrecisionBias !== undefined
        ? (tf.split(e, 2, 1) as [tf.Tensor2D, tf.Tensor2D])
        : [e, undefined];
    if (this.priorBias !== undefined) {
      const gradient =
        meanError === undefined ? tf.zerosLike(this.priorBias) : tf.neg(tf.mean(meanError, 0));
      out.push({ variable: this.priorBias, gradient });
    }
    if (this.logPrecisionBias !== undefined) {
      const gradient =
        precisionError === undefined
          ? tf.zerosLike(this.logPrecisionBias)
          : tf.neg(tf.mean(precisionError, 0));
      out.push({ variable: this.logPrecisionBias, gradient });
    }
    if (this.logPrecision !== undefined && this.predictionError === undefined) {
      out.push({ variable: this.logPrecision, gradient: tf.zerosLike(this.logPrecision) });
    } else if (this.logPrecision !== undefined && this.predictionError !== undefined) {
      const weightedSquare = tf.mul(tf.square(this.predictionError), tf.exp(this.logPrecision));
      const seen = this.mask ?? tf.onesLike(weightedSquare);
      const g = tf.mul(0.5, tf.mean(tf.mul(tf.sub(weightedSquare, 1), seen), 0));
      out.push({ variable: this.logPrecision, gradient: g });
    }
    return out;
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
    this.predictedLogPrecision = undefined;
    this.ascendingError = undefined;
    this.posteriorMean = undefined;
    this.clearInbox();
    for (const t of this.retired) t.dispose();
    this.retired.length = 0;
  }

  /** This area's own trainable parameters: its biases, prior variance and precision. */
  variables(): tf.Variable[] {
    return [
      ...(this.recognitionBias ? [this.recognitionBias] : []),
      ...(this.priorBias ? [this.priorBias] : []),
      ...(this.priorLogVar ? [this.priorLogVar] : []),
      ...(this.logPrecision ? [this.logPrecision] : []),
      ...(this.logPrecisionBias ? [this.logPrecisionBias] : []),
    ];
  }

  /** Free this area's tensors and complete its streams. */
  dispose(): void {
    for (const s of [
      this.feedforward$,
      this.feedback$,
      this.lateral$,
      this.predictionError$,
      this.state$,
    ]) {
      s.complete();
    }
    this.recognitionBias?.dispose();
    this.priorBias?.dispose();
    this.priorLogVar?.dispose();
    this.logPrecision?.dispose();
    this.logPrecisionBias?.dispose();
    this.fixedPrecision?.dispose();
    this.mask?.dispose();
    this.state?.dispose();
    this.logVar?.dispose();
    this.clampValue?.dispose();
    for (const t of this.retired) t.dispose();
    this.retired.length = 0;
    this.state = undefined;
    this.logVar = undefined;
  }
}
