export { createLogger, parseLogLevel, levelAtLeast, LOG_LEVELS } from './logger.js';
export type { Logger, LoggerOptions, LogLevel, LogFields, LogRecord, LogSink } from './logger.js';
export { MAX_LOG_MESSAGE_CHARS, MAX_LOG_STRING_CHARS, redact, redactAndCap, redactString } from './redact.js';
export { forwardLogsToClient } from './forward.js';
