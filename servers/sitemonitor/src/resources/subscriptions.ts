import { ProtocolError, ProtocolErrorCode, type McpServer, type ServerNotifier } from '@modelcontextprotocol/server';
import type { MonitorEvent, MonitorEvents } from '../monitor/events.js';
import { isSubscribableUri, LATEST_LOG_URI, monitorUri } from './uris.js';

const MAX_SUBSCRIPTIONS = 1000;
const MODERN_ERA = '2026-07-28';

function urisFor(event: MonitorEvent): string[] {
  switch (event.type) {
    case 'checked':
      return [LATEST_LOG_URI];
    case 'status_changed':
    case 'monitor_changed':
    case 'monitor_removed':
      return [monitorUri(event.monitorId)];
  }
}

/**
 * resources/updated for one connection. On the 2025 era the client subscribes per URI with
 * resources/subscribe and we send only those. On the 2026-07-28 era the client opens
 * subscriptions/listen, which the SDK's stdio entry serves and filters by URI, so every change is
 * handed to it. The listener lives as long as the connection.
 */
export function enableSubscriptions(server: McpServer, events: MonitorEvents): void {
  const subscribed = new Set<string>();
  server.server.registerCapabilities({ resources: { subscribe: true, listChanged: true } });

  server.server.setRequestHandler('resources/subscribe', (request) => {
    const { uri } = request.params;
    if (!isSubscribableUri(uri)) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Cannot subscribe to ${uri}: only sitemonitor://monitors/{id} and sitemonitor://log/latest change.`
      );
    }
    if (!subscribed.has(uri) && subscribed.size >= MAX_SUBSCRIPTIONS) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `At most ${MAX_SUBSCRIPTIONS} subscriptions per connection; unsubscribe from some first.`
      );
    }
    subscribed.add(uri);
    return {};
  });
  server.server.setRequestHandler('resources/unsubscribe', (request) => {
    subscribed.delete(request.params.uri);
    return {};
  });

  const detach = events.subscribe((event) => {
    if (!server.isConnected()) return;
    const modern = (server.server.getNegotiatedProtocolVersion() ?? '') >= MODERN_ERA;
    for (const uri of urisFor(event)) {
      if (modern || subscribed.has(uri)) void server.server.sendResourceUpdated({ uri }).catch(() => undefined);
    }
  });
  const previousOnClose = server.server.onclose;
  server.server.onclose = () => {
    detach();
    previousOnClose?.();
  };
}

/**
 * Over stateless HTTP no McpServer outlives its request, so changes go to the runtime's event
 * bus instead; the SDK's HTTP entry delivers them on every 2026-07-28 subscriptions/listen stream
 * that asked for the URI. Returns the unsubscribe function.
 */
export function publishChanges(events: MonitorEvents, notify: ServerNotifier): () => void {
  return events.subscribe((event) => {
    for (const uri of urisFor(event)) notify.resourceUpdated(uri);
  });
}
