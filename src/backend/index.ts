export {
  initBackend,
  activeBackend,
  backendChoiceFromEnv,
  parseBackendChoice,
  backendNames,
  BackendChoice,
  BackendError,
} from './select.ts';
export type { BackendInfo, BackendName } from './select.ts';
export {
  installFastTransposedMatMul,
  uninstallFastTransposedMatMul,
  fastTransposedMatMulInstalled,
} from './fastMatMul.ts';
export { ADAM_UPDATE, adamKernelAvailable, adamUpdate, registerAdamKernel } from './adamKernel.ts';
export type { AdamHyperParameters } from './adamKernel.ts';
export {
  installFusedKernels,
  uninstallFusedKernels,
  fusedKernelsInstalled,
} from './fusedKernels.ts';
export { fusedDense, type FusedDenseActivation } from './denseKernel.ts';
export { fusedBernoulliNegLogLikelihood } from './bernoulliKernel.ts';
export { fusedGaussianLatent, gaussianLatentKernelAvailable } from './gaussianLatentKernel.ts';
export { copyTensorInto } from './wasmMemory.ts';
export { tf } from './tf.ts';
