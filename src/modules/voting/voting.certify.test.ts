// Certification bound to the exact result, and set-up steps composed in a caller's transaction, on a
// real database (PGlite, and PostgreSQL with TEST_DATABASE_URL):
//  - the results digest recomputes from public data (the board document as served, the roll size),
//    following docs/api.md "Results digest" independently of the service's own code;
//  - a sign-off with a wrong or malformed digest is refused and stores nothing (no row, no audit);
//    a right one stores the digest with the sign-off and in the audit entry;
//  - the results protocol (the PDF's lines) lists every signatory with name, Tallinn time and digest,
//    and how to check it;
//  - setRoll, dealKey and openVote run inside a caller's transaction and roll back with it.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { isHttpError } from '../../kernel/errors.js';
import { fmtDateTime, registerMessages } from '../../kernel/i18n.js';
import { engine, seedTenant, testDb, asOwner } from '../../../test/helpers.js';
import { ready } from './crypto/group.js';
import { votingMessages } from './messages.js';
import type { Official, QuestionDef } from './service.js';
import { cast, certify, closeVote, createVote, dealKey, getBoardText, getVote, openVote, publishBoard, resultDigest, results, setRoll, submitDecryption } from './service.js';
import { resultsPdf, resultsProtocol } from './views/results-pdf.js';
import { nowMs } from '../../kernel/clock.js';

const KOV = '0784';
const OTHER = '0793';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const by: Official = { kov: KOV, actor: SYSTEM };
const member = (i: number, name = `Liige ${i}`): Official => ({ kov: KOV, actor: { kind: 'person', id: `00000000-0000-7000-8000-00000000010${i}`, name } });
const T = (s: string) => ({ et: s, en: s, ru: s });
const QS: QuestionDef[] = [
  { id: 'q1', text: T('Kas?'), rule: { kind: 'one' }, options: [{ id: 'jah', text: T('Jah') }, { id: 'ei', text: T('Ei') }] },
  { id: 'q2', text: T('Mis?'), rule: { kind: 'upTo', max: 2 }, options: [{ id: 'x', text: T('X') }, { id: 'y', text: T('Y') }, { id: 'z', text: T('Z') }] },
];
const voter = (i: number) => createHash('sha256').update(`certify-voter-${i}`).digest('hex');
const sha256hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

let db: Db;

beforeAll(async () => {
  await ready();
  registerMessages(votingMessages);
  db = await testDb();
  await seedTenant(db, KOV, 'Tallinn', 'linn');
  await seedTenant(db, OTHER, 'Tartu linn', 'linn');
});
afterAll(async () => {
  await db.close();
});

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    if (isHttpError(e)) return e.status;
    throw e;
  }
}

async function draft(title = 'Digest vote') {
  const opensAt = new Date(nowMs() - 60_000);
  return db.tx((t) => createVote(t, { ...by, title: T(title), questions: QS, opensAt, closesAt: new Date(opensAt.getTime() + 3600_000), revote: true }), { kov: KOV });
}

/** A vote cast by 3 of 4 voters, closed, decrypted by members 1 and 2 and published. */
async function publishedVote(): Promise<string> {
  const { id } = await draft();
  await setRoll(db, id, [0, 1, 2, 3].map((i) => ({ voterHash: voter(i), unit: '0001', birthDate: '1980-05-05' })), by);
  const dealt = await dealKey(db, id, 2, 3, by);
  await openVote(db, id, by);
  await cast(db, id, voter(0), [['jah'], ['x']]);
  await cast(db, id, voter(1), [['ei'], ['x', 'z']]);
  await cast(db, id, voter(2), [['jah'], []]);
  await closeVote(db, id, by);
  for (const m of [1, 2]) await submitDecryption(db, id, m, dealt.shares[m - 1]!.share, member(m));
  await publishBoard(db, id, by);
  return id;
}

