/**
 * The one error family of neocortex-sim. Every error the library throws on
 * purpose is a {@link NeocortexError} with a stable {@link ErrorCode}, so a
 * caller can tell a bad spec from a corrupt checkpoint without parsing
 * messages: `if (error instanceof NeocortexError && error.code === 'SPEC_INVALID')`.
 * A foundation module: every layer may import it, it imports none.
 */

/** Stable codes of the error family; a code never changes meaning once published. */
export const errorCodes = [
  /** A spec (hierarchy, model, session, experiment) failed validation or a build-time check. */
  'SPEC_INVALID',
  /** Command-line options or API arguments out of range or of the wrong kind. */
  'OPTION_INVALID',
  /** A data set is missing, malformed, too large or too small. */
  'DATA_INVALID',
  /** A checkpoint is corrupt, altered, truncated, or for another configuration. */
  'CHECKPOINT_INVALID',
  /** A loss or free energy became NaN or infinite during training. */
  'NON_FINITE_LOSS',
  /** An output folder or file cannot be created or written. */
  'OUTPUT_UNWRITABLE',
  /** A compute backend cannot be loaded or initialised. */
  'BACKEND_UNAVAILABLE',
  /** A live-session control was refused (bad value, wrong state). */
  'CONTROL_REFUSED',
  /** A cache file of prepared data could not be read. */
  'CACHE_INVALID',
  /** A training thread (a data-parallel replica) failed, exited or could not start. */
  'REPLICA_FAILED',
  /** The Redis named by `--redis` (live relays) does not answer. */
  'REDIS_UNREACHABLE',
  /**
   * An input, a state, a clamp or a mask has the wrong shape for the area or model it is given
   * to (`input: expected shape [batch, 784], got [2, 10]`).
   */
  'SHAPE_MISMATCH',
  /**
   * A call names an area or a pathway the hierarchy does not have (`clamp`, `lesion`,
   * `readState`, ...); the message lists the names it has and the nearest one.
   */
  'UNKNOWN_NAME',
  /**
   * A call needs one before it: `learn` or `freeEnergy` before any `recognize` or `settle`,
   * a continued settle with no states to continue from.
   */
  'CALL_ORDER',
  /** A model, hierarchy or session was used after its `dispose()`. */
  'DISPOSED',
  /**
   * The model or hierarchy has no such operation: `generate` on a hierarchy whose predictions
   * go up, local learning through a deterministic area.
   */
  'NOT_SUPPORTED',
  /**
   * A recording (`serve --record`, `replay`) is not in the recording format, is of a newer
   * format version, or is corrupt (a bad length, header or record).
   */
  'RECORDING_INVALID',
  /**
   * A job of a queued run (`experiment --queue`, `sweep --queue`) failed all its attempts on the
   * workers; the message names each failed seed or sweep point.
   */
  'JOB_FAILED',
] as const;

/** One of {@link errorCodes}. */
export type ErrorCode = (typeof errorCodes)[number];

/**
 * Base class of every error neocortex-sim throws on purpose. `code` is stable
 * across versions; `message` is for people and may be reworded.
 */
export class NeocortexError extends Error {
  /** The stable code of this kind of error. */
  readonly code: ErrorCode;

  /**
   * @param code - the stable code of this kind of error
   * @param message - what went wrong, for a person: name the file, option or path
   * @param options - `cause`: the underlying error, if any
   */
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  override get name(): string {
    return this.constructor.name;
  }
}

/** True when `error` belongs to the family and, if `code` is given, has that code. */
export function isNeocortexError(error: unknown, code?: ErrorCode): error is NeocortexError {
  return error instanceof NeocortexError && (code === undefined || error.code === code);
}
