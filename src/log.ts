/**
 * The library's one logger (a foundation: it uses no layer). Library code never
 * writes to the console; it logs here, as pino JSON lines on stderr. The level
 * is `warn` unless NEOCORTEX_LOG_LEVEL says otherwise (`info`, `debug`,
 * `silent`...). The CLI prints its reports for people through its own `print`.
 */
import { pino, type Logger } from 'pino';

/** The shared logger: warnings and errors to stderr by default. */
export const log: Logger = pino(
  { name: 'neocortex', level: process.env['NEOCORTEX_LOG_LEVEL'] ?? 'warn' },
  pino.destination(2),
);