async function certRows(id: string) {
  return asOwner(db, (t) => t.query<{ person_name: string; result_digest: string | null }>('SELECT person_name, result_digest FROM voting_certification WHERE vote_id = $1', [id]));
}

async function certifyAudits(id: string) {
  return asOwner(db, (t) => t.query<{ after: { digest?: string } }>(`SELECT after FROM core_audit WHERE action = 'voting.result.certify' AND target_id = $1 ORDER BY seq`, [id]));
}

describe(`certification bound to the results digest (${engine})`, () => {
  let id = '';

  it('the digest recomputes from the public board document and the roll size (docs/api.md)', async () => {
    id = await publishedVote();
    const res = await results(db, KOV, id);
    const text = (await getBoardText(db, id))!;
    const board = JSON.parse(text) as { voteId: string; kov: string; entries: { hash: string }[]; turnout: number; tally: { counts: number[][] } };
    expect(board.entries).toHaveLength(3);
    const expected = sha256hex(
      [
        'vallamaja/result/v1',
        id,
        KOV,
        sha256hex(text),
        board.entries[board.entries.length - 1]!.hash,
        '4',
        '3',
        board.tally.counts.map((r) => r.join(',')).join(';'),
      ].join('\n'),
    );
    expect(board.tally.counts).toEqual([
      [2, 1],
      [2, 0, 1],
    ]);
    expect(res.digest).toBe(expected);
    expect(resultDigest({ voteId: id, kov: KOV, boardSha256: sha256hex(text), head: board.entries.at(-1)!.hash, rollSize: 4, turnout: 3, counts: board.tally.counts })).toBe(expected);
    // every field counts
    expect(resultDigest({ voteId: id, kov: KOV, boardSha256: sha256hex(text), head: board.entries.at(-1)!.hash, rollSize: 5, turnout: 3, counts: board.tally.counts })).not.toBe(expected);
    expect(res.signatures).toEqual([]);
  });

  it('refuses a sign-off with a wrong or malformed digest and stores nothing', async () => {
    const other = await publishedVote();
    const otherDigest = (await results(db, KOV, other)).digest!;
    const auditCount = async () => (await asOwner(db, (t) => t.one<{ n: number }>('SELECT count(*)::int AS n FROM core_audit WHERE kov_code = $1', [KOV])))!.n;
    const before = await auditCount();
    try {
      await certify(db, id, '0'.repeat(64), member(1));
      expect.unreachable('a wrong digest must be refused');
    } catch (e) {
      expect(isHttpError(e) && e.status).toBe(409);
      expect(isHttpError(e) && e.fields).toEqual([{ field: 'digest', reason: 'voting.error.digestMismatch' }]);
    }
    expect(await status(certify(db, id, 'not a digest', member(1)))).toBe(400);
    expect(await status(certify(db, id, '', member(1)))).toBe(400);
    // the digest of another vote's result is refused too
    expect(await status(certify(db, id, otherDigest, member(1)))).toBe(409);
    expect(await certRows(id)).toEqual([]);
    expect(await certifyAudits(id)).toEqual([]);
    expect(await auditCount()).toBe(before);
    expect((await getVote(db, KOV, id)).status).toBe('published');
    expect((await results(db, KOV, id)).certifications).toBe(0);
  });

  it('stores the confirmed digest with each sign-off and in the audit entry; k sign-offs certify', async () => {
    const { digest } = await results(db, KOV, id);
    const first = await certify(db, id, `  ${digest!.toUpperCase()} `, member(1, 'Õie Ääremaa'));
    expect(first).toEqual({ certifications: 1, needed: 2, status: 'published', digest });
    expect(await status(certify(db, id, digest!, member(1, 'Õie Ääremaa')))).toBe(409);
    const second = await certify(db, id, digest!, member(2, 'Žanna Šmidt'));
    expect(second.status).toBe('certified');
    expect((await certRows(id)).map((r) => [r.person_name, r.result_digest]).sort()).toEqual([
      ['Õie Ääremaa', digest],
      ['Žanna Šmidt', digest],
    ]);
    const audits = await certifyAudits(id);
    expect(audits.map((a) => a.after.digest)).toEqual([digest, digest]);
    const res = await results(db, KOV, id);
    expect(res.signatures.map((s) => [s.name, s.digest])).toEqual([
      ['Õie Ääremaa', digest],
      ['Žanna Šmidt', digest],
    ]);
    expect(res.signatures.every((s) => s.signedAt instanceof Date && !Number.isNaN(s.signedAt.getTime()))).toBe(true);
  });

  it('the results protocol lists each signatory with name, Tallinn time and digest, and how to check it', async () => {
    const [vote, res] = await Promise.all([getVote(db, KOV, id), results(db, KOV, id)]);
    const lines = resultsProtocol(vote, res, 'et', { boardUrl: `https://example.test/api/v1/boards/${id}` });
    const text = lines.map((l) => l.text);
    expect(text).toContain('Komisjoni kinnitused');
    expect(text).toContain(res.digest);
    for (const s of res.signatures) {
      const at = fmtDateTime(s.signedAt);
      expect(at).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);
      expect(text).toContain(`${s.name}, ${at}, räsi ${res.digest}`);
    }
    expect(text.some((l) => l.includes(`vallamaja verify ${id}`))).toBe(true);
    const en = resultsProtocol(vote, res, 'en', { boardUrl: '' }).map((l) => l.text);
    expect(en).toContain('Committee sign-offs');
    expect(en.some((l) => l.startsWith(`${res.signatures[0]!.name}, `) && l.endsWith(`digest ${res.digest}`))).toBe(true);
    const pdf = await resultsPdf(vote, res, 'et', { boardUrl: '', compress: false });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});

describe(`set-up steps in the caller's transaction (${engine})`, () => {
  it('roll, key and open commit with the caller, or roll back with it', async () => {
    const { id } = await draft('Composed');
    const roll = [0, 1].map((i) => ({ voterHash: voter(i), unit: '0001', birthDate: '1980-05-05' }));
    const failure = new Error('the caller fails after the last step');
    await expect(
      db.tx(
        async (t) => {
          await setRoll(t, id, roll, by);
          await dealKey(t, id, 1, 2, by);
          await openVote(t, id, by);
          throw failure;
        },
        { kov: KOV },
      ),
    ).rejects.toBe(failure);
    const v = await getVote(db, KOV, id);
    expect({ status: v.status, key: v.key, rollSize: v.rollSize }).toEqual({ status: 'draft', key: null, rollSize: 0 });
    expect((await asOwner(db, (t) => t.one<{ n: number }>('SELECT count(*)::int AS n FROM voting_roll WHERE vote_id = $1', [id])))!.n).toBe(0);
    expect(await asOwner(db, (t) => t.query(`SELECT action FROM core_audit WHERE target_id = $1 AND action <> 'voting.vote.create'`, [id]))).toEqual([]);

    const shares = await db.tx(
      async (t) => {
        await setRoll(t, id, roll, by);
        const d = await dealKey(t, id, 1, 2, by);
        await openVote(t, id, by);
        return d.shares;
      },
      { kov: KOV },
    );
    expect(shares).toHaveLength(2);
    const opened = await getVote(db, KOV, id);
    expect({ status: opened.status, rollSize: opened.rollSize, threshold: opened.key?.threshold }).toEqual({ status: 'open', rollSize: 2, threshold: 1 });
  });

  it('refuses a caller transaction bound to another tenant', async () => {
    const { id } = await draft('Wrong tenant');
    await expect(db.tx((t) => openVote(t, id, by), { kov: OTHER })).rejects.toThrow(/bound to 0793, not to 0784/);
    await expect(asOwner(db, (t) => openVote(t, id, by))).rejects.toThrow(/bound to the system/);
  });
});
