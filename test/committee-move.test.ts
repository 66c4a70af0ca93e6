// The move of the poll and elder election committees into the voting core's committee table
// (migrations 202612140701_polls_committee_move.sql, 202612140702_elders_committee_move.sql), on both
// engines: a database at the migration before the move, with polls_member and elders_member rows in
// every state (named, sealed share waiting, picked up) in two KOVs, ends with the same members,
// hints, sealed shares, deal and pick-up times in voting_committee (owner_id = the poll's or the
// election's id), the old tables gone, and a share sealed before the move still picked up once
// through the voting core's committee (which polls' and elders' services call), opening to the share
// that was sealed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../src/kernel/clock.js';
import type { Db } from '../src/kernel/db.js';
import { isHttpError } from '../src/kernel/errors.js';
import { hashIdcode, idcodeHint, withCheckDigit } from '../src/kernel/idcode.js';
import { migrate } from '../src/kernel/migrate.js';
import { committeeMembers, pickUpCommitteeShare, sealShare } from '../src/modules/voting/index.js';
import { asOwner, dbMigratedUpTo, engine, seedTenant } from './helpers.js';

const BEFORE = '202612140700_voting_committee_person.sql';
const S = { idcodeKey: 'test-idcode-key-0123456789abcdef', sealSecret: 'test-seal-secret-0123456789abcdef' };
const A = '0784';
const B = '0296';
const POLL = '01900000-0000-7000-8000-000000000a01';
const POLL_B = '01900000-0000-7000-8000-000000000b01';
const ELECTION = '01900000-0000-7000-8000-000000000e01';
const CODES = ['38001010008', '49002020009', '37003030000'].map((c) => withCheckDigit(c.slice(0, 10)));
const SHARES = ['11'.repeat(32), '22'.repeat(32), '33'.repeat(32)];
const DEALT = '2026-12-01T10:00:00.000Z';
const PICKED = '2026-12-02T11:30:00.000Z';
const h = (code: string) => hashIdcode(S.idcodeKey, code);

interface Row {
  owner: string;
  kov_code: string;
  member: number;
  idcode_hash: string;
  idcode_hint: string;
  sealed: string | null;
  dealt_at: string | null;
  picked_up_at: string | null;
}

let db: Db;
let before: Row[];

const norm = (rows: (Omit<Row, 'sealed' | 'dealt_at' | 'picked_up_at'> & { sealed: Uint8Array | null; dealt_at: Date | null; picked_up_at: Date | null })[]): Row[] =>
  rows
    .map((r) => ({
      ...r,
      sealed: r.sealed ? Buffer.from(r.sealed).toString('hex') : null,
      dealt_at: r.dealt_at ? new Date(r.dealt_at).toISOString() : null,
      picked_up_at: r.picked_up_at ? new Date(r.picked_up_at).toISOString() : null,
    }))
    .sort((x, y) => `${x.owner}${x.member}`.localeCompare(`${y.owner}${y.member}`));

