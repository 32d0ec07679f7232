import { createServer, type Server, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPinned, guardedConnect, OutboundError, OutboundPolicy, type Resolver } from '../src/net/index.js';

describe('guardedConnect', () => {
  let server: Server;
  let port: number;
  const accepted: string[] = [];
  beforeAll(async () => {
    server = createServer((socket) => {
      accepted.push(socket.remoteAddress ?? '');
      socket.end('hello');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('connects to the address the policy checked, not to a second DNS answer', async () => {
    let calls = 0;
    // A rebinding resolver: the first answer is checked; any later one would be a different address.
    const resolve: Resolver = async () =>
      calls++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.0.0.1', family: 4 }];
    const policy = new OutboundPolicy({ allowPrivate: true, resolve });
    const { socket, target, port: used } = await guardedConnect(policy, `https://app.test:${port}/`);
    const data = await new Promise<string>((r) => socket.once('data', (d) => r(String(d))));
    socket.destroy();
    expect(data).toBe('hello');
    expect(used).toBe(port);
    expect(target.addresses).toEqual([{ address: '127.0.0.1', family: 4 }]);
    expect(calls).toBe(1);
  });

  it('refuses before connecting when any address is outside the policy', async () => {
    const before = accepted.length;
    const resolve: Resolver = async () => [
      { address: '127.0.0.1', family: 4 },
      { address: '169.254.169.254', family: 4 }
    ];
    const policy = new OutboundPolicy({ allowPrivate: true, resolve });
    await expect(guardedConnect(policy, `http://metadata.test:${port}/`)).rejects.toMatchObject({
      code: 'refused_address'
    });
    await expect(guardedConnect(new OutboundPolicy(), `http://127.0.0.1:${port}/`)).rejects.toBeInstanceOf(
      OutboundError
    );
    expect(accepted.length).toBe(before);
  });

  it('maps a closed port to connection_refused and uses the scheme default port', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const policy = new OutboundPolicy({ allowPrivate: true });
    await expect(guardedConnect(policy, `http://127.0.0.1:${closedPort}/`)).rejects.toMatchObject({
      code: 'connection_refused'
    });
  });

  it('gives up at the deadline while resolving', async () => {
    const policy = new OutboundPolicy({
      allowPrivate: true,
      resolve: () => new Promise(() => {}),
      dnsTimeoutMs: 60_000
    });
    await expect(guardedConnect(policy, 'http://slow.test/', { timeoutMs: 200 })).rejects.toMatchObject({
      code: 'timeout'
    });
  });
});

describe('connectPinned', () => {
  it('connects a name to the pinned address without DNS', async () => {
    const server = createServer((socket) => socket.end('pinned'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const socket = await connectPinned(
        { hostname: 'nowhere.invalid', addresses: [{ address: '127.0.0.1', family: 4 }] },
        port
      );
      const data = await new Promise<string>((r) => socket.once('data', (d) => r(String(d))));
      socket.destroy();
      expect(data).toBe('pinned');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
