/**
 * A sweep spec: a model spec and the values to try of some of its fields, as a grid (every
 * combination) and/or a list of points (random search). Each point is the model spec with its
 * fields set, validated by the kind's own schema before anything runs; every bad point is named.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseSpecWith, SpecError } from '../../cortex/specError.ts';
import { wholeNumber } from '../../cortex/specFields.ts';
import { parseModelSpec, type ResolvedModelSpec } from '../../models/modelSpec/resolve.ts';

/** The most points a sweep may have (each is a cell, numbered like an experiment's seeds). */
export const MAX_SWEEP_POINTS = 1000;

/** A field of the model spec, as a dotted path: `latentSizes.0`, `beta`, `optimizer.learningRate`. */
const FieldPath = z
  .string()
  .regex(/^[A-Za-z_]\w*(\.\w+)*$/, 'a dotted field path such as beta or latentSizes.0')
  .refine((path) => path !== 'kind', 'a sweep keeps the kind of its model');
/** A value a swept field may take. */
const FieldValue = z.union([z.number(), z.string(), z.boolean()]);

/** The sweep spec (schemas/sweep.schema.json). */
export const SweepSpec = z
  .object({
    $schema: z.string().optional(),
    /** The sweep's name: its results folder (runs/sweeps/<name>) and its report's title. */
    name: z
      .string()
      .regex(/^[\w.-]{1,64}$/, 'letters, digits, . _ - (at most 64)')
      .default('sweep'),
    /** The model spec every point starts from (`neocortex spec model <kind>` prints one). */
    model: z.record(z.string(), z.unknown()),
    /** Every combination of these values, e.g. { "beta": [0.5, 1, 4], "seed": [1, 2, 3] }. */
    grid: z.record(FieldPath, z.array(FieldValue).min(1).max(MAX_SWEEP_POINTS)).default({}),
    /** Points of their own, after the grid's (e.g. drawn at random). */
    points: z.array(z.record(FieldPath, FieldValue)).max(MAX_SWEEP_POINTS).default([]),
    /** Training and test images, a seeded subset the same for every point (default: all). */
    train: wholeNumber(1, 1_000_000).optional(),
    test: wholeNumber(1, 1_000_000).optional(),
  })
  .strict();
/** {@link SweepSpec}'s output. */
export type SweepSpec = z.output<typeof SweepSpec>;

/** One point of a sweep: the swept fields' values, and the model spec they make. */
export interface SweepPoint {
  /** The swept fields and their values at this point, in the sweep's field order. */
  fields: Record<string, string | number | boolean>;
  /** The model spec of this point, validated and complete. */
  spec: ResolvedModelSpec;
  /** The cell key: `point-<hash of the spec>`, so edited sweeps reuse the points they keep. */
  key: string;
}

/** Parse a sweep spec (throws a SpecError naming every problem). */
export function parseSweepSpec(input: unknown): SweepSpec {
  return parseSpecWith(SweepSpec, input, 'sweep spec');
}

/** Every combination of the grid's values, the first field varying slowest. */
function gridPoints(grid: Record<string, readonly unknown[]>): Record<string, unknown>[] {
  return Object.entries(grid).reduce<Record<string, unknown>[]>(
    (points, [field, values]) =>
      points.flatMap((point) => values.map((value) => ({ ...point, [field]: value }))),
    [{}],
  );
}

/** `spec` with the field at dotted `path` set to `value` (objects and arrays copied on the way). */
function setField(spec: unknown, path: string[], value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const container: Record<string, unknown> | unknown[] = Array.isArray(spec)
    ? [...(spec as unknown[])]
    : spec !== null && typeof spec === 'object'
      ? { ...(spec as Record<string, unknown>) }
      : /^\d+$/.test(head)
        ? []
        : {};
  const current = (container as Record<string, unknown>)[head];
  (container as Record<string, unknown>)[head] = setField(current, rest, value);
  return container;
}

/** The fields a sweep varies: the grid's, then any other the points set. */
export function sweptFields(sweep: SweepSpec): string[] {
  const fields = Object.keys(sweep.grid);
  for (const point of sweep.points)
    for (const f of Object.keys(point)) if (!fields.includes(f)) fields.push(f);
  return fields;
}

/**
 * The sweep's points, each a validated model spec; throws a SpecError naming a bad base model,
 * or every bad point
 * (`point 3 (beta=-1): beta: ...`) or a sweep of no point or too many.
 */
export function sweepPoints(sweep: SweepSpec): SweepPoint[] {
  const raw = [
    ...(Object.keys(sweep.grid).length > 0 ? gridPoints(sweep.grid) : []),
    ...sweep.points,
  ];
  const fail = (problem: string): never => {
    throw new SpecError(`invalid sweep spec:\n  ${problem}`, [problem]);
  };
  if (raw.length === 0) fail('grid, points: give at least one point (a grid or a list of points)');
  if (raw.length > MAX_SWEEP_POINTS) {
    fail(`grid, points: ${raw.length} points, more than the ${MAX_SWEEP_POINTS} a sweep may have`);
  }
  // The points' fields are set on the complete base spec, so a path may reach into a default
  // (`areas.1.size`); the batch size is left to each point's kind unless the sweep gives one.
  const { batchSize, ...base } = parseModelSpec(sweep.model);
  const start = 'batchSize' in sweep.model ? { ...base, batchSize } : base;
  const problems: string[] = [];
  const points: SweepPoint[] = [];
  raw.forEach((fields, i) => {
    const input = Object.entries(fields).reduce<unknown>(
      (spec, [path, value]) => setField(spec, path.split('.'), value),
      start,
    );
    const label = Object.entries(fields)
      .map(([f, v]) => `${f}=${String(v)}`)
      .join(', ');
    try {
      const spec = parseModelSpec(input);
      const hash = createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 12);
      points.push({ fields: fields as SweepPoint['fields'], spec, key: `point-${hash}` });
    } catch (error) {
      if (!(error instanceof SpecError)) throw error;
      for (const p of error.problems) problems.push(`point ${i + 1} (${label}): ${p}`);
    }
  });
  if (problems.length > 0) {
    throw new SpecError(
      `invalid sweep spec:\n${problems.map((p) => `  ${p}`).join('\n')}`,
      problems,
    );
  }
  return points;
}