beforeAll(async () => {
  setClock(new Date('2026-12-05T09:00:00Z'));
  db = await dbMigratedUpTo(BEFORE);
  await seedTenant(db, A, 'Tartu linn', 'linn');
  await seedTenant(db, B, 'Haapsalu linn', 'linn');
  await asOwner(db, async (t) => {
    const poll = (id: string, kov: string, voteId: string) =>
      t.query(`INSERT INTO polls_poll (id, kov_code, vote_id, description, rules, threshold, members, published_at) VALUES ($1, $2, $3, '{}', '{}', 2, 3, $4)`, [id, kov, voteId, DEALT]);
    await poll(POLL, A, '01900000-0000-7000-8000-000000000c01');
    await poll(POLL_B, B, '01900000-0000-7000-8000-000000000c02');
    await t.query(
      `INSERT INTO elders_election (id, kov_code, title, units, nomination_opens, nomination_closes, voting_opens, voting_closes, candidate_min_age, candidate_resident, voter_min_age, tie_rule, term_years, threshold, members, vote_id, confirmed_at)
       VALUES ($1, $2, '{"et":"K","en":"E","ru":"В"}', '{U1}', '2026-11-01', '2026-11-10', '2026-11-20', '2026-12-20', 18, true, 16, 'lot', 3, 2, 3, '01900000-0000-7000-8000-000000000c03', $3)`,
      [ELECTION, A, DEALT],
    );
    // the poll of A: member 1 picked up, member 2 waiting, member 3 waiting
    // the poll of B: named only (a draft's committee); the election of A: 1 waiting, 2 waiting, 3 picked up
    const member = async (table: 'polls_member' | 'elders_member', col: 'poll_id' | 'election_id', owner: string, kov: string, n: number, state: 'named' | 'waiting' | 'pickedUp') => {
      const code = CODES[n - 1]!;
      const sealed = state === 'waiting' ? sealShare(S.sealSecret, kov, owner, n, SHARES[n - 1]!) : null;
      await t.query(`INSERT INTO ${table} (${col}, kov_code, member, idcode_hash, idcode_hint, share_sealed, dealt_at, picked_up_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
        owner,
        kov,
        n,
        h(code),
        idcodeHint(code),
        sealed,
        state === 'named' ? null : DEALT,
        state === 'pickedUp' ? PICKED : null,
      ]);
    };
    await member('polls_member', 'poll_id', POLL, A, 1, 'pickedUp');
    await member('polls_member', 'poll_id', POLL, A, 2, 'waiting');
    await member('polls_member', 'poll_id', POLL, A, 3, 'waiting');
    for (const n of [1, 2, 3]) await member('polls_member', 'poll_id', POLL_B, B, n, 'named');
    await member('elders_member', 'election_id', ELECTION, A, 1, 'waiting');
    await member('elders_member', 'election_id', ELECTION, A, 2, 'waiting');
    await member('elders_member', 'election_id', ELECTION, A, 3, 'pickedUp');
  });
  before = await asOwner(db, async (t) => {
    const cols = 'kov_code, member, idcode_hash, idcode_hint, share_sealed AS sealed, dealt_at, picked_up_at';
    return norm([
      ...(await t.query<never>(`SELECT poll_id AS owner, ${cols} FROM polls_member`)),
      ...(await t.query<never>(`SELECT election_id AS owner, ${cols} FROM elders_member`)),
    ]);
  });
  await migrate(db);
}, 240_000);

afterAll(async () => {
  await db?.close();
});

describe(`the committees move into voting_committee (${engine})`, () => {
  it('keeps every member, hint, sealed share, deal and pick-up time, under the poll’s or the election’s id; the old tables are gone', async () => {
    expect(before).toHaveLength(9);
    const after = await asOwner(db, async (t) =>
      norm(await t.query<never>('SELECT owner_id AS owner, kov_code, member, idcode_hash, idcode_hint, share_sealed AS sealed, dealt_at, picked_up_at FROM voting_committee')),
    );
    expect(after).toEqual(before);
    expect(after.filter((r) => r.sealed)).toHaveLength(4);
    const gone = await asOwner(db, (t) => t.one<{ p: string | null; e: string | null }>("SELECT to_regclass('polls_member')::text AS p, to_regclass('elders_member')::text AS e"));
    expect(gone).toEqual({ p: null, e: null });
  });

  const committeeOf = (kov: string, owner: string) => db.tx((t) => committeeMembers(t, kov, owner), { kov });
  const pickUp = (kov: string, owner: string, code: string) => db.tx((t) => pickUpCommitteeShare(t, kov, owner, h(code), S.sealSecret), { kov });

  it('the committees read as before the move (by the owner’s id, in its KOV only)', async () => {
    expect((await committeeOf(A, POLL)).map((m) => [m.member, m.hint, m.share, m.pickedUpAt?.toISOString() ?? null])).toEqual([
      [1, idcodeHint(CODES[0]!), 'pickedUp', PICKED],
      [2, idcodeHint(CODES[1]!), 'waiting', null],
      [3, idcodeHint(CODES[2]!), 'waiting', null],
    ]);
    expect((await committeeOf(B, POLL_B)).map((m) => m.share)).toEqual(['named', 'named', 'named']);
    expect((await committeeOf(A, POLL_B)).map((m) => m.share)).toEqual([]); // another KOV's committee stays out of sight
    expect((await committeeOf(A, ELECTION)).map((m) => m.share)).toEqual(['waiting', 'waiting', 'pickedUp']);
  });

  it('a share sealed before the move is picked up once and opens to the share that was sealed', async () => {
    const got = await pickUp(A, POLL, CODES[1]!);
    expect([got.member, got.share]).toEqual([2, SHARES[1]]);
    const again = await pickUp(A, POLL, CODES[1]!).catch((e: unknown) => e);
    expect(isHttpError(again) && again.status === 409 && again.detailKey).toBe('voting.committee.pickedUp');
    const elder = await pickUp(A, ELECTION, CODES[0]!);
    expect([elder.member, elder.share]).toEqual([1, SHARES[0]]);
    const picked = await asOwner(db, (t) => t.query<{ owner_id: string; member: number }>('SELECT owner_id, member FROM voting_committee WHERE picked_up_at IS NOT NULL AND share_sealed IS NULL ORDER BY owner_id, member'));
    expect(picked.map((r) => `${r.owner_id}/${r.member}`)).toEqual([`${POLL}/1`, `${POLL}/2`, `${ELECTION}/1`, `${ELECTION}/3`].sort());
  });
});
