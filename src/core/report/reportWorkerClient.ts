/**
 * The host's side of the report worker (dist/report.js): starts it with the report's plain data and waits for the
 * written file. Only types come from the worker's module, so the extension's bundle carries none of the report code.
 */
import { Worker } from 'node:worker_threads';
import type { WrittenReport } from './reportJob';
import { endAfterGrace } from '../threads/workerEnd';
import type { ReportWorkerData, ReportWorkerReply } from './reportWorker';

/** Host side: writes the report in a worker on `script` (dist/report.js), which ends once it has answered. */
export function writeReportInWorker(script: string, data: ReportWorkerData): Promise<WrittenReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: data });
    worker.once('message', (reply: ReportWorkerReply) => {
      if (reply.ok) resolve(reply.written);
      else reject(new Error(reply.message));
      // It frees its memory and ends itself (see workerEnd.ts).
      endAfterGrace(worker);
    });
    worker.once('error', reject);
    // After an answer this rejects nothing (a promise settles once).
    worker.once('exit', (code) => reject(new Error(`The report worker stopped (exit code ${code}).`)));
  });
}
