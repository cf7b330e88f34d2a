/** The live session (split by concern under ./session/); this file keeps the old import path. */
export * from './session/index.ts';
