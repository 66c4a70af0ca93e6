// Drafts can be edited and deleted until published (issue 9, item 5), on the pages and through the
// JSON API: the edit form comes filled in with the draft, saving replaces its definition (the same
// checks as creating one, the period's bounds included), deleting needs a tick box; both are in the
// audit log; a published poll refuses both with a clear message (409).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../kernel/db.js';
import { Agent, asOwner, csrfFrom, csrfTokenOf, engine, loginAs } from '../../../test/helpers.js';
import { nowMs, today } from '../../kernel/clock.js';
import { A, COMMITTEE_CODES, JAAN, MEMBER, MEMBER2, SYSTEM, TEST_SECRETS, pollsWorld, samplePollInput } from './fixtures.js';
import { withCheckDigit } from '../../kernel/idcode.js';
import { createPoll, getPoll, publishPoll } from './service.js';
import { dateToTallinnLocal } from './form.js';

let db: Db;
let app: FastifyInstance;
let admin: Agent;
let csrf = '';
const FOURTH = withCheckDigit('3900404005');
const FIFTH = withCheckDigit('4910505006');
const T = (s: string) => ({ et: `${s} (et)`, en: s, ru: `${s} (ru)` });

async function postForm(url: string, pairs: [string, string][], tokenFrom: string) {
  const token = csrfFrom((await admin.get(tokenFrom)).body);
  return admin.req({ method: 'POST', url, payload: new URLSearchParams([['_csrf', token], ...pairs]).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

const auditOf = (id: string) =>
  asOwner(db, (t) => t.query<{ action: string; actor_name: string }>(`SELECT action, actor_name FROM core_audit WHERE kov_code = $1 AND target_id = $2 ORDER BY seq`, [A, id]));
const pollRows = (id: string) => asOwner(db, async (t) => (await t.one<{ n: number }>('SELECT count(*)::int AS n FROM polls_poll WHERE id = $1', [id]))!.n);

function body(title: string, over: Record<string, unknown> = {}) {
  const now = nowMs();
  return {
    title: T(title),
    questions: [{ text: T('Which?'), rule: { kind: 'upTo', max: 2 }, options: [{ text: T('One') }, { text: T('Two') }, { text: T('Three') }] }],
    opensAt: new Date(now + 3_600_000).toISOString(),
    closesAt: new Date(now + 3 * 86_400_000).toISOString(),
    revote: false,
    eligibility: { minAge: 18, on: today() },
    threshold: 1,
    members: 2,
    committee: [MEMBER, MEMBER2],
    ...over,
  };
}

beforeAll(async () => {
  ({ db, app } = await pollsWorld());
  admin = new Agent(app);
  await loginAs(admin, db, JAAN.idcode, { givenName: 'Jaan', familyName: 'Tamm' });
  await admin.get('/?lang=en');
  csrf = await csrfTokenOf(admin);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe(`editing and deleting drafts (${engine})`, () => {
  it('the edit page comes filled in; saving changes the draft, checks it as a new poll and audits it', async () => {
    const { id } = await createPoll(db, A, samplePollInput({ title: { et: 'Vana pealkiri', en: 'Old title', ru: 'Старый заголовок' } }), SYSTEM, TEST_SECRETS);
    const manage = await admin.get(`/kov/${A}/polls/${id}/manage`);
    expect(manage.body).toContain(`href="/kov/${A}/polls/${id}/edit"`);
    const edit = await admin.get(`/kov/${A}/polls/${id}/edit`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('Edit the draft: Old title');
    expect(edit.body).toContain('value="Old title"');
    expect(edit.body).toContain(`action="/kov/${A}/polls/${id}/edit"`);
    expect(edit.body).toMatch(/<textarea[^>]*name="q0_options_en"[^>]*>Yes\nNo<\/textarea>/);
    // the codes are kept only as hashes: the form asks for them again and shows the current ones' last digits
    expect(edit.body).toContain('enter the committee members’ ID codes again');
    expect(edit.body).toContain(MEMBER.slice(-4));

    const now = nowMs();
    const form: [string, string][] = [
      ['title_et', 'Uus pealkiri'],
      ['title_en', 'New title'],
      ['title_ru', 'Новый заголовок'],
      ['q0_text_et', 'Kas?'],
      ['q0_text_en', 'Yes?'],
      ['q0_text_ru', 'Да?'],
      ['q0_options_et', 'Jah\nEi\nEi tea'],
      ['q0_options_en', 'Yes\nNo\nDo not know'],
      ['q0_options_ru', 'Да\nНет\nНе знаю'],
      ['q0_rule', 'one'],
      ['minAge', '16'],
      ['on', today()],
      ['opensAt', dateToTallinnLocal(new Date(now + 3_600_000))],
      ['closesAt', dateToTallinnLocal(new Date(now + 2 * 86_400_000))],
      // the committee is named again (five codes: n = 5)
      ['committee', [...COMMITTEE_CODES, FOURTH, FIFTH].join('\n')],
      ['threshold', '3'],
    ];
    // the period's bounds hold for an edit too
    const past = await postForm(`/kov/${A}/polls/${id}/edit`, form.map(([k, v]) => [k, k === 'opensAt' ? dateToTallinnLocal(new Date(now - 3_600_000)) : v]), `/kov/${A}/polls/${id}/edit`);
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('Voting opens: voting cannot start in the past (at most 5 minutes ago).');
    expect(past.body).toContain('value="New title"');
    expect((await getPoll(db, A, id)).vote.title.en).toBe('Old title');

    const saved = await postForm(`/kov/${A}/polls/${id}/edit`, form, `/kov/${A}/polls/${id}/edit`);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/kov/${A}/polls/${id}/manage`);
    const p = await getPoll(db, A, id);
    expect(p.vote.title.en).toBe('New title');
    expect(p.vote.questions[0]!.options.map((o) => o.text.en)).toEqual(['Yes', 'No', 'Do not know']);
    expect(p.vote.revote).toBe(false);
    expect([p.threshold, p.members]).toEqual([3, 5]);
    // the committee named anew: five members, found by the new codes
    const members = await asOwner(db, (t) => t.query<{ idcode_hint: string }>('SELECT idcode_hint FROM voting_committee WHERE owner_id = $1 ORDER BY member', [id]));
    expect(members.map((m) => m.idcode_hint.slice(-4))).toEqual([...COMMITTEE_CODES, FOURTH, FIFTH].map((c) => c.slice(-4)));
    expect(p.status).toBe('draft');
    expect((await auditOf(id)).map((a) => [a.action, a.actor_name])).toEqual([
      ['polls.poll.create', 'test setup'],
      ['polls.poll.update', 'Jaan Tamm'],
    ]);
    const voteAudit = await asOwner(db, (t) => t.query<{ action: string }>(`SELECT action FROM core_audit WHERE target_id = $1 ORDER BY seq`, [p.voteId]));
    expect(voteAudit.map((a) => a.action)).toEqual(['voting.vote.create', 'voting.vote.update']);
  });

  it('deleting a draft needs the tick box, removes the poll and its vote, and is audited', async () => {
    const { id } = await createPoll(db, A, samplePollInput({ title: { et: 'Kustuta', en: 'Delete me', ru: 'Удалить' } }), SYSTEM, TEST_SECRETS);
    const voteId = (await getPoll(db, A, id)).voteId;
    const unticked = await postForm(`/kov/${A}/polls/${id}/delete`, [], `/kov/${A}/polls/${id}/manage`);
    expect(unticked.statusCode).toBe(400);
    expect(unticked.body).toContain('Tick the box to delete the draft.');
    expect(await pollRows(id)).toBe(1);
    const done = await postForm(`/kov/${A}/polls/${id}/delete`, [['confirm', 'yes']], `/kov/${A}/polls/${id}/manage`);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/kov/${A}/polls/admin`);
    expect(await pollRows(id)).toBe(0);
    expect(await asOwner(db, async (t) => (await t.one<{ n: number }>('SELECT count(*)::int AS n FROM voting_vote WHERE id = $1', [voteId]))!.n)).toBe(0);
    expect((await admin.get(`/kov/${A}/polls/${id}/manage`)).statusCode).toBe(404);
    expect((await auditOf(id)).map((a) => a.action)).toEqual(['polls.poll.create', 'polls.poll.delete']);
  });

  it('a published poll refuses editing and deleting with a clear message (pages and API)', async () => {
    const { id } = await createPoll(db, A, samplePollInput({ title: { et: 'Avaldatud', en: 'Published one', ru: 'Опубликован' } }), SYSTEM, TEST_SECRETS);
    await publishPoll(db, A, id, SYSTEM, TEST_SECRETS);
    const manage = await admin.get(`/kov/${A}/polls/${id}/manage`);
    expect(manage.body).not.toContain(`/kov/${A}/polls/${id}/edit`);
    expect(manage.body).not.toContain(`/kov/${A}/polls/${id}/delete`);
    const edit = await admin.get(`/kov/${A}/polls/${id}/edit`);
    expect(edit.statusCode).toBe(409);
    expect(edit.body).toContain('A published poll cannot be edited: its roll is frozen and its key dealt.');
    const del = await postForm(`/kov/${A}/polls/${id}/delete`, [['confirm', 'yes']], `/kov/${A}/polls/${id}/manage`);
    expect(del.statusCode).toBe(409);
    expect(del.body).toContain('A published poll cannot be deleted; it can only be closed.');
    expect(await pollRows(id)).toBe(1);

    const put = await admin.req({ method: 'PUT', url: `/api/v1/kov/${A}/polls/${id}`, payload: body('Changed'), headers: { 'x-csrf-token': csrf } });
    expect(put.statusCode).toBe(409);
    expect(put.json()).toMatchObject({ status: 409, detail: 'A published poll cannot be edited: its roll is frozen and its key dealt.' });
    const apiDel = await admin.req({ method: 'DELETE', url: `/api/v1/kov/${A}/polls/${id}`, headers: { 'x-csrf-token': csrf } });
    expect(apiDel.statusCode).toBe(409);
    expect(apiDel.json()).toMatchObject({ detail: 'A published poll cannot be deleted; it can only be closed.' });
    expect((await getPoll(db, A, id)).vote.title.en).toBe('Published one');
  });

  it('the JSON API edits (PUT, the create body) and deletes (DELETE) a draft', async () => {
    const created = await admin.req({ method: 'POST', url: `/api/v1/kov/${A}/polls`, payload: body('API draft'), headers: { 'x-csrf-token': csrf } });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    const bad = await admin.req({ method: 'PUT', url: `/api/v1/kov/${A}/polls/${id}`, payload: body('API draft', { members: 0 }), headers: { 'x-csrf-token': csrf } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: unknown[] }>().errors).toEqual([{ field: 'members', reason: 'Committee members (n): there must be 1–50 members.' }]);
    const put = await admin.req({ method: 'PUT', url: `/api/v1/kov/${A}/polls/${id}`, payload: body('API draft, edited', { threshold: 2, members: 3, committee: COMMITTEE_CODES }), headers: { 'x-csrf-token': csrf } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ id, status: 'draft', threshold: 2, members: 3, title: { en: 'API draft, edited' } });
    const del = await admin.req({ method: 'DELETE', url: `/api/v1/kov/${A}/polls/${id}`, headers: { 'x-csrf-token': csrf } });
    expect(del.statusCode).toBe(204);
    expect((await admin.get(`/api/v1/kov/${A}/polls/${id}`)).statusCode).toBe(404);
    expect((await auditOf(id)).map((a) => a.action)).toEqual(['polls.poll.create', 'polls.poll.update', 'polls.poll.delete']);
    // nobody else's draft: an anonymous caller and a bad id
    expect([401, 403]).toContain((await app.inject({ method: 'DELETE', url: `/api/v1/kov/${A}/polls/${id}` })).statusCode); // no session: refused (CSRF, then sign-in)
    expect((await admin.req({ method: 'DELETE', url: `/api/v1/kov/${A}/polls/not-an-id`, headers: { 'x-csrf-token': csrf } })).statusCode).toBe(404);
  });
});
