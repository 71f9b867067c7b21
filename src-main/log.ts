/**
 * The app's one logger: pino, one JSON object per line, handed to Fastify (`loggerInstance`) and
 * to the core (`ctx.log`). Lines carry `time` as ISO and `level` as a word, the shape the request
 * log has always had. Request lines never hold a query string, body or header (http/server.ts);
 * the paths below are redacted anyway, should a caller ever log such an object.
 */
import pino, { type Logger } from 'pino';

export type AppLogger = Logger;

/** Receives each line as an object (tests capture or drop lines with it). */
export type LogLineSink = (line: Record<string, unknown>) => void;

export interface LoggerOptions {
  /** Default `info`: health pings (debug) are not written. */
  level?: string;
  /** Default: stdout. */
  sink?: LogLineSink;
}

const REDACT = [
  'authorization',
  'password',
  'pin',
  'token',
  'cardNumber',
  '*.authorization',
  '*.password',
  '*.pin',
  '*.token',
  '*.cardNumber',
  'headers.cookie',
];

export function createLogger(opts: LoggerOptions = {}): AppLogger {
  const options: pino.LoggerOptions = {
    level: opts.level ?? 'info',
    base: null,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACT, censor: '[redacted]' },
  };
  const sink = opts.sink;
  if (!sink) return pino(options);
  return pino(options, {
    write: (text: string) => sink(JSON.parse(text) as Record<string, unknown>),
  });
}
