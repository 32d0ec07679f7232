import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  Client,
  StreamableHTTPClientTransport,
  type JSONRPCMessage,
  type Transport
} from '@modelcontextprotocol/client';

export interface SpawnOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/**
 * A client transport over a child process's stdio that also audits stdout: every line must be a
 * JSON-RPC message. Anything else (a stray console.log) is recorded as a violation.
 */
export class AuditedStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  readonly violations: string[] = [];
  private stderrText = '';
  private buffer = '';
  private child?: ChildProcessWithoutNullStreams;
  private exited?: Promise<void>;

  constructor(
    private readonly command: string,
    private readonly args: readonly string[],
    private readonly options: SpawnOptions = {}
  ) {}

  get process(): ChildProcessWithoutNullStreams | undefined {
    return this.child;
  }

  get stderr(): string {
    return this.stderrText;
  }

  async start(): Promise<void> {
    const child = spawn(this.command, [...this.args], {
      cwd: this.options.cwd,
      env: { ...process.env, ...this.options.env },
      stdio: ['pipe', 'pipe', 'pipe']
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.onStdout(chunk));
    child.stderr.on('data', (chunk: string) => {
      this.stderrText += chunk;
    });
    child.once('exit', () => this.onclose?.());
    child.once('error', (error) => this.onerror?.(error));
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', reject);
    });
  }

  private onStdout(chunk: string) {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline).replace(/\r$/, '');
      this.buffer = this.buffer.slice(newline + 1);
      if (line.length === 0) continue;
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        this.violations.push(line);
        continue;
      }
      if (!message || typeof message !== 'object' || (message as { jsonrpc?: unknown }).jsonrpc !== '2.0') {
        this.violations.push(line);
        continue;
      }
      this.onmessage?.(message as JSONRPCMessage);
    }
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const child = this.child;
    if (!child || child.stdin.destroyed) throw new Error('server process is not running');
    await new Promise<void>((resolve, reject) =>
      child.stdin.write(`${JSON.stringify(message)}\n`, (e) => (e ? reject(e) : resolve()))
    );
  }

  /** Closes stdin (the polite way to stop a stdio server) and waits for the process to exit. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child) return;
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await this.exited;
      clearTimeout(timer);
    }
    if (this.buffer.trim()) this.violations.push(this.buffer);
    this.buffer = '';
  }
}

export interface SpawnedStdioServer {
  client: Client;
  transport: AuditedStdioTransport;
  /** Lines on stdout that were not JSON-RPC; must stay empty. */
  stdoutViolations(): string[];
  stderr(): string;
  close(): Promise<void>;
}

/** Spawns a built bin over stdio and returns a connected client. */
export async function spawnStdioServer(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {}
): Promise<SpawnedStdioServer> {
  const transport = new AuditedStdioTransport(command, args, options);
  const client = new Client({ name: 'mcp-catalog-e2e', version: '0.0.0' });
  try {
    await client.connect(transport);
  } catch (error) {
    await transport.close();
    throw new Error(`could not connect to ${command}: ${(error as Error).message}\nstderr:\n${transport.stderr}`);
  }
  return {
    client,
    transport,
    stdoutViolations: () => [...transport.violations],
    stderr: () => transport.stderr,
    close: async () => {
      await client.close().catch(() => undefined);
      await transport.close();
    }
  };
}

export interface SpawnedHttpServer {
  url: URL;
  /** Base URL without the /mcp path, for /healthz and metadata requests. */
  origin: string;
  process: ChildProcessWithoutNullStreams;
  stderr(): string;
  /** Connects a new client, with the bearer token when given. */
  connect(token?: string): Promise<Client>;
  close(): Promise<void>;
}

/**
 * Spawns a built bin with `--transport http --port 0` and waits for its "listening" log line,
 * which carries the URL.
 */
export async function spawnHttpServer(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {}
): Promise<SpawnedHttpServer> {
  const child = spawn(command, [...args, '--transport', 'http', '--port', '0', '--host', '127.0.0.1'], {
    cwd: options.cwd,
    env: { ...process.env, LOG_LEVEL: 'info', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe']
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not report a URL within 15 s\nstderr:\n${stderr}`)),
      15_000
    );
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      const match = /"url":"(http:\/\/[^"]+)"/.exec(stderr) ?? /url=(http:\/\/\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(new URL(match[1]!));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening\nstderr:\n${stderr}`));
    });
  });
  const clients: Client[] = [];
  return {
    url,
    origin: url.origin,
    process: child,
    stderr: () => stderr,
    async connect(token?: string) {
      const transport = new StreamableHTTPClientTransport(
        url,
        token ? { requestInit: { headers: { Authorization: `Bearer ${token}` } } } : undefined
      );
      const client = new Client({ name: 'mcp-catalog-e2e', version: '0.0.0' });
      await client.connect(transport);
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
    }
  };
}
