export { classifyAddress, isAddressAllowed, parseIp } from './address.js';
export type { AddressRange } from './address.js';
export { OutboundError, OutboundPolicy, pinnedLookup } from './policy.js';
export type { OutboundErrorCode, OutboundPolicyOptions, ResolvedTarget, Resolver } from './policy.js';
export { asOutboundError, guardedRequest, RequestFailedError } from './request.js';
export type { GuardedRequestOptions, GuardedResponse, Hop, PhaseTimings, TlsSessionInfo } from './request.js';
export { connectPinned, guardedConnect } from './connect.js';
export type { GuardedConnectOptions, GuardedConnection } from './connect.js';
