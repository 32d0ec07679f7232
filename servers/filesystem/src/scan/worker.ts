import { parentPort, workerData } from 'node:worker_threads';
import { runScan } from './run-scan.js';
import type { ScanRequest, StopReason } from './types.js';
import type { WorkerMessage } from './scanner.js';
import { DescriptorLedger } from './walk.js';

// Entry of the scan worker thread: runs one scan and reports back. The parent stops it by
// setting the shared flag (a clean stop with partial results) or, if it does not answer, by
// terminating the thread and closing the descriptors listed in `open`.
const { request, stop, open } = workerData as { request: ScanRequest; stop: Int32Array; open: Int32Array };
const REASONS: Record<number, StopReason> = { 1: 'time limit', 2: 'cancelled' };
const send = (message: WorkerMessage) => parentPort?.postMessage(message);

try {
  const result = runScan(request, {
    shouldStop: () => REASONS[Atomics.load(stop, 0)],
    progress: (entries) => send({ type: 'progress', entries }),
    descriptors: new DescriptorLedger(open)
  });
  send({ type: 'done', result });
} catch (error) {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
