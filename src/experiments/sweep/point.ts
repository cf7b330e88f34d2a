/**
 * One point of a sweep, computed: the model its spec describes, built, trained and tested
 * through its kind (models/kinds.ts), on the sweep's seeded subset of the data. Its figures are
 * the numbers of the kind's test figures (`negElbo`, `accuracy`, ...); a figure that is not a
 * finite number fails the point (`NON_FINITE_LOSS`), as a diverged training does.
 */
import { SpecError } from '../../cortex/specError.ts';
import { NeocortexError } from '../../errors.ts';
import { dataShapeOf, type TrainingProgress } from '../../models/kind.ts';
import { modelKind } from '../../models/kinds.ts';
import type { ResolvedModelSpec } from '../../models/modelSpec/resolve.ts';
import { loadExperimentData } from '../data.ts';

/** What a point gives: its figures by name. */
export interface PointValue {
  figures: Record<string, number>;
}

/** The numbers among a kind's test figures, nested ones named `outer.inner`. */
export function numericFigures(test: Record<string, unknown>, prefix = ''): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(test)) {
    if (typeof value === 'number') out[`${prefix}${name}`] = value;
    else if (
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      prefix === ''
    ) {
      Object.assign(out, numericFigures(value as Record<string, unknown>, `${name}.`));
    }
  }
  return out;
}

const silent: TrainingProgress = {
  batch: () => undefined,
  stage: () => ({ advance: () => undefined, stop: () => undefined }),
};

/** Train and test the model of `spec` on `sizes` of its data set; its figures. */
export async function computeSweepPoint(
  spec: ResolvedModelSpec,
  sizes: { train?: number | undefined; test?: number | undefined },
): Promise<PointValue> {
  const kind = modelKind(spec.kind);
  const data = await loadExperimentData(spec.dataset, {
    ...(sizes.train !== undefined ? { train: sizes.train } : {}),
    ...(sizes.test !== undefined ? { test: sizes.test } : {}),
    ...(spec.dataDir !== undefined ? { dataDir: spec.dataDir } : {}),
  });
  const shape = dataShapeOf(data);
  const problems: string[] = kind.checkData?.(spec, shape) ?? [];
  if (problems.length > 0) {
    throw new SpecError(
      `invalid model spec:\n${problems.map((p) => `  ${p}`).join('\n')}`,
      problems,
    );
  }
  const model = kind.build(spec, shape, spec.seed);
  try {
    const trained = await kind.training.train(model, spec, {
      data,
      batchSize: spec.batchSize,
      resume: false,
      progress: silent,
      print: () => undefined,
    });
    const { test } = await kind.evaluate(model, spec, {
      test: data.test,
      trained,
      progress: silent,
    });
    const figures = numericFigures(test);
    const bad = Object.entries(figures).filter(([, v]) => !Number.isFinite(v));
    if (bad.length > 0) {
      throw new NeocortexError(
        'NON_FINITE_LOSS',
        `${spec.kind} point: ${bad.map(([name, v]) => `${name} is ${v}`).join(', ')}`,
      );
    }
    return { figures };
  } finally {
    model.dispose();
  }
}
