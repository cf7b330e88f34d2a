/**
 * Build-time checks (Nengo's builder, tfjs-layers' constructor checks): fail
 * with a clear message before anything runs, never at tick 10,000.
 */
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
  });
  const seen = new Set<string>();
  spec.pathways.forEach((p, k) => {
    const id = `pathways[${k}]: ${p.kind} ${p.from}->${p.to}`;
    const from = index.get(p.from);
    const to = index.get(p.to);
    if (from === undefined) problems.push(`pathways[${k}].from: no area named "${p.from}"`);
    if (to === undefined) problems.push(`pathways[${k}].to: no area named "${p.to}"`);
    if (from === undefined || to === undefined) return;
    const key = `${p.kind} ${p.from}->${p.to}`;
    if (seen.has(key)) problems.push(`${id} is defined twice`);
    seen.add(key);
    if (p.kind === 'feedforward' && to !== from + 1) {
      problems.push(
        `${id}: a feedforward pathway goes from an area to the one just above it ` +
          `(${p.from} is level ${from}, ${p.to} is level ${to})`,
      );
    }
    if (p.kind === 'feedback' && to !== from - 1) {
      problems.push(
        `${id}: a feedback pathway goes from an area to the one just below it ` +
          `(${p.from} is level ${from}, ${p.to} is level ${to})`,
      );
    }
  });
  if (problems.length > 0) {
    throw new SpecError(
      `invalid hierarchy:\n${problems.map((p) => `  ${p}`).join('\n')}`,
      problems,
    );
  }
}
