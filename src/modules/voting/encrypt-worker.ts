// An encryption worker thread (encrypt-pool.ts): encrypts cast ballots and computes their trackers.
import { parentPort } from 'node:worker_threads';
import { ready } from './crypto/group.js';
import type { EncryptAnswer, EncryptJob } from './encrypt-pool.js';
import { encryptHere } from './encrypt-pool.js';

const port = parentPort;
if (port) {
  await ready();
  port.on('message', (job: EncryptJob) => {
    try {
      const { tracker, ct } = encryptHere(job.voteId, job.Y, job.matrix);
      port.postMessage({ id: job.id, tracker, ct } satisfies EncryptAnswer, [ct.buffer as ArrayBuffer]);
    } catch (e) {
      port.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) } satisfies EncryptAnswer);
    }
  });
}
