// The audit log's hash chain: entries written in the caller's transaction, and any edit or removal
// found by verifyAudit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from './audit.js';
import { canonicalJson, genesisHash, recordAudit, verifyAudit } from './audit.js';
import type { Db } from './db.js';
import { engine, testDb, asOwner } from '../../test/helpers.js';

const ACTOR: Actor = { kind: 'person', id: '0190a0b0-0000-7000-8000-000000000001', name: 'Jaan Tamm' };
let db: Db;

beforeAll(async () => {
  db = await testDb();
});
afterAll(async () => {
  await db.close();
});

async function write(kov: string, n: number) {
  for (let i = 0; i < n; i++) {
    await db.tx((t) => recordAudit(t, { kov, actor: ACTOR, action: 'test.write', targetType: 'thing', targetId: String(i), before: { n: i }, after: { n: i + 1, ü: 'õäöü' } }), { kov });
  }
}
const report = async (kov: string) => (await verifyAudit(db, kov))[0]!;

describe(`audit chain (${engine})`, () => {
  it('canonical JSON sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
    expect(genesisHash('0784')).not.toBe(genesisHash('0793'));
  });

  it('links entries per KOV and verifies them', async () => {
    await write('0101', 3);
    await write('0102', 1);
    const reports = await verifyAudit(db);
    expect(reports.filter((r) => ['0101', '0102'].includes(r.kov))).toEqual([
      { kov: '0101', entries: 3, ok: true, problems: [] },
      { kov: '0102', entries: 1, ok: true, problems: [] },
    ]);
  });

  it('writes nothing when the transaction rolls back', async () => {
    await write('0103', 1);
    await expect(
      db.tx(async (t) => {
        await recordAudit(t, { kov: '0103', actor: ACTOR, action: 'test.lost' });
        throw new Error('the change failed');
      }, { kov: '0103' }),
    ).rejects.toThrow('the change failed');
    expect(await report('0103')).toMatchObject({ entries: 1, ok: true });
    await write('0103', 1);
    expect(await report('0103')).toMatchObject({ entries: 2, ok: true });
  });

  it('detects an UPDATE of one entry', async () => {
    await write('0104', 3);
    await asOwner(db, (t) => t.query(`UPDATE core_audit SET after = '{"n": 99}' WHERE kov_code = '0104' AND seq = 2`));
    const r = await report('0104');
    expect(r.ok).toBe(false);
    expect(r.problems).toContain('entry 2: its content does not match its hash (changed after it was written)');
  });

  it('detects an UPDATE that also recomputes the entry’s own hash (the next link breaks)', async () => {
    await write('0105', 3);
    await asOwner(db, (t) => t.query(`UPDATE core_audit SET actor_name = 'Keegi', hash = 'f00' WHERE kov_code = '0105' AND seq = 2`));
    const r = await report('0105');
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toContain('entry 3: its link to the previous entry is broken');
  });

  it('detects the DELETE of the last entry, and of one in the middle', async () => {
    await write('0106', 3);
    await asOwner(db, (t) => t.query(`DELETE FROM core_audit WHERE kov_code = '0106' AND seq = 3`));
    const last = await report('0106');
    expect(last.ok).toBe(false);
    expect(last.problems).toContain('the chain head says 3 entries, the log holds 2');
    expect(last.problems).toContain('the last entry does not match the chain head (entries removed or altered at the end)');

    await write('0107', 3);
    await asOwner(db, (t) => t.query(`DELETE FROM core_audit WHERE kov_code = '0107' AND seq = 2`));
    const mid = await report('0107');
    expect(mid.ok).toBe(false);
    expect(mid.problems).toContain('entry 2 is missing (found 3 next)');
  });

  it('keeps one unbroken chain under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => db.tx((t) => recordAudit(t, { kov: '0108', actor: ACTOR, action: 'test.race', targetId: String(i) }), { kov: '0108' })),
    );
    expect(await report('0108')).toEqual({ kov: '0108', entries: 12, ok: true, problems: [] });
  });
});
