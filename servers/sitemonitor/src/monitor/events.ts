/** What changed in the store, for whoever shows it (resource subscriptions) or acts on it (the scheduler). */
export type MonitorEvent =
  | { type: 'checked'; monitorId: number }
  | { type: 'status_changed'; monitorId: number }
  | { type: 'monitor_changed'; monitorId: number }
  | { type: 'monitor_removed'; monitorId: number };

export type MonitorListener = (event: MonitorEvent) => void;

/**
 * A process-wide fan-out of store changes. A Set rather than an EventEmitter: one listener per
 * connected client is normal here, and a listener that throws must not stop the others.
 */
export class MonitorEvents {
  private readonly listeners = new Set<MonitorListener>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {}

  subscribe(listener: MonitorListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: MonitorEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
