import { createLogger, type Logger } from '../log/index.js';

/** A logger that keeps its lines in memory, so tests stay quiet and can assert on what was logged. */
export function memoryLogger(level = 'debug'): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const logger = createLogger({ level, pretty: false, stream: { write: (chunk: string) => chunks.push(chunk) } });
  return { logger, lines: () => chunks.map((c) => JSON.parse(c) as Record<string, unknown>) };
}
