// The council demo loads (Tallinn: 15 members in factions with one substitute, two commissions, three
// drafts with documents, a past closed sitting and an upcoming published one), on both engines, with
// the kernel clock set and put back; a second run adds nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowMs, today } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { DEMO_PEOPLE } from '../../dev/demo-people.js';
import { demoTerritoryDb, engine, testConfig } from '../../../test/helpers.js';
import { loadCouncilDemo } from './demo.js';
import { getDraft, getSitting, listBodies, listSittings, membershipOf, seatsOn } from './service.js';
import { hashIdcode } from '../../kernel/idcode.js';

let db: Db;
beforeAll(async () => (db = await demoTerritoryDb('2026-12-06T21:00:00+02:00')));
afterAll(() => db?.close());

describe(`council demo (${engine})`, () => {
  it('makes Tallinn’s council with a substitute, drafts, a past and an upcoming sitting, and puts the clock back', async () => {
    const config = testConfig();
    const before = nowMs();
    const lines: string[] = [];
    const demo = await loadCouncilDemo({ db, config, log: (l) => lines.push(l), people: DEMO_PEOPLE });
    expect(Math.abs(nowMs() - before)).toBeLessThan(600_000);
    expect(demo).not.toBeNull();
    const bodies = await listBodies(db, '0784');
    expect(bodies.map((b) => b.kind)).toEqual(['council', 'commission', 'commission']);
    const seats = await seatsOn(db, '0784', demo!.councilId);
    expect(seats).toHaveLength(15);
    expect(seats.filter((s) => s.substituteFor)).toHaveLength(1);
    expect(new Set(seats.map((s) => s.faction)).size).toBe(5);
    const sittings = await listSittings(db, '0784', { official: false });
    expect(sittings.map((s) => s.state).sort()).toEqual(['closed', 'published']);
    const up = await getSitting(db, '0784', demo!.upcomingSittingId, { official: false });
    expect(up.items).toHaveLength(3);
    expect(up.files).toHaveLength(1);
    expect(up.sitting.starts_at.getTime()).toBeGreaterThan(nowMs());
    const past = await getSitting(db, '0784', demo!.pastSittingId, { official: false });
    expect(past.sitting.closed_at!.getTime()).toBeLessThan(nowMs());
    const d = await getDraft(db, '0784', demo!.draftIds[0]!, { official: false });
    expect(d.documents.map((x) => x.versions[0]!.media_type).sort()).toEqual(['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document']);
    // Mari (a demo person of the TARA simulator) sits on the council today
    const mari = DEMO_PEOPLE.find((p) => p.givenName === 'Mari')!;
    expect((await membershipOf(db, '0784', hashIdcode(config.idcodeHmacKey, mari.idcode), today())).map((s) => s.bodyKind)).toEqual(['council']);
    expect(lines.join('\n')).toContain('Council:');
    // once only
    expect(await loadCouncilDemo({ db, config, log: () => {}, people: DEMO_PEOPLE })).toBeNull();
  });
});
