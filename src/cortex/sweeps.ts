/**
 * The two sweeps that set a hierarchy's states in one pass: recognition up the recognition
 * pathways (amortized inference, optionally sampling each stochastic area's posterior) and
 * prediction in prediction order (generation down, or a discriminative network's sweep up,
 * optionally sampling each stochastic area's prior). Signals go out on the areas' streams as
 * they are made. Also the one way an area is given its next state.
 */
import * as tf from '@tensorflow/tfjs';
import type { Area } from './area.ts';
import { reparameterize } from './densities.ts';
import { restingState } from './energy.ts';
import type { SweepOrders } from './graph.ts';
import type { InferOptions, TickContext } from './hierarchyTypes.ts';
import { signalOf } from './streams.ts';

/** What a sweep needs of a hierarchy: its areas (sensory first), their orders, which way predictions go. */
export interface SweepTarget {
  areas: readonly Area[];
  orders: SweepOrders;
  predictions: 'up' | 'down';
}

/**
 * Give an area its next state. The area owns what it holds, so a tensor that
 * came from outside (`external`: the caller's input or top state) is cloned
 * (shared data, no copy) and the caller keeps its own handle. A clamped area takes its
 * clamp instead.
 */
export function setAreaState(
  area: Area,
  next: tf.Tensor2D,
  batch: number,
  options: { logVar?: tf.Tensor2D; external?: boolean } = {},
): void {
  const clamped = area.clampedState(batch);
  if (clamped !== undefined) {
    area.setState(clamped);
    return;
  }
  area.setState(options.external ? tf.clone(next) : next, options.logVar);
}

/**
 * A recognition sweep (amortized inference): the sensory area takes the input, then, in an
 * order where every source comes before the areas it drives, each area sends its state on
 * `feedforward$` and each area reached turns the drives that arrived into its state (a
 * reparameterised posterior sample in an `infer` tick).
 */
export function recognitionSweep(
  net: SweepTarget,
  ctx: TickContext,
  input: tf.Tensor2D,
  infer?: InferOptions,
): void {
  const sensory = net.areas[0]!;
  setAreaState(sensory, input, ctx.batch, { external: true });
  for (const i of net.orders.recognition) {
    const area = net.areas[i]!;
    if (area !== sensory) {
      if (area.recognitionBias === undefined) {
        setAreaState(area, restingState(area, ctx.batch), ctx.batch);
      } else {
        recognizeInto(area, ctx, infer);
      }
    }
    area.feedforward$.next(signalOf(area, ctx, 'recognition', area.state!));
  }
}

function recognizeInto(area: Area, ctx: TickContext, infer?: InferOptions): void {
  const recognized = area.recognizeFromInbox(ctx.batch);
  if (infer === undefined || !area.spec.stochastic || area.clamped) {
    const { mean, logVar } = recognized;
    setAreaState(area, mean, ctx.batch, logVar === undefined ? {} : { logVar });
    return;
  }
  // Variational inference: the state is a reparameterised posterior sample.
  const given = infer.posterior?.get(area.name);
  const mean = given?.mean ?? recognized.mean;
  // The area will own its log-variance: a caller's tensor is cloned, never adopted.
  const logVar = given !== undefined ? tf.clone(given.logVar) : recognized.logVar!;
  const noise = tf.randomNormal<tf.Rank.R2>(
    [ctx.batch, area.size],
    0,
    1,
    'float32',
    infer.seed + 7919 * area.index,
  );
  setAreaState(area, reparameterize(mean, logVar, noise), ctx.batch, { logVar });
  area.posteriorMean = mean;
}

/**
 * A prediction sweep: in an order where every area comes after all that predict it, each
 * area takes its prediction as its state, then sends it on. Roots keep what they hold: the
 * input (predictions up), the given or sampled top (generation); other roots start at their
 * prior mean if they hold nothing for this batch.
 */
export function predictionSweep(
  net: SweepTarget,
  ctx: TickContext,
  input?: tf.Tensor2D,
  sampleSeed?: number,
): void {
  const sensory = net.areas[0]!;
  if (input !== undefined) setAreaState(sensory, input, ctx.batch, { external: true });
  for (const i of net.orders.prediction) {
    const area = net.areas[i]!;
    if (!area.isRoot) {
      area.formPrediction(ctx.batch);
      const mean = area.prediction!;
      const sampled =
        sampleSeed !== undefined && area.spec.stochastic && area.priorLogVar !== undefined
          ? reparameterize(
              mean,
              tf.tile(tf.expandDims(area.priorLogVar, 0), [ctx.batch, 1]) as tf.Tensor2D,
              tf.randomNormal<tf.Rank.R2>(
                [ctx.batch, area.size],
                0,
                1,
                'float32',
                sampleSeed + 7919 * area.index,
              ),
            )
          : mean;
      setAreaState(area, sampled, ctx.batch);
    } else if (area.state === undefined || area.state.shape[0] !== ctx.batch) {
      setAreaState(area, restingState(area, ctx.batch), ctx.batch);
    }
    sendPrediction(area, ctx, area.state!, net.predictions);
  }
}

/** Send an area's state on the streams its predictive pathways listen to. */
export function sendPrediction(
  area: Area,
  ctx: TickContext,
  state: tf.Tensor2D,
  predictions: 'up' | 'down',
): void {
  const signal = signalOf(area, ctx, 'prediction', state);
  if (predictions === 'up') area.feedforward$.next(signal);
  else area.feedback$.next(signal);
  area.lateral$.next(signal);
}
