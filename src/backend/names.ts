/**
 * The names of the compute backends and the parsing of a user's choice, in a
 * module that loads no TensorFlow.js, so the command line can show its help and
 * check options without starting a backend.
 */
import { NeocortexError } from '../errors.ts';
// Type only (erased): this module still loads no zod or TensorFlow.js.
import type { BackendChoice } from './select.ts';

/** The compute backends, fastest first: native libtensorflow, WebAssembly, plain JavaScript. */
export const backendNames = ['tensorflow', 'wasm', 'cpu'] as const;
/** One of {@link backendNames}. */
export type BackendName = (typeof backendNames)[number];

/** A compute backend cannot be chosen or loaded (code `BACKEND_UNAVAILABLE`). */
export class BackendError extends NeocortexError {
  /** @param message - which backend and why */
  constructor(message: string, options?: { cause?: unknown }) {
    super('BACKEND_UNAVAILABLE', message, options);
  }
}

/**
 * Read a backend choice from text (`node` and `tfjs-node` mean `tensorflow`); an
 * unknown name is a {@link BackendError} naming `source` (the option or env
 * variable it came from).
 */
export function parseBackendChoice(raw: string, source = '--backend'): BackendChoice {
  const name = raw === 'node' || raw === 'tfjs-node' ? 'tensorflow' : raw;
  if (name === 'auto' || (backendNames as readonly string[]).includes(name)) {
    return name as BackendChoice;
  }
  throw new BackendError(
    `${source}: unknown backend "${raw}"; choose one of auto, ${backendNames.join(', ')}`,
  );
}
