// A worker thread of the format-2 count (mixcount.ts): mixes the counted ballots with the proof of
// shuffle, or decrypts a range of mixed ballots with one member's share, off the event loop. One job
// per worker; the answer's byte arrays are transferred back.
import { parentPort } from 'node:worker_threads';
import { ready } from './crypto/group.js';
import { decryptMixed, mixBallots, type MixDecryption, type MixResult } from './crypto/mix.js';

export type MixJob =
  | { kind: 'mix'; voteId: string; Y: Uint8Array; K: number; inputs: Uint8Array }
  | { kind: 'decrypt'; voteId: string; member: number; share: Uint8Array; commitments: Uint8Array[]; outputs: Uint8Array; K: number };

export interface MixAnswer {
  mix?: MixResult;
  decryption?: MixDecryption;
  error?: string;
}

const port = parentPort;
if (port) {
  await ready();
  port.on('message', (job: MixJob) => {
    try {
      if (job.kind === 'mix') {
        const mix = mixBallots(job.voteId, job.Y, job.K, job.inputs);
        port.postMessage({ mix } satisfies MixAnswer);
      } else {
        const decryption = decryptMixed(job.voteId, job.member, job.share, job.commitments, job.outputs, job.K);
        job.share.fill(0);
        port.postMessage({ decryption } satisfies MixAnswer);
      }
    } catch (e) {
      port.postMessage({ error: e instanceof Error ? e.message : String(e) } satisfies MixAnswer);
    }
  });
}
