/**
 * Build-time checks (Nengo's builder, tfjs-layers' constructor checks): fail
 * with a clear message before anything runs, never at tick 10,000.
 */
import {
  isPredictive,
  isRecognition,
  levels,
  topologicalOrder,
  upwardEdges,
  type Edge,
} from './graph.ts';
import { didYouMean } from './nearestName.ts';
import { SpecError, type HierarchySpec } from './spec.ts';

/** Check areas and pathways fit together; every problem is listed with its JSON path. */
export function validateTopology(spec: HierarchySpec): void {
  const problems: string[] = [];
  const index = new Map<string, number>();
  spec.areas.forEach((area, i) => {
    const at = `areas[${i}]`;
    if (index.has(area.name)) problems.push(`${at}.name: area "${area.name}" is defined twice`);
    index.set(area.name, i);
    if (i > 0 && area.likelihood === 'bernoulli') {
      problems.push(
        `${at}.likelihood: area "${area.name}": a bernoulli likelihood is only for the sensory area`,
      );
    }
    if (area.likelihood === 'bernoulli' && area.activation !== 'sigmoid') {
      problems.push(`${at}.activation: area "${area.name}": a bernoulli area needs "sigmoid"`);
    }
    if (i === 0 && area.stochastic) {
      problems.push(`${at}.stochastic: area "${area.name}": the sensory area cannot be stochastic`);
    }
    if (area.stochastic && area.activation !== 'linear') {
      problems.push(`${at}.activation: area "${area.name}": a stochastic area needs "linear"`);
    }
    if (area.likelihood === 'categorical') {
      if (area.stochastic) {
        problems.push(
          `${at}.stochastic: area "${area.name}": a categorical area cannot be stochastic`,
        );
      }
      if (area.activation !== 'linear') {
        problems.push(
          `${at}.activation: area "${area.name}": a categorical area's state is a softmax; leave activation "linear"`,
        );
      }
    }
    if (area.deterministic) problems.push(...deterministicProblems(spec, i));
    if (area.precision === 'predicted') problems.push(...predictedPrecisionProblems(spec, i));
    if (Array.isArray(area.precision) && area.precision.length !== area.size) {
      problems.push(
        `${at}.precision: area "${area.name}" has ${area.size} units but ${area.precision.length} precisions`,
      );
    }
    if (area.learnPrecision && area.likelihood !== 'gaussian') {
      problems.push(
        `${at}.learnPrecision: area "${area.name}": only a gaussian area has a precision to learn`,
      );
    }
  });
  const seen = new Set<string>();
  spec.pathways.forEach((p, k) => {
    const id = `pathways[${k}]: ${p.kind} ${p.from}->${p.to}`;
    const from = index.get(p.from);
    const to = index.get(p.to);
    const names = [...index.keys()];
    if (from === undefined) {
      problems.push(`pathways[${k}].from: no area named "${p.from}"${didYouMean(p.from, names)}`);
    }
    if (to === undefined) {
      problems.push(`pathways[${k}].to: no area named "${p.to}"${didYouMean(p.to, names)}`);
    }
    if (from === undefined || to === undefined) return;
    const key = `${p.kind} ${p.from}->${p.to}`;
    if (seen.has(key)) problems.push(`${id} is defined twice`);
    seen.add(key);
    if (from === to) problems.push(`${id}: a pathway joins two different areas`);
    if (p.kind === 'feedback' && spec.predictions === 'up') {
      problems.push(
        `${id}: this hierarchy's predictions go up (predictions: "up"), so its errors return along ` +
          'the feedforward pathways; a feedback pathway has no role in it',
      );
    }
    if ((p.kind === 'feedforward' && to === 0) || (p.kind === 'feedback' && from === 0)) {
      problems.push(
        `${id}: ${spec.areas[0]!.name} is the sensory area (the input, at the bottom): ` +
          'no area lies below it',
      );
    }
  });
  if (problems.length === 0) problems.push(...graphProblems(spec, index));
  if (problems.length > 0) {
    throw new SpecError(
      `invalid hierarchy:\n${problems.map((p) => `  ${p}`).join('\n')}`,
      problems,
    );
  }
}

