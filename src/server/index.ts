export { startServer } from './server.ts';
export type { LiveServer, ServerOptions } from './server.ts';
export type { LiveSockets } from './sockets.ts';
export type { FeedStats } from './clientFeed.ts';
export * from './protocol.ts';
export * from './wire.ts';
export * from './exportFormats.ts';
