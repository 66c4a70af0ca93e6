// Moderation on PGlite and (TEST_DATABASE_URL) PostgreSQL: the queue, approve/reject/redact with
// their audit entries (never the text), the read API that gives comment text only when approved,
// and a redaction that leaves the text nowhere in the database (answer, audit log).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { isHttpError } from '../../kernel/errors.js';
import { uuidv7 } from '../../kernel/ids.js';
import { asOwner, closeTest, testDbAt } from '../../../test/helpers.js';
import { answer } from './fixtures.js';
import { listAnswers, moderate, moderationQueue } from './moderation.js';

const A = '0784';
const B = '0296';
const SVC = uuidv7();
const MOD: Actor = { kind: 'person', id: null, name: 'Mari Moderaator' };
const SECRET = 'Helistage mulle 5123 4567, Juhan Juurikas';
let db: Db;

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
  } catch (e) {
    if (isHttpError(e)) return e.status;
    throw e;
  }
  return 200;
}

beforeAll(async () => {
  db = await testDbAt('2026-12-15T10:00:00Z', [[A, 'Tallinn', 'linn'], [B, 'Harku vald']]);
});
afterAll(() => closeTest(undefined, db));

describe('moderation', () => {
  it('queues pending comments with flags; approve shows the text in the API, redact removes it everywhere', async () => {
    const a1 = await answer(db, A, SVC, { satisfaction: 2, comment: SECRET });
    const a2 = await answer(db, A, SVC, { satisfaction: 5, comment: 'Väga hea teenindus' });
    await answer(db, A, SVC, { satisfaction: 4 });

    const q = await moderationQueue(db, A, 'pending');
    expect(q.items.map((i) => i.id)).toEqual([a1.id, a2.id]);
    expect(q.items[0]!.flags.map((f) => f.kind)).toEqual(['phone']);
    expect(q.counts).toEqual({ pending: 2, approved: 0, rejected: 0, redacted: 0 });
    // another KOV's queue is empty
    expect((await moderationQueue(db, B, 'pending')).items).toEqual([]);

    // the read API: pending text is not given out
    let api = await listAnswers(db, A, { serviceId: SVC, from: null, to: null, cursor: null, limit: 10 });
    expect(api.answers).toHaveLength(3);
    expect(api.answers.every((x) => x.comment === null)).toBe(true);
    expect(JSON.stringify(api)).not.toContain('Juurikas');

    await moderate(db, A, MOD, a2.id, 'approve');
    await moderate(db, A, MOD, a1.id, 'approve');
    api = await listAnswers(db, A, { serviceId: SVC, from: null, to: null, cursor: null, limit: 10 });
    expect(api.answers.map((x) => x.comment).sort()).toEqual([null, SECRET, 'Väga hea teenindus'].sort());

    // on request: the personal data is removed (state redacted, scores kept)
    const red = await moderate(db, A, MOD, a1.id, 'redact');
    expect(red).toMatchObject({ state: 'redacted', comment: null, satisfaction: 2 });
    api = await listAnswers(db, A, { serviceId: SVC, from: null, to: null, cursor: null, limit: 10 });
    expect(JSON.stringify(api)).not.toContain('Juurikas');
    expect(api.answers.find((x) => x.id === a1.id)).toMatchObject({ commentState: 'redacted', comment: null, satisfaction: 2 });
    // nowhere in the database: not in the answers, not in the audit log
    const everywhere = await asOwner(db, async (t) => [
      ...(await t.query(`SELECT * FROM feedback_answer`)),
      ...(await t.query(`SELECT * FROM core_audit`)),
    ]);
    expect(JSON.stringify(everywhere)).not.toContain('Juurikas');
    const audit = await asOwner(db, (t) => t.query<{ action: string; target_id: string }>(`SELECT action, target_id FROM core_audit WHERE kov_code = $1 AND action LIKE 'feedback.%' ORDER BY seq`, [A]));
    expect(audit.map((x) => x.action)).toEqual(['feedback.approve', 'feedback.approve', 'feedback.redact']);
  });

  it('refuses what cannot be: a redacted comment approved (409), an answer without a comment or of another KOV (404)', async () => {
    const a = await answer(db, A, SVC, { comment: 'Lühike' });
    await moderate(db, A, MOD, a.id, 'reject');
    expect((await moderationQueue(db, A, 'rejected')).items.map((i) => i.id)).toContain(a.id);
    await moderate(db, A, MOD, a.id, 'redact');
    expect(await status(moderate(db, A, MOD, a.id, 'approve'))).toBe(409);
    const none = await answer(db, A, SVC, {});
    expect(await status(moderate(db, A, MOD, none.id, 'approve'))).toBe(404);
    const p = await answer(db, A, SVC, { comment: 'Ootel' });
    expect(await status(moderate(db, B, MOD, p.id, 'approve'))).toBe(404);
    expect(await status(moderate(db, A, MOD, 'not-a-uuid', 'approve'))).toBe(404);
  });

  it('pages the read API by cursor without losing or repeating an answer', async () => {
    const svc = uuidv7();
    for (let i = 0; i < 7; i++) await answer(db, A, svc, { satisfaction: (i % 5) + 1, answeredAt: new Date(Date.parse('2026-12-01T00:00:00Z') + (i % 3) * 1000) });
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let n = 0; n < 10; n++) {
      const page = await listAnswers(db, A, { serviceId: svc, from: null, to: null, cursor, limit: 3 });
      seen.push(...page.answers.map((a) => a.id));
      cursor = page.next;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });
});
