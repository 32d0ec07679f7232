export { createLogger, parseLogLevel, levelAtLeast, LOG_LEVELS } from './logger.js';
export type { Logger, LoggerOptions, LogLevel, LogFields, LogRecord, LogSink } from './logger.js';
export { redact, redactString } from './redact.js';
export { forwardLogsToClient } from './forward.js';
