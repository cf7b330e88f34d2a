export { startServer } from './server.ts';
export type { LiveServer, ServerOptions } from './server.ts';
export type { LiveSockets } from './sockets.ts';
export type { FanoutStats, FeedStats } from './viewerFeeds.ts';
export * from './protocol.ts';
export * from './wire.ts';
export * from './exportFormats.ts';
export { readRecording, parseRecording, decodeRecord } from './recording/reader.ts';
export type { Recording, RecordedItem, RecordEntry } from './recording/reader.ts';
export type { RecordingHeader } from './recording/format.ts';
export type { RecordableEvent, RecordableEvents } from './recording/events.ts';
export type { RingOptions, RecordingRing } from './recording/ring.ts';
export type { RecordFileOptions, RecordFile, RecordFileStats } from './recording/fileSink.ts';
export type {
  RecordingSink,
  RecorderOptions,
  SessionRecorder,
  SinkEntry,
} from './recording/recorder.ts';
export { startLiveRecording } from './recording/liveRecording.ts';
export type { LiveRecording, LiveRecordingOptions } from './recording/liveRecording.ts';
export type {
  ReplayPlayer,
  ReplayPicture,
  ReplayOutput,
  ReplayPlayerOptions,
} from './recording/replayPlayer.ts';
export type { LessonDesk } from './lessons.ts';
export { startReplayServer } from './recording/replayServer.ts';
export type { ReplayServer, ReplayServerOptions } from './recording/replayServer.ts';
export { Admission, DEFAULT_VIEWER_LIMITS, ViewerLimitsSchema } from './admission.ts';
export type { EngineLike, EngineSocketLike, ViewerLimits } from './admission.ts';
export type { AdmissionAnswer } from './admissionRoute.ts';
export { startRelay } from './relay/relayServer.ts';
export type { Relay, RelayHealth, RelayOptions } from './relay/relayServer.ts';
export type { LivePublisher, PublisherStats } from './relay/publisher.ts';
export type { LiveMirror, Applied } from './relay/mirror.ts';
export type { ControlReply, ControlRequest, LiveEntry, Snapshot } from './relay/channel.ts';
