/** What every mode's tick may use: the session's parts, read-only. */
import type { SessionModels } from '../sessionModels.ts';
import type { SessionSpec } from '../sessionSpec.ts';
import type { ControlSettings } from '../controls.ts';
import type { SessionInputs } from '../inputs.ts';
import type { LatentView } from '../latentView.ts';

/** The parts of a session a mode's tick works with. */
export interface ModeContext {
  readonly spec: SessionSpec;
  readonly models: SessionModels;
  readonly inputs: SessionInputs;
  readonly controls: Readonly<ControlSettings>;
  readonly latentView: LatentView;
  /** Changes whenever the display models get new weights (a worker's copy): a settle run restarts. */
  readonly weightVersion: () => number;
}
