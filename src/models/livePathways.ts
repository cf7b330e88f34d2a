/**
 * A live slot's pathways and the trained model it names: the slot is built with the graph the
 * model was trained on. A slot that gives no `pathways` takes the trained run's; one that gives
 * other pathways than the run's (or gives some for a run trained on the chain) is refused,
 * naming both, before anything is built.
 */
import type { ModelPathwaySpec } from './modelPathways.ts';
import { CheckpointError } from './checkpoint.ts';
import { checkTrainedMatches, type TrainedModel } from './trainedModel.ts';

/** What a kind's facet knows to match a trained model to its slot. */
export interface TrainedGraphCheck {
  /** The kind's name, as a checkpoint names it. */
  kind: string;
  /** What the slot is called in messages (`generative model`, `classifier`). */
  what: string;
  /** The slot's areas (names and sizes, bottom to top), as its spec and the data make them. */
  areas: readonly { name: string; size: number }[];
  /** Reads a trained model's areas from its saved spec (throws when it is not one of `kind`). */
  areasOf: (saved: unknown) => { name: string; size: number }[];
  /** Reads a trained model's pathways from its saved spec (undefined: the chain). */
  pathwaysOf: (saved: unknown) => readonly ModelPathwaySpec[] | undefined;
}

/** A list of pathways as a message shows it: "z1->sensory feedback, z2->sensory feedback gain 0.5". */
export function describePathways(pathways: readonly ModelPathwaySpec[] | undefined): string {
  if (pathways === undefined) return 'the chain (no pathways given)';
  return pathways
    .map((p) =>
      [
        `${p.from}->${p.to} ${p.kind}`,
        ...(p.gain !== 1 ? [`gain ${p.gain}`] : []),
        ...(p.lesioned ? ['lesioned'] : []),
        ...(p.hidden !== undefined ? [`hidden [${p.hidden.join(', ')}]`] : []),
      ].join(' '),
    )
    .join(', ');
}

/**
 * The slot's spec with the trained model's pathways: refused (a CheckpointError) when the
 * model's kind or areas differ from the slot's, or when the slot gives pathways other than the
 * model's; a slot that gives none takes the model's.
 */
export function withTrainedPathways<S extends { pathways?: ModelPathwaySpec[] | undefined }>(
  spec: S,
  trained: TrainedModel,
  check: TrainedGraphCheck,
): S {
  checkTrainedMatches(trained, check.kind, check.areas, check.areasOf, check.what);
  const saved = check.pathwaysOf(trained.spec);
  if (spec.pathways === undefined) {
    return saved === undefined ? spec : { ...spec, pathways: saved.map((p) => ({ ...p })) };
  }
  if (describePathways(spec.pathways) !== describePathways(saved)) {
    throw new CheckpointError(
      trained.file,
      `holds a ${check.kind} trained with pathways ${describePathways(saved)}, but the ` +
        `${check.what} gives pathways ${describePathways(spec.pathways)}: leave the slot's ` +
        'pathways out to take the trained ones, or train one with these',
    );
  }
  return spec;
}
