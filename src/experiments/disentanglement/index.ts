/**
 * What a latent code holds: discretisation, entropy and mutual information,
 * the Mutual Information Gap (Chen et al. 2018), active units and latent
 * traversals.
 */
export { discretize } from './discretize.ts';
export { entropy, mutualInformation } from './mutualInformation.ts';
export { mutualInformationGap } from './mig.ts';
export type { Factor, MigOptions, MigResult } from './mig.ts';
export {
  ACTIVE_UNIT_THRESHOLD,
  activeUnits,
  posteriorMeans,
  unitVariances,
} from './latentStats.ts';
export { latentTraversal } from './latentTraversal.ts';
export type { TraversalOptions } from './latentTraversal.ts';
