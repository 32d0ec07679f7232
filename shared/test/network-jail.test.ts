import { spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import dns from 'node:dns';
import { createServer } from 'node:http';
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  guardConnect,
  installNetworkJail,
  isLoopbackHost,
  NetworkJailError,
  type JailViolation
} from '../src/testing/network-jail.js';

// Nothing here may reach a network even if the jail were broken: every attempt at a non-loopback
// address runs against a spy standing in for the real connect/send/lookup, and the assertion is
// that the jail stopped it before the spy was called.

const here = path.dirname(fileURLToPath(import.meta.url));
const OUTSIDE = [
  '10.0.0.1',
  '169.254.169.254',
  '192.168.1.1',
  '8.8.8.8',
  '100.64.0.1',
  '::ffff:10.0.0.1',
  'fd00::1',
  '2001:db8::1',
  '0.0.0.0',
  '::'
];

describe('isLoopbackHost', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '::1',
    '[::1]',
    '0:0:0:0:0:0:0:1',
    '::ffff:127.0.0.1',
    'localhost',
    'LOCALHOST',
    'app.localhost'
  ])('lets %s through', (host) => expect(isLoopbackHost(host)).toBe(true));
  it.each([...OUTSIDE, 'example.com', 'localhost.evil.example', '127.0.0.1.nip.io', '::2', '1::1'])(
    'stops %s',
    (host) => expect(isLoopbackHost(host)).toBe(false)
  );
});

function spyConnect() {
  return vi.fn(function (this: net.Socket) {
    process.nextTick(() => this.destroy(new Error('spy: the real connect was reached')));
    return this;
  });
}

describe('guardConnect', () => {
  it.each(OUTSIDE)('refuses %s synchronously, records it, and never calls the real connect', async (host) => {
    const original = spyConnect();
    const seen: JailViolation[] = [];
    const connect = guardConnect(original, (v) => seen.push(v));
    const socket = new net.Socket();
    const errored = new Promise<Error>((resolve) => socket.once('error', resolve));
    connect.call(socket, { host, port: 80 });
    expect(seen).toEqual([expect.objectContaining({ kind: 'connect', target: `${host}:80` })]);
    expect(original).not.toHaveBeenCalled();
    const error = await errored;
    expect(error).toBeInstanceOf(NetworkJailError);
    expect(error.message).toMatch(/network jail: refused a connection to .*:80\. Tests may only reach loopback/);
    expect(original).not.toHaveBeenCalled();
  });

  it('refuses a host name without a caller-supplied lookup, before any DNS query', () => {
    const original = spyConnect();
    const seen: JailViolation[] = [];
    const socket = new net.Socket();
    socket.on('error', () => {});
    guardConnect(original, (v) => seen.push(v)).call(socket, 443, 'metadata.google.internal');
    expect(seen[0]?.target).toBe('metadata.google.internal:443');
    expect(original).not.toHaveBeenCalled();
  });

  it('passes loopback, localhost and unix sockets through unchanged', () => {
    const original = spyConnect();
    const connect = guardConnect(original, () => expect.unreachable());
    for (const args of [
      [{ host: '127.0.0.1', port: 1 }],
      [1, '::1'],
      [{ port: 1 }],
      ['/tmp/some.sock'],
      [{ path: '/tmp/x.sock' }],
      [1, 'localhost']
    ]) {
      const socket = new net.Socket();
      socket.on('error', () => {});
      connect.call(socket, ...args);
      expect(original).toHaveBeenLastCalledWith(...args);
    }
  });

  it('checks what a caller-supplied (pinned or fake) lookup answers before the socket may use it', () => {
    const original = spyConnect();
    const seen: JailViolation[] = [];
    const connect = guardConnect(original, (v) => seen.push(v));
    const answer = (address: string) => (_h: string, _o: object, cb: (e: Error | null, a: string, f: number) => void) =>
      cb(null, address, 4);
    const results: Array<Error | null> = [];
    for (const address of ['127.0.0.1', '10.0.0.1']) {
      const socket = new net.Socket();
      socket.on('error', () => {});
      connect.call(socket, { host: 'api.example.test', port: 443, lookup: answer(address) });
      const options = (original.mock.lastCall as unknown[])[0] as {
        lookup: (h: string, o: object, cb: (e: Error | null) => void) => void;
      };
      options.lookup('api.example.test', {}, (e) => results.push(e));
    }
    expect(results[0]).toBeNull();
    expect(results[1]).toBeInstanceOf(NetworkJailError);
    expect(seen.map((v) => v.target)).toEqual(['api.example.test (10.0.0.1):443']);
  });
});

