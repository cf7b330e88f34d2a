/** The live session: one simulation with its controls, split by concern (see session.ts). */
export { ControlError } from './controls.ts';
export { createSession, Session, type SessionOptions } from './session.ts';
export {
  isParsedSessionSpec,
  parseSessionSpec,
  servedSessionSpec,
  type ParsedSessionSpec,
} from './parsedSessionSpec.ts';
export type { TrainedSlots } from './sessionModels.ts';
export { loadTrainedSlots } from './trainedSlots.ts';
export { loadTrainedModel, type TrainedModel } from '../../models/trainedModel.ts';
export * from './vocabulary.ts';
