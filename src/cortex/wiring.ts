/**
 * How a hierarchy's description becomes its parts: the areas (each told whether something
 * recognises or predicts it), the pathways (each with its role and the seed of its weights),
 * and the fixed order of their trainable variables (what optimizers and checkpoints see).
 */
import type * as tf from '@tensorflow/tfjs';
import { Area } from './area.ts';
import { isPredictive, isRecognition } from './graph.ts';
import { Pathway } from './pathway.ts';
import type { HierarchySpec } from './spec.ts';

/** The areas of `spec`, in its order. */
export function buildAreas(spec: HierarchySpec): Area[] {
  const mode = spec.predictions;
  return spec.areas.map((a, i) => {
    const into = spec.pathways.filter((p) => p.to === a.name);
    const recognizes = into.some((p) => isRecognition(p, mode));
    return new Area(a, i, {
      ...(recognizes ? { recognitionSize: a.stochastic ? 2 * a.size : a.size } : {}),
      predicted: into.some((p) => isPredictive(p, mode)),
    });
  });
}

/**
 * The pathways of `spec` between the areas `area` finds by name. Weight seeds: the k-th
 * pathway of a kind into (feedforward) or out of (feedback, lateral) area i starts from
 * seed_i (+1000 feedback, +500 lateral) + 2000·k, so a chain's weights are what they were
 * when areas owned them.
 */
export function buildPathways(spec: HierarchySpec, area: (name: string) => Area): Pathway[] {
  const mode = spec.predictions;
  const counts = new Map<string, number>();
  return spec.pathways.map((p) => {
    const from = area(p.from);
    const to = area(p.to);
    const owner = p.kind === 'feedforward' ? to : from;
    const key = `${p.kind} ${owner.name}`;
    const k = counts.get(key) ?? 0;
    counts.set(key, k + 1);
    const offset = p.kind === 'feedforward' ? 0 : p.kind === 'feedback' ? 1000 : 500;
    const seed = spec.seed + 7919 * owner.index + offset + 2000 * k;
    return new Pathway(p, from, to, isPredictive(p, mode) ? 'prediction' : 'recognition', seed);
  });
}

/**
 * Every trainable variable, per area: the recognition pathways into it, its recognition
 * bias, the pathways that predict from it, then its prediction bias, prior variance and
 * precision (a chain lists them as it did when areas owned their maps, so checkpoints keep
 * their order).
 */
export function orderedVariables(
  areas: readonly Area[],
  pathways: readonly Pathway[],
): tf.Variable[] {
  return areas.flatMap((area) => [
    ...pathways
      .filter((p) => p.role === 'recognition' && p.to === area)
      .flatMap((p) => p.variables()),
    ...(area.recognitionBias ? [area.recognitionBias] : []),
    ...pathways
      .filter((p) => p.role === 'prediction' && p.from === area)
      .flatMap((p) => p.variables()),
    ...area.variables().filter((v) => v !== area.recognitionBias),
  ]);
}
