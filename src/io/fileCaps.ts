/**
 * The size caps of the files a user hands to neocortex-sim, one per kind of
 * file, each overridable by an environment variable (in MiB) for the rare user
 * who legitimately needs more. Why these numbers:
 *
 * - **spec** (model, session, experiment, hierarchy): 1 MiB. A spec is a
 *   description written by hand or printed by `neocortex spec`: a few KiB,
 *   tens with long pathway lists. 1 MiB is a hundred times that, and parsing
 *   it costs tens of MiB at most (a 50 MB spec took 780 MB).
 * - **results** (an experiment's results.json, read by `--from`): 64 MiB. The
 *   largest committed one is 200 KiB (predictive-coding, 3 seeds); 64 MiB leaves
 *   room for experiments with hundreds of times more records.
 * - **cell** (one cached cell of an experiment): 64 MiB, as results: the
 *   largest committed cell is 130 KiB. An oversized cell is computed again.
 * - **metrics** (a run's metrics.json, which `train --spec` also takes): 64 MiB.
 *   It holds a run's figures and one history entry per epoch (150 to a few
 *   hundred bytes pretty-printed): a run of the 100,000 epochs a spec allows
 *   stays under it.
 * - **checkpoint**: 2 GiB. A checkpoint holds the weights and both Adam
 *   moments (three float32 copies). Training keeps those plus the gradients on
 *   the wasm backend's heap, which a 32-bit address space limits to 4 GiB, so a
 *   model that trains there leaves a checkpoint well under 4 GiB x 3/4; loading
 *   holds the file and its weights at once (twice its size in memory). And no
 *   checkpoint over 2 GiB was ever readable (Node's readFile stops at 2 GiB),
 *   so this cap refuses nothing that loaded before. Up to the 4 GiB a Node
 *   buffer can hold with NEOCORTEX_MAX_CHECKPOINT_MIB, for tfjs-node runs.
 * - **digits** (one MNIST digit file `N.json`, the `mnist` package's or a
 *   user's `digitsDir`): 32 MiB. The embedded ones hold 2.1 to 2.6 MB (about a
 *   thousand images each); 32 MiB is over ten times that, and parsed it costs
 *   a few hundred MiB at most.
 * - **mnist** (the binary MNIST cache loadMnist keeps): 256 MiB. It holds a
 *   byte a pixel: 7.5 MiB for the embedded 10,000 digits; ten digit files at
 *   their cap, at two bytes a pixel at the least ("0,"), make at most 160 MiB,
 *   so no cache of digit files under their cap is refused. A cache over it is
 *   ignored and rebuilt, with a warning naming the cap.
 */
import { constants } from 'node:buffer';
import { NeocortexError, type ErrorCode } from '../errors.ts';
import type { BoundedReadOptions } from './boundedRead.ts';

const MiB = 1024 * 1024;

/** Each kind of file: its name in messages, its default cap and the code of its errors. */
export const fileCaps = {
  spec: { what: 'spec', maxBytes: 1 * MiB, code: 'SPEC_INVALID' },
  results: { what: 'results file', maxBytes: 64 * MiB, code: 'SPEC_INVALID' },
  cell: { what: 'experiment cell', maxBytes: 64 * MiB, code: 'SPEC_INVALID' },
  metrics: { what: 'metrics file', maxBytes: 64 * MiB, code: 'SPEC_INVALID' },
  checkpoint: { what: 'checkpoint', maxBytes: 2048 * MiB, code: 'CHECKPOINT_INVALID' },
  digits: { what: 'MNIST digit file', maxBytes: 32 * MiB, code: 'DATA_INVALID' },
  mnist: { what: 'MNIST cache', maxBytes: 256 * MiB, code: 'DATA_INVALID' },
} as const satisfies Record<string, { what: string; maxBytes: number; code: ErrorCode }>;

/** A kind of file of {@link fileCaps}. */
export type FileKind = keyof typeof fileCaps;

/** The environment variable that overrides the cap of `kind`, in MiB: NEOCORTEX_MAX_SPEC_MIB. */
export function capVariable(kind: FileKind): string {
  return `NEOCORTEX_MAX_${kind.toUpperCase()}_MIB`;
}

/**
 * How to read a file of `kind`: its cap (the default, or the environment's
 * override), its name and error code, and how to raise the cap. An override
 * that is not a positive number of MiB a buffer can hold is an OPTION_INVALID error.
 */
export function fileCap(
  kind: FileKind,
  env: Readonly<Record<string, string | undefined>> = process.env,
): BoundedReadOptions {
  const variable = capVariable(kind);
  const { what, maxBytes, code } = fileCaps[kind];
  const raw = env[variable];
  const raise = `set ${variable} to allow more`;
  if (raw === undefined || raw.trim() === '') return { what, maxBytes, code, raise };
  const mib = Number(raw);
  // The reader holds one byte past the cap to see the end.
  const most = Math.floor((constants.MAX_LENGTH - 1) / MiB);
  if (!Number.isFinite(mib) || mib <= 0 || mib > most) {
    throw new NeocortexError(
      'OPTION_INVALID',
      `${variable}: expected a positive number of MiB up to ${most}, got ${JSON.stringify(raw)}`,
    );
  }
  return { what, maxBytes: Math.floor(mib * MiB), code, raise };
}
