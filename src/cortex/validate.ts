/**
 * Build-time checks (Nengo's builder, tfjs-layers' constructor checks): fail
 * with a clear message before anything runs, never at tick 10,000.
 */
import { SpecError, type HierarchySpec } from './spec.ts';

export function validateTopology(spec: HierarchySpec): void {
  const problems: string[] = [];
  const index = new Map<string, number>();
  spec.areas.forEach((area, i) => {
    if (index.has(area.name)) problems.push(`area "${area.name}" is defined twice`);
    index.set(area.name, i);
    if (i > 0 && area.likelihood === 'bernoulli') {
      problems.push(`area "${area.name}": a bernoulli likelihood is only for the sensory area`);
    }
    if (area.likelihood === 'bernoulli' && area.activation !== 'sigmoid') {
      problems.push(`area "${area.name}": a bernoulli area needs activation "sigmoid"`);
    }
    if (i === 0 && area.stochastic) {
      problems.push(`area "${area.name}": the sensory area cannot be stochastic`);
    }
    if (area.stochastic && area.activation !== 'linear') {
      problems.push(`area "${area.name}": a stochastic area needs activation "linear"`);
    }
  });
  const seen = new Set<string>();
  for (const p of spec.pathways) {
    const id = `${p.kind} ${p.from}->${p.to}`;
    const from = index.get(p.from);
    const to = index.get(p.to);
    if (from === undefined) problems.push(`pathway ${id}: no area named "${p.from}"`);
    if (to === undefined) problems.push(`pathway ${id}: no area named "${p.to}"`);
    if (from === undefined || to === undefined) continue;
    if (seen.has(id)) problems.push(`pathway ${id} is defined twice`);
    seen.add(id);
    if (p.kind === 'feedforward' && to !== from + 1) {
      problems.push(
        `pathway ${id}: a feedforward pathway goes from an area to the one just above it ` +
          `(${p.from} is level ${from}, ${p.to} is level ${to})`,
      );
    }
    if (p.kind === 'feedback' && to !== from - 1) {
      problems.push(
        `pathway ${id}: a feedback pathway goes from an area to the one just below it ` +
          `(${p.from} is level ${from}, ${p.to} is level ${to})`,
      );
    }
  }
  if (problems.length > 0) {
    throw new SpecError(`invalid hierarchy:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}
