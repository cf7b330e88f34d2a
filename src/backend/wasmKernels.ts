/**
 * The hand-written WebAssembly kernels (src/backend/wat/*.wat), instantiated on
 * the wasm backend's own memory, so they read and write tensors where the backend
 * keeps them. One instance per backend memory; `undefined` where they cannot be
 * linked (a backend without an exported memory), and callers then use their
 * TypeScript loop.
 */
import { wasmKernelModules } from './wasmKernels.generated.ts';

/** The exports of adam.wat. */
export interface AdamModule {
  adam(
    w: number,
    m: number,
    v: number,
    g: number,
    wOut: number,
    mOut: number,
    vOut: number,
    n: number,
    b1: number,
    c1: number,
    b2: number,
    c2: number,
    oneMinusAcc1: number,
    oneMinusAcc2: number,
    eps: number,
    step: number,
  ): void;
}

interface EmscriptenModuleLike {
  asm?: { memory?: unknown };
}

/** Bytes of a base64 string (atob: in Node and browsers alike). */
function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** The parts of the WebAssembly API used here (the build's lib has no WebAssembly types). */
interface WebAssemblyApi {
  Memory: abstract new (...args: never[]) => object;
  Module: new (bytes: Uint8Array<ArrayBuffer>) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

const instances = new WeakMap<object, AdamModule | null>();

/** adam.wat linked to `backend`'s memory, or undefined where it cannot be. */
export function adamModuleFor(backend: unknown): AdamModule | undefined {
  const memory = (backend as { wasm?: EmscriptenModuleLike }).wasm?.asm?.memory;
  if (!(memory instanceof wasmApi.Memory)) return undefined;
  let instance = instances.get(memory);
  if (instance === undefined) {
    try {
      const module = new wasmApi.Module(fromBase64(wasmKernelModules.adam));
      instance = new wasmApi.Instance(module, { env: { memory } }).exports as unknown as AdamModule;
    } catch {
      instance = null; // e.g. a shared (threaded) memory: the TypeScript loop is used
    }
    instances.set(memory, instance);
  }
  return instance ?? undefined;
}
