/**
 * `neocortex spec <model|session|experiment> [name]`: a complete default spec
 * as JSON, to save, edit and run with `--spec`. What it prints passes its own
 * validator unchanged.
 */
import { experiments, findExperiment } from '../../experiments/index.ts';
import { NeocortexError } from '../errors.ts';
import { defaultExperimentSpec } from '../experiments/index.ts';
import { findModelKind, unknownKindMessage } from '../models/kinds.ts';
import { defaultModelSpec } from '../models/modelSpec/index.ts';
import { SessionSpec } from '../sim/session/sessionSpec.ts';
import { specKinds } from './specKinds.ts';

export { specKinds };

/**
 * The default spec of a kind, as an object.
 * @param kind - `model`, `session` or `experiment`
 * @param name - model: a registered kind (default pcvae); experiment: its name
 * @param quick - experiment: the quick configuration instead of the full one
 */
export function defaultSpec(kind: string, name?: string, quick = false): object {
  if (kind === 'model') {
    const model = name ?? 'pcvae';
    if (findModelKind(model) === undefined) {
      throw new NeocortexError('OPTION_INVALID', `spec model: ${unknownKindMessage(model)}`);
    }
    return defaultModelSpec(model);
  }
  if (kind === 'session') {
    if (name !== undefined) {
      throw new NeocortexError('OPTION_INVALID', 'spec session takes no name');
    }
    // What `neocortex serve` runs: training flat out in a worker thread.
    return SessionSpec.parse({ training: 'worker' });
  }
  if (kind === 'experiment') {
    if (name === undefined) {
      throw new NeocortexError(
        'OPTION_INVALID',
        `spec experiment: name one of ${experiments.map((e) => e.name).join(', ')}`,
      );
    }
    return defaultExperimentSpec(findExperiment(name), experiments, quick);
  }
  throw new NeocortexError(
    'OPTION_INVALID',
    `spec: no kind "${kind}"; choose one of ${specKinds.join(', ')}`,
  );
}

/** The default spec of a kind as pretty JSON, ending in a newline. */
export function defaultSpecJson(kind: string, name?: string, quick = false): string {
  return `${JSON.stringify(defaultSpec(kind, name, quick), null, 2)}\n`;
}
