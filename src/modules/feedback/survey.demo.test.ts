// The survey's demo data, on PGlite and PostgreSQL: after the services' demo catalogue, 40 answers for
// every published service of every KOV (none for drafts), some comments pending, fast (< 2 s).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClock, setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { asOwner, seedTenant, testConfig, testDb } from '../../../test/helpers.js';
import { createService, publishedService } from '../services/fixtures.js';
import { feedbackDemo } from './demo.js';
import { manifest } from './index.js';
import { flagsOf } from './moderation.js';

let db: Db;

beforeAll(async () => {
  setClock('2026-12-15T10:00:00Z');
  db = await testDb();
  await seedTenant(db, '0784', 'Tallinn', 'linn');
  await seedTenant(db, '0793', 'Tartu', 'linn');
});
afterAll(async () => {
  resetClock();
  await db.close();
});

describe('feedback demo', () => {
  it('runs after the services’ demo and answers every published service, quickly', async () => {
    const published = [await publishedService(db, '0784'), await publishedService(db, '0784'), await publishedService(db, '0793')];
    const draft = await createService(db, '0784');
    const logs: string[] = [];
    const t0 = performance.now();
    await feedbackDemo({ db, config: testConfig(), log: (m) => logs.push(m), people: [] });
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(logs).toEqual(['feedback: 120 survey answers for 3 published services']);
    const rows = await asOwner(db, (t) =>
      t.query<{ service_id: string; n: number; pending: number; first: Date; last: Date }>(
        `SELECT service_id, count(*)::int AS n, count(*) FILTER (WHERE comment_state = 'pending')::int AS pending, min(answered_at) AS first, max(answered_at) AS last
           FROM feedback_answer GROUP BY service_id`,
      ),
    );
    expect(rows.map((r) => r.service_id).sort()).toEqual(published.map((s) => s.id).sort());
    expect(rows.every((r) => r.n === 40)).toBe(true);
    expect(rows.some((r) => r.pending > 0)).toBe(true);
    expect(rows.map((r) => r.service_id)).not.toContain(draft.id);
    // over the last months, none in the future
    for (const r of rows) {
      expect(new Date(r.first).getTime()).toBeGreaterThanOrEqual(Date.parse('2026-06-18T10:00:00Z'));
      expect(new Date(r.last).getTime()).toBeLessThanOrEqual(Date.parse('2026-12-15T10:00:00Z'));
    }
    const services = await import('../services/index.js');
    // comments with a phone number or an e-mail address wait for a moderator: none is approved
    const approved = await asOwner(db, (t) => t.query<{ comment: string }>(`SELECT comment FROM feedback_answer WHERE comment_state = 'approved'`));
    expect(approved.length).toBeGreaterThan(0);
    expect(approved.filter((a) => flagsOf(a.comment).length)).toEqual([]);
    // (the demo loader runs modules by demoOrder, 100 when a module names none)
    if (services.manifest.demo) expect(manifest.demoOrder!).toBeGreaterThan(services.manifest.demoOrder ?? 100);
  });
});