/**
 * The graph's problems: a cycle upward (feedforward pathways go up, feedback pathways come
 * down, so together they must order the areas), lateral pathways between areas of different
 * levels, and a cycle of lateral pathways.
 */
function graphProblems(spec: HierarchySpec, index: ReadonlyMap<string, number>): string[] {
  const names = spec.areas.map((a) => a.name);
  const path = (cycle: number[]) => cycle.map((i) => names[i]).join(' -> ');
  const upward = upwardEdges(spec, index);
  const up = topologicalOrder(names.length, upward);
  if ('cycle' in up) {
    return [
      `pathways: the areas form a cycle upward: ${path(up.cycle)} (a feedforward pathway goes ` +
        'up from its source, a feedback pathway comes down to its target; together they must ' +
        'order the areas from the bottom up)',
    ];
  }
  const level = levels(names.length, upward);
  const problems: string[] = [];
  const lateral: Edge[] = [];
  spec.pathways.forEach((p, k) => {
    if (p.kind !== 'lateral') return;
    const from = index.get(p.from)!;
    const to = index.get(p.to)!;
    lateral.push({ from, to });
    if (level[from] !== level[to]) {
      problems.push(
        `pathways[${k}]: lateral ${p.from}->${p.to}: a lateral pathway joins areas of one level ` +
          `(${p.from} is at level ${level[from]}, ${p.to} at level ${level[to]})`,
      );
    }
  });
  const sideways = topologicalOrder(names.length, lateral);
  if ('cycle' in sideways) {
    problems.push(
      `pathways: lateral pathways form a cycle: ${path(sideways.cycle)} (each area's prediction ` +
        'must be formed before the areas it predicts)',
    );
  }
  return problems;
}

/**
 * What a deterministic area (its state is its prediction) must be: not the input, predicted by
 * some pathway, a plain gaussian area, and outside the recognition sweep (which would give it
 * no guess to pass on).
 */
function deterministicProblems(spec: HierarchySpec, i: number): string[] {
  const area = spec.areas[i]!;
  const at = `areas[${i}].deterministic: area "${area.name}"`;
  const problems: string[] = [];
  if (i === 0) problems.push(`${at}: the sensory area holds the input, it cannot be deterministic`);
  if (area.stochastic) problems.push(`${at}: an area is deterministic or stochastic, not both`);
  if (area.likelihood !== 'gaussian') {
    problems.push(`${at}: a deterministic area is gaussian (it has no likelihood of its own)`);
  }
  if (area.learnPrecision) problems.push(`${at}: a deterministic area has no precision to learn`);
  if (!isPredicted(spec, area.name)) {
    problems.push(`${at}: its state is its prediction, so some pathway must predict it`);
  }
  const touching = spec.pathways.filter((p) => p.from === area.name || p.to === area.name);
  for (const p of touching.filter((p) => isRecognition(p, spec.predictions))) {
    problems.push(
      `${at}: the recognition pathway ${p.from}->${p.to} would need a guess of it; ` +
        'a deterministic area only predicts',
    );
  }
  return problems;
}

/**
 * What an area whose precision is predicted must be: gaussian, not stochastic or
 * deterministic, its precision not also learned as a parameter, and predicted by some pathway.
 */
function predictedPrecisionProblems(spec: HierarchySpec, i: number): string[] {
  const area = spec.areas[i]!;
  const at = `areas[${i}].precision: area "${area.name}": a predicted precision`;
  const problems: string[] = [];
  if (area.likelihood !== 'gaussian') problems.push(`${at} needs a gaussian area`);
  if (area.stochastic) problems.push(`${at} is for a data area, not a stochastic one`);
  if (area.deterministic) problems.push(`${at} means nothing on a deterministic area`);
  if (area.learnPrecision) problems.push(`${at} is not also learned (leave learnPrecision off)`);
  if (!isPredicted(spec, area.name)) problems.push(`${at} needs a pathway that predicts the area`);
  return problems;
}

/** Whether some pathway of the spec predicts the area named `name`. */
function isPredicted(spec: HierarchySpec, name: string): boolean {
  return spec.pathways.some((p) => p.to === name && isPredictive(p, spec.predictions));
}
