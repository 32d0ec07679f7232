import type { McpServer } from '@modelcontextprotocol/server';
import { levelAtLeast, parseLogLevel, type LogLevel, type Logger } from './logger.js';

/**
 * Forwards log records to one connected MCP client as `notifications/message`, but only after
 * that client asked for a level with `logging/setLevel`: clients that never asked get no noise.
 * Returns a function that detaches the forwarding (call it when the connection closes).
 */
export function forwardLogsToClient(server: McpServer, logger: Logger): () => void {
  let clientLevel: LogLevel | undefined;
  server.server.setRequestHandler('logging/setLevel', async (request) => {
    clientLevel = parseLogLevel(String(request.params.level), 'info');
    return {};
  });
  const detach = logger.addSink((record) => {
    if (!clientLevel || !levelAtLeast(record.level, clientLevel) || !server.isConnected()) return;
    void server
      .sendLoggingMessage({ level: record.level, logger: 'server', data: { msg: record.msg, ...record.fields } })
      .catch(() => undefined);
  });
  return detach;
}
