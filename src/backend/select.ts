/**
 * Compute backend selection. `@tensorflow/tfjs` is the API everywhere; the
 * backend under it is chosen once per process:
 *
 * - `tensorflow`: native libtensorflow through the optional `@tensorflow/tfjs-node`
 *   (fastest; often not installable, so it is an optional dependency);
 * - `wasm`: `@tensorflow/tfjs-backend-wasm` with SIMD, with transposed matMuls
 *   routed through an explicit transpose (see fastMatMul.ts);
 * - `cpu`: the plain JavaScript backend, only when asked for.
 *
 * `auto` (the default) tries `tensorflow`, then `wasm`. The `--backend` flag or
 * the `NEOCORTEX_BACKEND` environment variable forces one.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { installFastTransposedMatMul } from './fastMatMul.ts';
import { installFusedKernels } from './fusedKernels.ts';
import { BackendError, backendNames, parseBackendChoice, type BackendName } from './names.ts';

export { BackendError, backendNames, parseBackendChoice };
export type { BackendName };

/** What a user may ask for, as a schema: a backend by name, or `auto`. */
export const BackendChoice = z.enum(['auto', ...backendNames]);
/** What a user may ask for: a backend by name (`tensorflow`, `wasm`, `cpu`), or `auto` (the fastest that loads here). */
export type BackendChoice = z.infer<typeof BackendChoice>;

/** The backend a process runs on, as {@link initBackend} chose it. */
export interface BackendInfo {
  name: BackendName;
  /** Human-readable detail, e.g. "wasm (SIMD, fast transposed matMul)". */
  description: string;
  /** Why a preferred backend was not used, when `auto` fell back. */
  fallbackReason?: string;
}

/** The choice named by `NEOCORTEX_BACKEND`, or `auto`. Throws on an unknown name. */
export function backendChoiceFromEnv(env: NodeJS.ProcessEnv = process.env): BackendChoice {
  const raw = env['NEOCORTEX_BACKEND'];
  if (raw === undefined || raw === '') return 'auto';
  return parseBackendChoice(raw, 'NEOCORTEX_BACKEND');
}

async function useTensorflow(): Promise<BackendInfo> {
  try {
    // A variable specifier: the package is optional and may be absent at type-check time.
    const optionalPackage: string = '@tensorflow/tfjs-node';
    await import(optionalPackage);
  } catch (error) {
    const missing = (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND';
    throw new BackendError(
      `@tensorflow/tfjs-node is ${missing ? 'not installed' : 'not loadable'}: it is an optional ` +
        'dependency whose install downloads libtensorflow' +
        (missing ? '' : ` (${(error as Error).message.split('\n')[0]})`),
    );
  }
  if (!(await tf.setBackend('tensorflow'))) {
    throw new BackendError('@tensorflow/tfjs-node loaded but its backend failed to initialise');
  }
  return { name: 'tensorflow', description: 'tensorflow (native libtensorflow via tfjs-node)' };
}

async function useWasm(): Promise<BackendInfo> {
  await import('@tensorflow/tfjs-backend-wasm');
  installFastTransposedMatMul();
  installFusedKernels();
  if (!(await tf.setBackend('wasm'))) {
    throw new BackendError('the wasm backend failed to initialise');
  }
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
  return {
    name: 'wasm',
    description: `wasm (${simd ? 'SIMD' : 'no SIMD'}, fast transposed matMul, fused kernels)`,
  };
}

async function useCpu(): Promise<BackendInfo> {
  if (!(await tf.setBackend('cpu'))) throw new BackendError('the cpu backend failed to initialise');
  return { name: 'cpu', description: 'cpu (plain JavaScript; slow, for checking only)' };
}

let active: BackendInfo | undefined;

/** Select and initialise the compute backend. Safe to call again with the same choice. */
export async function initBackend(
  choice: BackendChoice = backendChoiceFromEnv(),
): Promise<BackendInfo> {
  if (active !== undefined && (choice === 'auto' || choice === active.name)) {
    if (tf.getBackend() === active.name) return active;
  }
  // Production mode: no "install tfjs-node" banner; we print our own backend line.
  tf.env().set('PROD', true);
  let info: BackendInfo;
  if (choice === 'tensorflow') info = await useTensorflow();
  else if (choice === 'wasm') info = await useWasm();
  else if (choice === 'cpu') info = await useCpu();
  else {
    try {
      info = await useTensorflow();
    } catch (error) {
      info = { ...(await useWasm()), fallbackReason: (error as Error).message };
    }
  }
  await tf.ready();
  active = info;
  return info;
}

/** The backend chosen by the last `initBackend`, if any. */
export function activeBackend(): BackendInfo | undefined {
  return active;
}
