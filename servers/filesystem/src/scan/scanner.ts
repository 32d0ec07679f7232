import { closeSync, existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { ScanRequest, ScanResult } from './types.js';

export type WorkerMessage =
  { type: 'progress'; entries: number } | { type: 'done'; result: ScanResult } | { type: 'failed'; message: string };

/** The scan could not finish: it ran past its time, or its thread failed. */
export class ScanError extends Error {
  override readonly name = 'ScanError';
  constructor(
    readonly reason: 'timeout' | 'memory' | 'failed',
    message: string
  ) {
    super(message);
  }
}

export interface ScanOptions {
  signal: AbortSignal;
  timeoutMs: number;
  onProgress?: (entries: number) => void;
}

/** Descriptors a walk may hold at once: one per level (maxDepth is at most 100), plus a file. */
const DESCRIPTOR_SLOTS = 128;
const STOP_TIME_LIMIT = 1;
const STOP_CANCELLED = 2;
/** How long a stopped scan may take to hand back partial results before its thread is killed. */
const GRACE_MS = 2000;

/**
 * Runs scans in worker threads: the walk and every glob and regex run there, so a pattern that
 * backtracks without end, or a tree too big for memory, costs one terminated thread and never
 * blocks the server. At most `concurrency` scans run at once; others wait their turn.
 */
export class Scanner {
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(
    private readonly concurrency = 2,
    private readonly workerUrl: URL = defaultWorkerUrl(),
    private readonly maxHeapMb = 1024
  ) {}

  async run(request: ScanRequest, options: ScanOptions): Promise<ScanResult> {
    await this.#acquire(options.signal);
    try {
      return await this.#runInWorker(request, options);
    } finally {
      this.#release();
    }
  }

  async #acquire(signal: AbortSignal): Promise<void> {
    if (this.#running < this.concurrency) {
      this.#running++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const turn = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        this.#waiting.splice(this.#waiting.indexOf(turn), 1);
        reject(abortError());
      };
      this.#waiting.push(turn);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#running--;
  }

  #runInWorker(request: ScanRequest, { signal, timeoutMs, onProgress }: ScanOptions): Promise<ScanResult> {
    if (signal.aborted) return Promise.reject(abortError());
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const open = new Int32Array(new SharedArrayBuffer(4 * DESCRIPTOR_SLOTS)).fill(-1);
    const worker = new Worker(this.workerUrl, {
      workerData: { request, stop, open },
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb },
      // stdout is the JSON-RPC channel: nothing from the thread may reach it.
      stdout: true,
      stderr: true
    });
    worker.stdout.resume();
    worker.stderr.pipe(process.stderr);

    return new Promise<ScanResult>((resolve, reject) => {
      let settled = false;
      let grace: NodeJS.Timeout | undefined;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        clearTimeout(grace);
        signal.removeEventListener('abort', onAbort);
        // Settle only once the thread is gone: the caller then closes the start descriptor, whose
        // number must not be reused while the thread could still open paths through it. A thread
        // killed mid-walk cannot close what it opened; its ledger says what that was.
        void worker
          .terminate()
          .then(() => {
            for (const fd of open) if (fd >= 0) closeQuietly(fd);
          })
          .finally(outcome);
      };
      const requestStop = (code: number, failure: () => Error) => {
        Atomics.store(stop, 0, code);
        grace ??= setTimeout(() => finish(() => reject(failure())), GRACE_MS);
      };
      const deadline = setTimeout(
        () =>
          requestStop(
            STOP_TIME_LIMIT,
            () => new ScanError('timeout', `did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`)
          ),
        timeoutMs
      );
      const onAbort = () => requestStop(STOP_CANCELLED, abortError);
      signal.addEventListener('abort', onAbort, { once: true });

      worker.on('message', (message: WorkerMessage) => {
        switch (message.type) {
          case 'progress':
            onProgress?.(message.entries);
            return;
          case 'done':
            return finish(() => resolve(message.result));
          case 'failed':
            return finish(() => reject(new ScanError('failed', message.message)));
        }
      });
      worker.on('error', (error: Error & { code?: string }) =>
        finish(() =>
          reject(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new ScanError('memory', `needed more than ${this.maxHeapMb} MB of memory and was stopped`)
              : new ScanError('failed', error.message)
          )
        )
      );
      worker.on('exit', (code) =>
        finish(() => reject(new ScanError('failed', `the scan thread exited with code ${code}`)))
      );
    });
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}

function abortError(): Error {
  return Object.assign(new Error('the scan was cancelled'), { name: 'AbortError' });
}

/**
 * The compiled worker next to this module. Tests run this module from TypeScript sources, but a
 * worker thread is plain Node: there it comes from the build (which the test setup refreshes).
 */
function defaultWorkerUrl(): URL {
  const sibling = new URL('./worker.js', import.meta.url);
  return existsSync(sibling) ? sibling : new URL('../../dist/scan/worker.js', import.meta.url);
}
