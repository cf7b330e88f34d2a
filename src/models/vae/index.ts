export { VaeModelSpec } from './spec.ts';
export { vaeKind } from './kind.ts';
