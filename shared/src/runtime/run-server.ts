import type { McpRequestContext, McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import * as z from 'zod';
import { createLogger, redactString, type Logger } from '../log/index.js';
import type { ToolError } from '../tool/index.js';
import { oauthAuthenticator, staticTokenAuthenticator, type Authenticator } from './auth.js';
import type { AnyServerManifest } from '../server/define.js';
import { manifestSettings, prepareManifest, renderToolsetsHelp, type PreparedManifest } from '../server/prepare.js';
import type { CommonConfig } from './common-settings.js';
import { ConfigError, parseSettings, renderHelp, type PositionalSpec, type SettingsSpec } from './config.js';
import {
  defaultAllowedHosts,
  defaultAllowedOrigins,
  isLoopback,
  MCP_PATH,
  RESOURCE_METADATA_PATH,
  startHttpServer,
  type HealthReport
} from './http.js';
import { createServerRuntime, type ServerRuntime } from './server-runtime.js';

/** The shape the rest of runServer reads, derived from a manifest (servers declare manifests, never this). */
interface ServerDefinition<Schema extends z.ZodObject, Deps> {
  /** Short name: "filesystem" gives the bin mcp-server-filesystem. */
  name: string;
  version: string;
  /** One line for --help. */
  description: string;
  settings: SettingsSpec;
  schema: Schema;
  positional?: PositionalSpec;
  examples?: readonly string[];
  /** Opens what lives as long as the process: pools, stores, browsers, schedulers. */
  createDeps(config: z.output<Schema> & CommonConfig, runtime: ServerRuntime): Promise<Deps> | Deps;
  /**
   * Builds one SDK server; called per connection (stdio) or per request (HTTP). Must be cheap.
   * `request` says which protocol era the instance serves and, over HTTP, who is calling.
   */
  createServer(
    config: z.output<Schema> & CommonConfig,
    deps: Deps,
    runtime: ServerRuntime,
    request?: McpRequestContext
  ): McpServer;
  /** Readiness for /healthz: throw or return ok=false when the backend is unreachable. */
  health?(deps: Deps): Promise<HealthReport>;
  /** Releases what createDeps opened. */
  close?(deps: Deps): Promise<void>;
  mapError?: (error: unknown) => ToolError | undefined;
}

export interface RunningServer {
  transport: 'stdio' | 'http';
  url?: URL;
  close(): Promise<void>;
}

export interface RunOptions {
  argv?: readonly string[];
  env?: Record<string, string | undefined>;
  /** Exit the process on shutdown signals and fatal start-up errors (true for bins). */
  manageProcess?: boolean;
}

/**
 * The one entry point every server's src/index.ts calls: config from flags and env, stdio or
 * Streamable HTTP, auth, /healthz, and graceful shutdown.
 */
export async function runServer(
  manifest: AnyServerManifest,
  options: RunOptions = {}
): Promise<RunningServer | undefined> {
  const argv = options.argv ?? process.argv.slice(2);
  const env = options.env ?? process.env;
  const manageProcess = options.manageProcess ?? true;
  const definition = fromManifest(manifest);
  const bin = `mcp-server-${definition.name}`;
  const { specs: settings, schema } = manifestSettings(manifest);

  let parsed;
  let prepared: PreparedManifest | undefined;
  try {
    parsed = parseSettings(settings, schema, argv, env, definition.positional);
    if (!parsed.help && !parsed.version) prepared = prepareManifest(manifest, parsed.config as Record<string, unknown>);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // A problem line may quote what the operator passed, a connection URL with its password included.
    process.stderr.write(
      `${bin}: invalid configuration\n${error.problems.map((p) => `  - ${redactString(p)}`).join('\n')}\nRun ${bin} --help for every setting.\n`
    );
    if (manageProcess) process.exit(2);
    throw error;
  }
  if (parsed.help || parsed.version) {
    // --help and --version are the only things a server ever prints to stdout.
    const help = renderHelp({ bin, ...definition, settings }) + `\n${renderToolsetsHelp(manifest)}\n`;
    process.stdout.write(parsed.version ? `${definition.version}\n` : help); // stdout-ok
    return undefined;
  }
  const config = parsed.config as Record<string, unknown> & CommonConfig;

  const logger = createLogger({ name: bin, level: config.logLevel });
  // With --port 0 the real port (part of the OAuth resource URL and default audience) is known only once bound.
  let boundPort = config.port;
  const authenticator =
    config.transport === 'http' ? buildAuthenticator(config, bin, manageProcess, () => boundPort) : undefined;

  const runtime = createServerRuntime({
    name: definition.name,
    version: definition.version,
    logger,
    maxResultBytes: config.maxResultBytes,
    rateLimits: config.rateLimits,
    disabledTools: config.disableTools,
    ...(prepared ? { enabledTools: prepared.selection.enabled } : {}),
    ...(definition.mapError ? { mapError: definition.mapError } : {})
  });

  let deps: unknown;
  try {
    deps = await definition.createDeps(config, runtime);
  } catch (error) {
    const message = redactString(error instanceof Error ? error.message : String(error));
    process.stderr.write(`${bin}: could not start: ${message}\n`);
    if (manageProcess) process.exit(1);
    throw error;
  }

  const factory = prepared
    ? prepared.factory(deps, runtime)
    : (request: McpRequestContext) => definition.createServer(config, deps, runtime, request);
  let closeTransport: () => Promise<void>;
  let url: URL | undefined;

  if (config.transport === 'stdio') {
    const handle = serveStdio(factory, { onerror: (error) => logger.warning('stdio transport error', { error }) });
    closeTransport = () => handle.close();
    // The stdio binding says: exit promptly when the host closes our stdin.
    process.stdin.once('end', () => void shutdown('stdin closed'));
    process.stdin.once('close', () => void shutdown('stdin closed'));
  } else {
    const http = await startHttpServer({
      factory,
      host: config.host,
      port: config.port,
      logger,
      ...(authenticator ? { authenticator } : {}),
      allowedHosts: config.allowedHosts.length
        ? config.allowedHosts
        : defaultAllowedHosts(config.host, config.publicUrl),
      allowedOrigins: config.allowedOrigins.length ? config.allowedOrigins : defaultAllowedOrigins(),
      maxBodyBytes: config.maxBodyBytes,
      health: () => (definition.health ? definition.health(deps) : Promise.resolve({ ok: true })),
      serverName: bin,
      serverVersion: definition.version,
      bus: runtime.events
    });
    url = http.url;
    boundPort = Number(http.url.port);
    closeTransport = () => http.close();
    logger.info('listening', {
      url: http.url.href,
      auth: authenticator ? (authenticator.resourceMetadata ? 'oauth' : 'token') : 'none'
    });
  }

  let closing: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    closing ??= (async () => {
      logger.info('shutting down', { reason });
      const force = setTimeout(() => {
        logger.error('shutdown took over 10 s; exiting');
        if (manageProcess) process.exit(1);
      }, 10_000);
      force.unref();
      await closeTransport().catch((error) => logger.error('closing transport failed', { error }));
      await definition.close?.(deps).catch((error) => logger.error('closing resources failed', { error }));
      clearTimeout(force);
      if (manageProcess) process.exit(0);
    })();
    return closing;
  };

  if (manageProcess) installProcessHandlers(logger, shutdown);
  logger.info('started', { server: bin, version: definition.version, transport: config.transport });
  return { transport: config.transport, ...(url ? { url } : {}), close: () => shutdown('closed by caller') };
}

