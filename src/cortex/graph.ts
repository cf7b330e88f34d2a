/**
 * The graph a hierarchy's pathways form, as plain data: which pathways carry
 * predictions, the order areas are visited in a recognition sweep and in a
 * prediction sweep, each area's level, and the cycles that make a description
 * meaningless. Pure functions of the spec, used by validation and by the
 * hierarchy alike, so the two can never disagree.
 */
import type { HierarchySpec, PathwaySpec } from './spec.ts';
import { NeocortexError } from '../errors.ts';

/** Whether a pathway of this hierarchy carries predictions (its target's prior drive). */
export function isPredictive(
  pathway: Pick<PathwaySpec, 'kind'>,
  predictions: HierarchySpec['predictions'],
): boolean {
  if (pathway.kind === 'lateral') return true;
  return predictions === 'down' ? pathway.kind === 'feedback' : pathway.kind === 'feedforward';
}

/** Whether a pathway of this hierarchy carries amortized recognition (a first guess, not a prediction). */
export function isRecognition(
  pathway: Pick<PathwaySpec, 'kind'>,
  predictions: HierarchySpec['predictions'],
): boolean {
  return predictions === 'down' && pathway.kind === 'feedforward';
}

/** A directed edge between area indices. */
export interface Edge {
  from: number;
  to: number;
}

/**
 * Kahn's topological order of `count` nodes (ties broken by index, so the order is the spec's
 * wherever the graph leaves it free), or the nodes of one cycle when there is none.
 */
export function topologicalOrder(
  count: number,
  edges: readonly Edge[],
): { order: number[] } | { cycle: number[] } {
  const incoming = new Array<number>(count).fill(0);
  const out: number[][] = Array.from({ length: count }, () => []);
  for (const e of edges) {
    incoming[e.to]! += 1;
    out[e.from]!.push(e.to);
  }
  const ready = [...Array(count).keys()].filter((i) => incoming[i] === 0);
  const order: number[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => a - b);
    const next = ready.shift()!;
    order.push(next);
    for (const to of out[next]!) {
      incoming[to]! -= 1;
      if (incoming[to] === 0) ready.push(to);
    }
  }
  if (order.length === count) return { order };
  return { cycle: findCycle(count, edges, new Set(order)) };
}

/** One cycle among the nodes Kahn's algorithm could not order (each has an incoming edge). */
function findCycle(count: number, edges: readonly Edge[], ordered: ReadonlySet<number>): number[] {
  const into = new Map<number, number>();
  for (const e of edges) {
    if (!ordered.has(e.from) && !ordered.has(e.to)) into.set(e.to, e.from);
  }
  let node = [...Array(count).keys()].find((i) => !ordered.has(i))!;
  const seen: number[] = [];
  while (!seen.includes(node)) {
    seen.push(node);
    node = into.get(node)!;
  }
  const cycle = seen.slice(seen.indexOf(node)).reverse();
  return [...cycle, cycle[0]!];
}

/** The upward edges: feedforward pathways as they are, feedback pathways reversed. */
export function upwardEdges(spec: HierarchySpec, index: ReadonlyMap<string, number>): Edge[] {
  const edges: Edge[] = [];
  for (const p of spec.pathways) {
    const from = index.get(p.from);
    const to = index.get(p.to);
    if (from === undefined || to === undefined || p.kind === 'lateral') continue;
    edges.push(p.kind === 'feedforward' ? { from, to } : { from: to, to: from });
  }
  return edges;
}

/**
 * Each area's level: 0 for an area nothing lies below, else one more than the highest area
 * below it (feedforward pathways into it, feedback pathways from it). Assumes no cycle.
 */
export function levels(count: number, edges: readonly Edge[]): number[] {
  const result = topologicalOrder(count, edges);
  if (!('order' in result))
    throw new NeocortexError('SPEC_INVALID', 'levels: the upward graph has a cycle');
  const level = new Array<number>(count).fill(0);
  for (const node of result.order) {
    for (const e of edges) {
      if (e.from === node) level[e.to] = Math.max(level[e.to]!, level[node]! + 1);
    }
  }
  return level;
}

/** The orders a built hierarchy visits its areas in (indices into `spec.areas`). */
export interface SweepOrders {
  /** Recognition sweep: sources of feedforward recognition before the areas they drive. */
  recognition: number[];
  /** Prediction sweep: every area after all the areas that predict it. */
  prediction: number[];
}

/** The sweep orders of a valid spec (validation has ruled out cycles). */
export function sweepOrders(spec: HierarchySpec): SweepOrders {
  const index = new Map(spec.areas.map((a, i) => [a.name, i]));
  const edgesWhere = (keep: (p: PathwaySpec) => boolean): Edge[] =>
    spec.pathways.filter(keep).map((p) => ({ from: index.get(p.from)!, to: index.get(p.to)! }));
  const orderOf = (edges: Edge[]): number[] => {
    const result = topologicalOrder(spec.areas.length, edges);
    if (!('order' in result))
      throw new NeocortexError(
        'SPEC_INVALID',
        'sweepOrders: the graph has a cycle (validate the spec first: parseHierarchySpec)',
      );
    return result.order;
  };
  return {
    recognition: orderOf(edgesWhere((p) => isRecognition(p, spec.predictions))),
    prediction: orderOf(edgesWhere((p) => isPredictive(p, spec.predictions))),
  };
}
