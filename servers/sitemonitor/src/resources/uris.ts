export const CONFIG_URI = 'sitemonitor://config';
export const LATEST_LOG_URI = 'sitemonitor://log/latest';
export const monitorUri = (id: number) => `sitemonitor://monitors/${id}`;

const MONITOR_URI = /^sitemonitor:\/\/monitors\/[1-9]\d{0,15}$/;

export function isSubscribableUri(uri: string): boolean {
  return uri === LATEST_LOG_URI || MONITOR_URI.test(uri);
}
