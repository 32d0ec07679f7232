import type { AnyServerManifest } from '../server/define.js';
import { manifestSettings, prepareManifest, type PreparedManifest } from '../server/prepare.js';
import { parseSettings } from '../runtime/config.js';
import { createServerRuntime, type ServerRuntime } from '../runtime/server-runtime.js';
import { connectInMemory, type ClientOptions, type ConnectedClient } from './in-memory.js';
import { memoryLogger } from './memory-logger.js';

export interface ManifestConfigOptions {
  /** Flags as an operator would pass them. */
  argv?: readonly string[];
  /** Environment as an operator would set it; the test process's own environment is not read. */
  env?: Record<string, string | undefined>;
}

/** Parses flags and env exactly as the bin does (throws ConfigError), and applies the tool switches. */
export function loadManifestConfig(
  manifest: AnyServerManifest,
  options: ManifestConfigOptions = {}
): { config: Record<string, unknown>; prepared: PreparedManifest } {
  const { specs, schema } = manifestSettings(manifest);
  const parsed = parseSettings(specs, schema, options.argv ?? [], options.env ?? {}, manifest.positional);
  const config = parsed.config as Record<string, unknown>;
  return { config, prepared: prepareManifest(manifest, config) };
}

export interface ConnectManifestOptions<Deps> extends ManifestConfigOptions {
  /** Use these instead of calling the manifest's createDeps (then they are not closed either). */
  deps?: Deps;
  /** Builds deps from the parsed config, for tests that tweak what createDeps would open. */
  createDeps?: (config: any, runtime: ServerRuntime) => Promise<Deps> | Deps;
  client?: ClientOptions;
}

export interface ConnectedManifest<Deps> extends ConnectedClient {
  deps: Deps;
  config: any;
  runtime: ServerRuntime;
  prepared: PreparedManifest;
  /** Log lines the server wrote (they go to memory in tests). */
  logLines(): Array<Record<string, unknown>>;
  /** Another in-memory connection to the same process-wide deps and runtime (a second host). */
  connectAgain(client?: ClientOptions): Promise<ConnectedClient>;
}

/**
 * Connects an in-memory client to a manifest through the real settings parsing, tool switches,
 * host and registration — everything the bin does except the transport.
 */
export async function connectManifest<Deps = any>(
  manifest: AnyServerManifest,
  options: ConnectManifestOptions<Deps> = {}
): Promise<ConnectedManifest<Deps>> {
  const { config, prepared } = loadManifestConfig(manifest, options);
  const { logger, lines } = memoryLogger();
  const runtime = createServerRuntime({
    name: manifest.name,
    version: manifest.version,
    logger,
    maxResultBytes: config.maxResultBytes as number,
    rateLimits: config.rateLimits as Record<string, never>,
    enabledTools: prepared.selection.enabled,
    ...(manifest.mapError ? { mapError: manifest.mapError } : {})
  });
  const ownsDeps = options.deps === undefined;
  const deps = (options.deps ??
    (options.createDeps
      ? await options.createDeps(config, runtime)
      : await manifest.createDeps(config, runtime))) as Deps;
  const factory = prepared.factory(deps, runtime);
  const connected = await connectInMemory(factory, options.client);
  const extra: ConnectedClient[] = [];
  return {
    ...connected,
    deps,
    config,
    runtime,
    prepared,
    logLines: lines,
    connectAgain: async (client) => {
      const another = await connectInMemory(factory, client);
      extra.push(another);
      return another;
    },
    close: async () => {
      for (const another of extra) await another.close();
      await connected.close();
      if (ownsDeps) await manifest.close?.(deps);
    }
  };
}
