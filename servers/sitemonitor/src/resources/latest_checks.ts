import { defineResource } from '../kit.js';
import { LATEST_LOG_URI } from './uris.js';

const LATEST_CHECKS = 50;

export const latestChecksResource = defineResource({
  name: 'latest-checks',
  title: 'Latest checks',
  description: `The ${LATEST_CHECKS} most recent checks across all monitors, newest first. Subscribe to hear of new ones.`,
  uri: LATEST_LOG_URI,
  mimeType: 'application/json',
  read: ({ deps }) => ({ text: JSON.stringify({ checks: deps.store.latestChecks(LATEST_CHECKS) }, null, 2) })
});
