// A worker thread for bench/budget-tally.ts: one committee member's decryption of the mixed ballots
// (mix.ts decryptMixed), as she would run it on her own machine. Posts the shares and proofs back.
import { parentPort } from 'node:worker_threads';
import { ready } from '../../src/modules/voting/crypto/group.js';
import { decryptMixed, type MixDecryption } from '../../src/modules/voting/crypto/mix.js';

export interface MemberJob {
  voteId: string;
  member: number;
  share: Uint8Array;
  commitments: Uint8Array[];
  outputs: Uint8Array;
  slots: number;
}

export interface MemberAnswer {
  decryption?: MixDecryption;
  progress?: string;
  error?: string;
}

const port = parentPort;
if (port) {
  await ready();
  port.on('message', (job: MemberJob) => {
    try {
      const d = decryptMixed(job.voteId, job.member, job.share, job.commitments, job.outputs, job.slots, (stage, done, total) =>
        port.postMessage({ progress: `${stage} ${done.toLocaleString('en')}/${total.toLocaleString('en')}` } satisfies MemberAnswer),
      );
      port.postMessage({ decryption: d } satisfies MemberAnswer, [d.shares.buffer, d.t1.buffer, d.t2.buffer, d.s.buffer] as ArrayBuffer[]);
    } catch (e) {
      port.postMessage({ error: e instanceof Error ? e.message : String(e) } satisfies MemberAnswer);
    }
  });
}
