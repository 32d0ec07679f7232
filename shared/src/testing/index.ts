export { connectInMemory, testRuntime } from './in-memory.js';
export type { ConnectedClient, ClientOptions } from './in-memory.js';
export { spawnStdioServer, spawnHttpServer, AuditedStdioTransport } from './spawn.js';
export type { SpawnedStdioServer, SpawnedHttpServer, SpawnOptions } from './spawn.js';
export { memoryLogger } from './memory-logger.js';
export { rawHttpRequest } from './raw-http.js';
export type { RawResponse } from './raw-http.js';
export { waitFor } from './wait-for.js';
export { connectManifest, loadManifestConfig } from './manifest.js';
export type { ConnectManifestOptions, ConnectedManifest, ManifestConfigOptions } from './manifest.js';
export { checkToolDeclarations, checkSwitches, checkSnapshots, toolSnapshot } from './contract.js';
export type { ContractOptions } from './contract.js';
export {
  installNetworkJail,
  guardConnect,
  isLoopbackHost,
  describeViolations,
  NetworkJailError
} from './network-jail.js';
export type { JailViolation, NetworkJail } from './network-jail.js';
export { startFakeHttpService, respond, faults, linkPage } from './fake-http.js';
export type {
  FakeHttpService,
  FakeHttpOptions,
  FakeHit,
  FakeRequest,
  FakeReply,
  FakeRoute,
  FakeHandler,
  FakeFault
} from './fake-http.js';
