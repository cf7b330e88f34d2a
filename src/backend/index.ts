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
