import { MAX_LOG_MESSAGE_CHARS, redact, redactAndCap } from './redact.js';

/** The MCP log levels (RFC 5424 severities), lowest first. */
export const LOG_LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, unknown>;

export interface LogRecord {
  level: LogLevel;
  msg: string;
  fields: LogFields;
  time: Date;
}

export type LogSink = (record: LogRecord) => void;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  notice(msg: string, fields?: LogFields): void;
  warning(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  log(level: LogLevel, msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
  /** Adds a sink (e.g. MCP forwarding); returns a function that removes it. */
  addSink(sink: LogSink): () => void;
  readonly level: LogLevel;
}

export interface LoggerOptions {
  name?: string;
  /** Defaults to `LOG_LEVEL` from the environment, then `info`. */
  level?: LogLevel | string;
  /** Defaults to process.stderr. Never stdout: in stdio mode stdout carries JSON-RPC. */
  stream?: { write(chunk: string): unknown; isTTY?: boolean };
  /** Human-readable lines instead of JSON; defaults to whether the stream is a TTY. */
  pretty?: boolean;
}

export function parseLogLevel(value: string | undefined, fallback: LogLevel = 'info'): LogLevel {
  if (!value) return fallback;
  const normalised = value.toLowerCase() === 'warn' ? 'warning' : value.toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(normalised) ? (normalised as LogLevel) : fallback;
}

export function levelAtLeast(level: LogLevel, threshold: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(threshold);
}

/** Structured logger writing JSON lines (or readable lines on a TTY) to stderr, with redaction. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const stream = options.stream ?? process.stderr;
  const pretty = options.pretty ?? Boolean(stream.isTTY);
  const level = parseLogLevel(options.level ?? process.env.LOG_LEVEL);
  const sinks = new Set<LogSink>();
  const base: LogFields = options.name ? { logger: options.name } : {};

  const write = (record: LogRecord) => {
    if (levelAtLeast(record.level, level)) {
      try {
        stream.write(pretty ? formatPretty(record) : formatJson(record));
      } catch {
        // A closed stderr must never take the server down.
      }
    }
    for (const sink of sinks) {
      try {
        sink(record);
      } catch {
        // A failing sink (e.g. a disconnected client) is not the caller's problem.
      }
    }
  };

  const make = (bound: LogFields): Logger => {
    const log = (lvl: LogLevel, msg: string, fields?: LogFields) =>
      write({
        level: lvl,
        msg: redactAndCap(msg, MAX_LOG_MESSAGE_CHARS),
        fields: redact({ ...bound, ...fields }) as LogFields,
        time: new Date()
      });
    return {
      level,
      log,
      debug: (msg, fields) => log('debug', msg, fields),
      info: (msg, fields) => log('info', msg, fields),
      notice: (msg, fields) => log('notice', msg, fields),
      warning: (msg, fields) => log('warning', msg, fields),
      error: (msg, fields) => log('error', msg, fields),
      child: (fields) => make({ ...bound, ...fields }),
      addSink: (sink) => {
        sinks.add(sink);
        return () => sinks.delete(sink);
      }
    };
  };
  return make(base);
}

function formatJson(record: LogRecord): string {
  return `${JSON.stringify({ time: record.time.toISOString(), level: record.level, msg: record.msg, ...record.fields })}\n`;
}

function formatPretty(record: LogRecord): string {
  const extras = Object.entries(record.fields)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${record.time.toISOString().slice(11, 23)} ${record.level.toUpperCase().padEnd(7)} ${record.msg}${extras ? ` ${extras}` : ''}\n`;
}
