// Sealing a committee member's key share while it waits for her to pick it up (voting_committee.
// share_sealed, for every module that deals a vote's key to a committee: budgets, polls, elders; polls_member
// and elders_member before they moved there): AES-256-GCM under a key derived from the server secret (HKDF-SHA256, its own
// label, so the sealing key is no other key of the platform), with the owner (a poll's or an
// election's id), the member number and the KOV as associated data, so a sealed share copied into
// another row (another member, poll, election or KOV) does not open. The label keeps its original
// name so that shares sealed before the move still open. A dump of the database alone does not reveal the shares; the running server
// (which has the secret) can open them until they are picked up: docs/security.md says what that
// means. Pure (no I/O).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const LABEL = 'vallamaja polls share seal v1';
const IV = 12;
const TAG = 16;

function sealKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.from('vallamaja'), Buffer.from(LABEL), 32));
}

const aad = (kov: string, pollId: string, member: number) => Buffer.from(`${kov}|${pollId}|${member}`, 'utf8');

/** The share (64 hex digits) sealed for its row: iv ‖ ciphertext ‖ tag. */
export function sealShare(secret: string, kov: string, pollId: string, member: number, shareHex: string): Buffer {
  const key = sealKey(secret);
  const iv = randomBytes(IV);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(aad(kov, pollId, member));
  const plain = Buffer.from(shareHex, 'hex');
  const out = Buffer.concat([iv, c.update(plain), c.final(), c.getAuthTag()]);
  plain.fill(0);
  key.fill(0);
  return out;
}

/** Opens a sealed share of that row (its hex); throws when the seal, row or secret does not match. */
export function openShare(secret: string, kov: string, pollId: string, member: number, sealed: Buffer): string {
  if (sealed.length < IV + TAG + 1) throw new Error('sealed share too short');
  const key = sealKey(secret);
  const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV));
  d.setAAD(aad(kov, pollId, member));
  d.setAuthTag(sealed.subarray(sealed.length - TAG));
  const plain = Buffer.concat([d.update(sealed.subarray(IV, sealed.length - TAG)), d.final()]);
  const hex = plain.toString('hex');
  plain.fill(0);
  key.fill(0);
  return hex;
}
