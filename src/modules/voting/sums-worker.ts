// A tally worker thread: sums chunks of ballots given as raw bytes (crypto lib's sumCiphertextBytes)
// and posts the position-wise sums back. Started by tally.ts.
import { parentPort } from 'node:worker_threads';
import { sumCiphertextBytes } from './crypto/elgamal.js';
import { ready } from './crypto/group.js';

export interface TallyJob {
  id: number;
  bytes: Uint8Array;
  width: number;
}

export interface TallyAnswer {
  id: number;
  sums?: Uint8Array;
  error?: string;
}

const port = parentPort;
if (port) {
  await ready();
  port.on('message', (job: TallyJob) => {
    try {
      const sums = sumCiphertextBytes(job.bytes, job.width);
      port.postMessage({ id: job.id, sums } satisfies TallyAnswer, [sums.buffer as ArrayBuffer]);
    } catch (e) {
      port.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) } satisfies TallyAnswer);
    }
  });
}
