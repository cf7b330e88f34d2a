/** Small pure stream operators over activity snapshots and tick summaries. */
export { freeEnergyTrace } from './freeEnergyTrace.ts';
export type { FreeEnergyPoint } from './freeEnergyTrace.ts';
export { latestByArea } from './latestByArea.ts';
export { pairPredictionWithError, pairStep } from './pairPredictionWithError.ts';
export type { PendingPair, PredictionErrorPair } from './pairPredictionWithError.ts';
export { sampleEveryNthTick } from './sampleEveryNthTick.ts';
export { selectSnapshots } from './selectSnapshots.ts';
export type { SnapshotSelection } from './selectSnapshots.ts';
export { snapshotKey } from './snapshotKey.ts';
export { throttleSnapshots } from './throttleSnapshots.ts';
