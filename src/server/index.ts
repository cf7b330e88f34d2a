export { startServer } from './server.ts';
export type { LiveServer, ServerOptions } from './server.ts';
export * from './protocol.ts';
