import { connect as netConnect, type Socket } from 'node:net';
import { OutboundError, pinnedLookup, type OutboundPolicy, type ResolvedTarget } from './policy.js';
import { asOutboundError } from './request.js';

export interface GuardedConnectOptions {
  /** Budget for resolving and the TCP handshake (default 10 000 ms). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface GuardedConnection {
  socket: Socket;
  target: ResolvedTarget;
  port: number;
}

/**
 * A raw TCP connection under an {@link OutboundPolicy}, for protocols guardedRequest does not speak
 * (a proxy's CONNECT tunnel, a TLS probe): the URL's host is resolved and every address checked
 * before anything is sent, and the socket is pinned to those addresses. The port is the URL's, or
 * the scheme's default. Throws OutboundError; never a raw socket error.
 */
export async function guardedConnect(
  policy: OutboundPolicy,
  url: string | URL,
  options: GuardedConnectOptions = {}
): Promise<GuardedConnection> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  const timedOut = () =>
    new OutboundError('timeout', `No connection within ${timeoutMs} ms.`, 'The host is not answering; try again.');
  let target: ResolvedTarget;
  try {
    target = await policy.resolve(url, signal);
  } catch (error) {
    throw deadline.aborted && !(error instanceof OutboundError) ? timedOut() : error;
  }
  const port = Number(target.url.port || (target.url.protocol === 'https:' ? 443 : 80));
  const socket = await connectPinned(target, port, { signal, onTimeout: timedOut, deadline });
  return { socket, target, port };
}

/**
 * Opens a TCP connection to a target the policy already resolved and checked, pinned to its
 * addresses (no second DNS lookup). For callers that check more than the policy between resolving
 * and connecting; guardedConnect does both steps.
 */
export function connectPinned(
  target: Pick<ResolvedTarget, 'hostname' | 'addresses'>,
  port: number,
  options: { signal?: AbortSignal; timeoutMs?: number; onTimeout?: () => OutboundError; deadline?: AbortSignal } = {}
): Promise<Socket> {
  const deadline = options.deadline ?? AbortSignal.timeout(options.timeoutMs ?? 10_000);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  const timedOut =
    options.onTimeout ??
    (() => new OutboundError('timeout', 'The connection timed out.', 'The host is not answering; try again.'));
  return new Promise<Socket>((resolve, reject) => {
    if (signal.aborted) return reject(deadline.aborted ? timedOut() : asOutboundError(signal.reason));
    const socket = netConnect({ host: target.hostname, port, lookup: pinnedLookup(target) });
    const onAbort = () => {
      socket.destroy();
      reject(deadline.aborted ? timedOut() : asOutboundError(signal.reason));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(asOutboundError(error));
    });
  });
}
