/**
 * Building a Frame from what one tick found: pictures as bytes, every area of
 * both models down-sampled to its display size, class probabilities. All
 * copies; no tensor.
 */
import { difference, rootMeanSquare } from '../../models/liveGenerative.ts';
import { displayValues, softmax, toIntensityBytes, toSignedBytes } from './frameEncoding.ts';
import type { ClassifierView, GenerativeView } from './sessionModels.ts';
import type { AreaFrame, Frame, LatentPoint, SessionMode, Topology } from './vocabulary.ts';

/** What a mode's tick found, before it is encoded. */
export interface FrameParts extends GenerativeView {
  /** The input as the models saw it; absent in generate mode. */
  input?: Float32Array;
  classifier?: ClassifierView;
  freeEnergy: number;
  iteration?: number;
  /** Settle mode: the run the iteration belongs to (see Frame.settleRun). */
  settleRun?: number;
  /** The input's label (default: the session's current input's). */
  label?: number;
  latentPoints?: LatentPoint[];
}

/** Where the frame sits in the session. */
export interface FrameStamp {
  tick: number;
  mode: SessionMode;
  /** The current input's label, used when the parts name none. */
  label: number;
  maxDisplayValues: number;
}

/** Encode one tick's parts as a Frame for `topology`. */
export function buildFrame(parts: FrameParts, topology: Topology, stamp: FrameStamp): Frame {
  const { input, prediction, classifier } = parts;
  const max = stamp.maxDisplayValues;
  const error = input === undefined ? undefined : difference(input, prediction);
  const [sensory, ...latentAreas] = topology.generative.areas;
  const generative: AreaFrame[] = [
    {
      name: sensory!.name,
      state: displayValues(input ?? prediction, max, true),
      errorRms: error === undefined ? 0 : rootMeanSquare(error),
    },
    ...latentAreas.map((area, k) => ({
      name: area.name,
      state: displayValues(parts.latents[k]!, max, false),
      errorRms: parts.latentErrors[k]!,
    })),
  ];
  const classifierAreas: AreaFrame[] = topology.classifier.areas.map((area, k) => {
    if (classifier === undefined)
      return { name: area.name, state: new Float32Array(0), errorRms: 0 };
    const row = k === 0 ? input! : classifier.areas[k - 1]!;
    return { name: area.name, state: displayValues(row, max, k === 0), errorRms: 0 };
  });
  return {
    tick: stamp.tick,
    time: Date.now(),
    mode: stamp.mode,
    iteration: parts.iteration ?? 0,
    settleRun: parts.settleRun ?? 0,
    label: parts.label ?? stamp.label,
    input: input === undefined ? new Uint8Array(0) : toIntensityBytes(input),
    prediction: toIntensityBytes(prediction),
    predictionError: error === undefined ? new Int8Array(0) : toSignedBytes(error),
    generative,
    classifier: classifierAreas,
    classProbabilities: classifier === undefined ? new Float32Array(0) : softmax(classifier.logits),
    freeEnergy: parts.freeEnergy,
    latentPoints: parts.latentPoints ?? [],
    curvePoints: [],
    localLearning: [],
  };
}
