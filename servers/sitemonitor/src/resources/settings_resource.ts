import { defineResource } from '../kit.js';
import { CONFIG_URI } from './uris.js';

export const settingsResource = defineResource({
  name: 'config',
  title: 'Sitemonitor settings',
  description: 'The effective settings of this server: database, network policy, limits, scheduler.',
  uri: CONFIG_URI,
  mimeType: 'application/json',
  read: ({ config, deps }) => ({
    // Nothing here is secret: this server holds no credentials.
    text: JSON.stringify(
      {
        database: config.database,
        readOnly: config.readOnly,
        allowPrivateTargets: config.allowPrivateTargets,
        extraCaFile: config.caFile ?? null,
        scheduler: deps.scheduler
          ? { running: true, maxConcurrentChecks: config.maxConcurrentChecks }
          : { running: false },
        minIntervalSeconds: config.minIntervalSeconds,
        maxMonitors: config.maxMonitors,
        timeoutSeconds: config.timeoutSeconds,
        maxResponseBytes: config.maxResponseBytes,
        retentionDays: config.retentionDays,
        monitors: deps.store.countMonitors()
      },
      null,
      2
    )
  })
});
