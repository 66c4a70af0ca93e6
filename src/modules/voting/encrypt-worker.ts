// An encryption worker thread (encrypt-pool.ts): encrypts cast ballots and computes their trackers.
import { parentPort } from 'node:worker_threads';
import { ready } from './crypto/group.js';
import { EncryptionRefusedError } from './crypto/elgamal.js';
import type { EncryptAnswer, EncryptJob } from './encrypt-pool.js';
import { encryptHere } from './encrypt-pool.js';

const port = parentPort;
if (port) {
  await ready();
  port.on('message', (job: EncryptJob) => {
    try {
      const { tracker, ct } = encryptHere(job.voteId, job.Y, job.matrix, job.fallback);
      port.postMessage({ id: job.id, tracker, ct } satisfies EncryptAnswer, [ct.buffer as ArrayBuffer]);
    } catch (e) {
      const refused = e instanceof EncryptionRefusedError;
      port.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e), refused } satisfies EncryptAnswer);
    } finally {
      for (const row of job.matrix) row.fill(0); // this thread's copy of the choices
    }
  });
}
