// The server's logger (pino): one JSON object a line on stdout, or pino-pretty's coloured lines for a person at a
// terminal. Every module logs through the Logger it is given; nothing here ever sees request input.

import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';
import pinoPretty from 'pino-pretty';

export type Logger = PinoLogger;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LoggerSettings {
  level: LogLevel;
  /** Absent: pretty when stdout is a terminal, JSON otherwise (for log collectors). */
  format?: LogFormat;
}

/**
 * A logger writing to `destination` (default stdout). pino-pretty runs in this thread as a plain stream (no worker
 * transport), so a line is written before the call returns and a crash loses nothing that was logged.
 */
export function createLogger(settings: LoggerSettings, destination: DestinationStream & { isTTY?: boolean } = process.stdout): Logger {
  const format = settings.format ?? (destination.isTTY === true ? 'pretty' : 'json');
  const options = { level: settings.level, base: { service: 'openkms' }, timestamp: pino.stdTimeFunctions.isoTime };
  if (format === 'pretty') {
    return pino(options, pinoPretty({ destination, colorize: destination.isTTY === true, sync: true, translateTime: 'SYS:standard', ignore: 'pid,hostname,service' }));
  }
  return pino(options, destination);
}

/** A logger that writes nothing (in-process servers of the tests, unless they ask for one). */
export const silentLogger: Logger = pino({ level: 'silent' });

/**
 * The (message, error) callback the pipelines, jobs and listener report their failures through, as one line with the
 * error's name and message; its stack only at debug level, where someone is looking for it.
 */
export function errorReporter(logger: Logger): (message: string, error: unknown, context?: { requestId?: string }) => void {
  return (message, error, context) => {
    const request = context?.requestId !== undefined ? { requestId: context.requestId } : {};
    const err = error instanceof Error ? { type: error.name, message: error.message } : { type: typeof error, message: String(error) };
    if (logger.isLevelEnabled('debug') && error instanceof Error && error.stack !== undefined) {
      logger.error({ ...request, error: { ...err, stack: error.stack } }, message);
    } else {
      logger.error({ ...request, error: err }, message);
    }
  };
}