describe('the installed jail, in front of every client library', () => {
  const realConnect = net.Socket.prototype.connect;
  const realSend = dgram.Socket.prototype.send;
  const real = {
    lookup: dns.lookup,
    plookup: dns.promises.lookup,
    resolve4: dns.resolve4,
    presolve4: dns.promises.resolve4
  };

  afterEach(() => {
    // Back to the real functions under the process-wide jail the setup file installed.
    installNetworkJail().uninstall();
    net.Socket.prototype.connect = realConnect;
    dgram.Socket.prototype.send = realSend;
    Object.assign(dns, { lookup: real.lookup, resolve4: real.resolve4 });
    Object.assign(dns.promises, { lookup: real.plookup, resolve4: real.presolve4 });
    syncBuiltinESMExports();
    installNetworkJail();
  });

  it('stops http, https, tls, fetch, raw sockets, UDP and DNS before the layer below is called', async () => {
    installNetworkJail().uninstall();
    const connect = spyConnect();
    const send = vi.fn();
    const lookup = vi.fn();
    net.Socket.prototype.connect = connect as never;
    dgram.Socket.prototype.send = send as never;
    Object.assign(dns, { lookup, resolve4: lookup });
    Object.assign(dns.promises, { lookup, resolve4: lookup });
    const jail = installNetworkJail();

    const failure = (run: (done: (e: unknown) => void) => void) => new Promise<unknown>((resolve) => run(resolve));
    const errors = await Promise.all([
      failure((done) => http.get('http://10.0.0.1/latest', () => done('response')).on('error', done)),
      failure((done) => https.get('https://169.254.169.254/', () => done('response')).on('error', done)),
      failure((done) =>
        http.get({ host: 'metadata.google.internal', path: '/' }, () => done('response')).on('error', done)
      ),
      failure((done) => tls.connect({ port: 443, host: '192.168.1.1' }, () => done('connected')).on('error', done)),
      failure((done) => net.connect(5432, '10.1.2.3', () => done('connected')).on('error', done)),
      failure(
        (done) =>
          void fetch('http://[fd00::1]:8080/').then(
            () => done('response'),
            (e) => done(e.cause ?? e)
          )
      ),
      failure((done) => dns.lookup('example.com', (e) => done(e))),
      failure((done) => void dns.promises.lookup('example.com').catch(done)),
      failure((done) => dns.resolve4('localhost', (e) => done(e))),
      failure((done) => void new dns.promises.Resolver().resolve4('example.com').catch(done)),
      failure((done) => {
        const socket = dgram.createSocket('udp4');
        socket.send(Buffer.from('x'), 53, '10.0.0.53', (e) => {
          socket.close();
          done(e);
        });
      })
    ]);
    expect(errors.map((e) => (e instanceof NetworkJailError ? 'jail' : String(e)))).toEqual(errors.map(() => 'jail'));
    expect(connect).not.toHaveBeenCalled();
    expect(send).not.toHaveBeenCalled();
    expect(lookup).not.toHaveBeenCalled();
    const targets = jail.takeViolations().map((v) => `${v.kind} ${v.target}`);
    expect(targets).toEqual(
      expect.arrayContaining([
        'connect 10.0.0.1:80',
        'connect 169.254.169.254:443',
        'connect metadata.google.internal:80',
        'connect 192.168.1.1:443',
        'connect 10.1.2.3:5432',
        'dns example.com',
        'udp 10.0.0.53'
      ])
    );
    expect(targets).toHaveLength(11);
  });

  it('lets a real loopback server answer through the jail', async () => {
    const server = createServer((_req, res) => res.end('hello'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('hello');
      expect(
        await (await fetch(`http://localhost:${port}/`).catch(() => fetch(`http://127.0.0.1:${port}/`))).text()
      ).toBe('hello');
      expect(installNetworkJail().takeViolations()).toEqual([]);
    } finally {
      server.close();
    }
  });
});

describe('the vitest setup file', () => {
  it('fails the test that tried, even when the code under test swallowed the error', () => {
    const run = spawnSync(
      process.execPath,
      [
        path.join(here, '../node_modules/vitest/vitest.mjs'),
        'run',
        '--root',
        path.join(here, 'fixtures/jail'),
        '--reporter=json'
      ],
      { encoding: 'utf8', timeout: 120_000, env: { ...process.env, CI: '1' } }
    );
    const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{')));
    const results = Object.fromEntries(
      report.testResults.flatMap(
        (f: { assertionResults: Array<{ title: string; status: string; failureMessages: string[] }> }) =>
          f.assertionResults.map((a) => [a.title, a])
      )
    );
    expect(results['swallows a refused connection']?.status).toBe('failed');
    expect(results['swallows a refused connection']?.failureMessages.join('\n')).toMatch(
      /network jail: refused a connection to 10\.0\.0\.1:80/
    );
    expect(results['talks to loopback only']?.status).toBe('passed');
    expect(run.stderr + run.stdout).not.toContain('SAFETY NET REACHED');
  });
});
