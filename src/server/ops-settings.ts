// The operator's settings of `openkms serve`: how it logs, where it serves its metrics, and its TLS files. Each parser
// takes the text a flag, a variable or the config file gives and says in one line what it accepts.

import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel, type LoggerSettings } from './logger.js';

/** GET /metrics: not served, served on the API port, or on a plain-HTTP listener of its own. */
export type MetricsSetting = { kind: 'off' } | { kind: 'api' } | { kind: 'port'; host?: string; port: number };

/** PEM files of the certificate chain and its private key; read at start and again on SIGHUP. */
export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

export const DEFAULT_LOG: LoggerSettings = { level: 'info' };
/** On the API port by default: it shows counts by operation and error code, never key data (docs/operations.md). */
export const DEFAULT_METRICS: MetricsSetting = { kind: 'api' };

export function parseLogLevel(text: string): LogLevel {
  if (!(LOG_LEVELS as readonly string[]).includes(text)) throw new Error(`the log level is one of ${LOG_LEVELS.join(', ')}: '${text}'`);
  return text as LogLevel;
}

export function parseLogFormat(text: string): LogFormat {
  if (!(LOG_FORMATS as readonly string[]).includes(text)) throw new Error(`the log format is one of ${LOG_FORMATS.join(', ')}: '${text}'`);
  return text as LogFormat;
}

/** `off`, `on` (the API port), a port (on the API's host) or HOST:PORT. */
export function parseMetrics(text: string): MetricsSetting {
  if (text === 'off') return { kind: 'off' };
  if (text === 'on') return { kind: 'api' };
  const match = /^(?:(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):)?(\d{1,5})$/.exec(text);
  const port = match ? Number(match[2]) : NaN;
  if (!match || !(port >= 1 && port <= 65535)) throw new Error(`metrics is off, on, a port from 1 to 65535 or HOST:PORT: '${text}'`);
  const host = match[1]?.replace(/^\[|\]$/g, '');
  return { kind: 'port', ...(host !== undefined ? { host } : {}), port };
}

export function describeMetrics(setting: MetricsSetting): string {
  if (setting.kind === 'off') return 'off';
  if (setting.kind === 'api') return 'on';
  return setting.host !== undefined ? `${setting.host.includes(':') ? `[${setting.host}]` : setting.host}:${setting.port}` : String(setting.port);
}

/** Both files or neither: a certificate without its key (or the reverse) cannot serve HTTPS. */
export function tlsFiles(certFile: string | undefined, keyFile: string | undefined, names: { cert: string; key: string }): TlsFiles | undefined {
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined) throw new Error(`${names.key} needs --tls-cert (or OPENKMS_TLS_CERT) as well`);
  if (keyFile === undefined) throw new Error(`${names.cert} needs --tls-key (or OPENKMS_TLS_KEY) as well`);
  return { certFile, keyFile };
}