/** A manifest seen through the legacy definition shape the rest of runServer reads. */
function fromManifest(manifest: AnyServerManifest): ServerDefinition<z.ZodObject, unknown> {
  return {
    name: manifest.name,
    version: manifest.version,
    description: manifest.description,
    settings: manifest.settings.specs,
    schema: manifest.settings.schema,
    ...(manifest.positional ? { positional: manifest.positional } : {}),
    ...(manifest.examples ? { examples: manifest.examples } : {}),
    createDeps: (config, runtime) => manifest.createDeps(config, runtime),
    createServer: () => {
      throw new Error('manifest servers are built by prepareManifest');
    },
    ...(manifest.health ? { health: (deps: unknown) => manifest.health!(deps) } : {}),
    ...(manifest.close ? { close: (deps: unknown) => manifest.close!(deps) } : {}),
    ...(manifest.mapError ? { mapError: manifest.mapError } : {})
  };
}

function buildAuthenticator(
  config: CommonConfig,
  bin: string,
  manageProcess: boolean,
  port: () => number
): Authenticator | undefined {
  const fail = (problem: string): never => {
    process.stderr.write(`${bin}: invalid configuration\n  - ${problem}\n`);
    if (manageProcess) process.exit(2);
    throw new ConfigError([problem]);
  };
  if (config.oauthIssuer) {
    const issuer = config.oauthIssuer;
    const build = () => {
      const base =
        config.publicUrl ?? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port()}`;
      const resource = new URL(MCP_PATH, base).href;
      return oauthAuthenticator({
        issuer,
        ...(config.oauthJwksUrl ? { jwksUrl: config.oauthJwksUrl } : {}),
        audience: config.oauthAudience ?? resource,
        requiredScopes: config.oauthScopes,
        ...(config.oauthMaxTokenLifetimeSeconds !== undefined
          ? { maxTokenLifetimeSeconds: config.oauthMaxTokenLifetimeSeconds }
          : {}),
        resource,
        resourceMetadataUrl: new URL(`${RESOURCE_METADATA_PATH}${MCP_PATH}`, base).href
      });
    };
    // Built on first use, which is after the server is bound (requests cannot arrive earlier).
    let built: Authenticator | undefined;
    const get = () => (built ??= build());
    return {
      challenge: (result) => get().challenge(result),
      authenticate: (req) => get().authenticate(req),
      get resourceMetadata() {
        return get().resourceMetadata;
      }
    };
  }
  if (config.authToken) return staticTokenAuthenticator(config.authToken);
  if (!isLoopback(config.host)) {
    return fail(
      `--host ${config.host} exposes the server beyond this machine, so authentication is required: set MCP_AUTH_TOKEN (a random secret of 16+ characters) or --oauth-issuer.`
    );
  }
  return undefined;
}

let handlersInstalled = false;

function installProcessHandlers(logger: Logger, shutdown: (reason: string) => Promise<void>) {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  // One failing request must not take down the server for every other client.
  process.on('unhandledRejection', (reason) => logger.error('unhandled rejection', { error: reason }));
  process.on('uncaughtException', (error) => logger.error('uncaught exception', { error }));
  // A host that goes away leaves us writing into a closed pipe; that is a shutdown, not a crash.
  process.stdout.on('error', () => void shutdown('stdout closed'));
}
