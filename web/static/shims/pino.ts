/**
 * `pino` for the static site's worker bundle (web/buildStatic.ts aliases it): the shared logger
 * (src/log.ts) writes to a file descriptor in Node; in the browser its lines go to the console,
 * at the level it was given (`warn` by default), and a child logger adds its bindings.
 */
/* eslint-disable no-console -- in the browser, the console is where a log goes */
const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
type Level = keyof typeof LEVELS;
type LogFn = (...args: unknown[]) => void;
type Logger = Record<Level, LogFn> & {
  level: string;
  child(bindings: Record<string, unknown>): Logger;
};

const writers: Record<Level, LogFn> = {
  trace: console.debug,
  debug: console.debug,
  info: console.info,
  warn: console.warn,
  error: console.error,
  fatal: console.error,
};

function make(bindings: Record<string, unknown>, level: string): Logger {
  const floor = level in LEVELS ? LEVELS[level as Level] : Infinity;
  const logger = {
    level,
    child: (more: Record<string, unknown>) => make({ ...bindings, ...more }, level),
  };
  for (const name of Object.keys(LEVELS) as Level[]) {
    (logger as unknown as Record<Level, LogFn>)[name] =
      LEVELS[name] >= floor ? (...args) => writers[name](bindings, ...args) : () => undefined;
  }
  return logger as Logger;
}

/** A logger with pino's level methods; the destination is the console. */
export const pino = Object.assign(
  (options: { name?: string; level?: string; enabled?: boolean } = {}, _destination?: unknown) =>
    make(
      options.name === undefined ? {} : { name: options.name },
      options.enabled === false ? 'silent' : (options.level ?? 'info'),
    ),
  { destination: (_fd?: number): undefined => undefined },
);

export default pino;
