/**
 * The diagrams of a session's two models, read from the hierarchies as they
 * were built (their specs): every area with its name, kind and size, every
 * pathway with its direction; with each model's kind, learning rule and the
 * captions its kind gives the page. Sent once, in `hello`.
 */
import type { HierarchySpec } from '../../cortex/spec.ts';
import type { LiveModel } from '../../models/live.ts';
import { displaySizeOf } from './frameEncoding.ts';
import type { SessionModels } from './sessionModels.ts';
import type { AreaTopology, ModelTopology, PathwayTopology, Topology } from './vocabulary.ts';

/** What the topology needs besides the models. */
export interface TopologyOptions {
  imageShape: [number, number];
  classNames: readonly string[];
  maxDisplayValues: number;
}

/** The topology of `models`, from their built hierarchies' specs. */
export function describeTopology(models: SessionModels, options: TopologyOptions): Topology {
  return {
    generative: modelTopology(models.generative, options),
    classifier: { ...modelTopology(models.classifier, options), classes: [...options.classNames] },
    latentSize: models.topSize,
    imageShape: options.imageShape,
  };
}

function modelTopology(model: LiveModel, options: TopologyOptions): ModelTopology {
  const { kind, learning, captions } = model;
  return { ...diagram(model.hierarchySpec, options), kind, learning, captions };
}

function diagram(
  spec: HierarchySpec,
  options: TopologyOptions,
): { areas: AreaTopology[]; pathways: PathwayTopology[] } {
  const areas = spec.areas.map((area, i): AreaTopology => {
    const picture = i === 0;
    return {
      name: area.name,
      kind: picture ? 'sensory' : area.stochastic ? 'stochastic' : 'deterministic',
      size: area.size,
      displaySize: displaySizeOf(area.size, options.maxDisplayValues, picture),
      ...(picture ? { shape: options.imageShape } : {}),
    };
  });
  // The page draws feedforward and feedback lanes, and a lateral pathway as a curved arrow.
  const pathways = spec.pathways.map(({ from, to, kind }) => ({ from, to, kind }));
  return { areas, pathways };
}
