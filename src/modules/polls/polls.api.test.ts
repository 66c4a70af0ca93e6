// The polls JSON API through the real plugins (API keys, sessions, CSRF, tenants) on a real database
// (PGlite, and PostgreSQL when TEST_DATABASE_URL is set): the whole cycle (create → preview →
// publish → residents cast through the voting core's cast route → close → shares → certify →
// results JSON/CSV and the public protocol PDF), the form's validation rules as field errors by JSON
// path, and refusals (another KOV's key, a resident, a read-only key, API keys on the steps that
// need a signed-in person).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { verifyAudit } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { Agent, csrfTokenOf, engine, listRoutes, loginAs, asOwner } from '../../../test/helpers.js';
import { createKey } from '../admin/index.js';
import { A, B, JAAN, LIIS, MARI, MEMBER, MEMBER2, MEMBER3, OLD, SYSTEM, TOOMAS, pollsWorld } from './fixtures.js';
import { dateToTallinnLocal, parsePollForm } from './form.js';
import { now, nowMs, today } from '../../kernel/clock.js';


interface Who {
  agent: Agent;
  csrf: string;
}

let db: Db;
let app: FastifyInstance;
let admin: Who;
let member: Who;
let member2: Who;
let member3: Who;
let mari: Who;
let old: Who;
let toomas: Who;
let keyA = ''; // read + write
let keyARead = ''; // read only
let keyB = ''; // read + write, of B

const T = (s: string) => ({ et: `${s} (et)`, en: s, ru: `${s} (ru)` });


function pollBody(over: Record<string, unknown> = {}) {
  const now = nowMs();
  return {
    title: T('Park poll'),
    description: T('What the park needs'),
    questions: [
      { text: T('A new square?'), rule: { kind: 'one' }, options: [{ text: T('Yes') }, { text: T('No') }] },
      { text: T('What to add?'), rule: { kind: 'upTo', max: 2 }, options: [{ text: T('Benches') }, { text: T('Trees') }, { text: T('Lamps') }] },
    ],
    opensAt: new Date(now - 60_000).toISOString(), // within the start grace (5 minutes)
    closesAt: new Date(now + 86_400_000).toISOString().replace('Z', '+00:00'),
    revote: true,
    eligibility: { units: [], minAge: 16, on: today(), residentSince: null, extraLists: [] },
    threshold: 2,
    members: 3,
    committee: [MEMBER, MEMBER2, MEMBER3],
    ...over,
  };
}

async function signIn(idcode: string, names: { givenName: string; familyName: string }): Promise<Who> {
  const agent = new Agent(app);
  await loginAs(agent, db, idcode, names);
  await agent.get('/?lang=en');
  return { agent, csrf: await csrfTokenOf(agent) };
}

/** A call as a signed-in person (session + x-csrf-token). */
function as(who: Who, method: string, url: string, payload?: unknown) {
  return who.agent.req({ method, url, payload: method === 'GET' ? undefined : (payload ?? {}), headers: { 'x-csrf-token': who.csrf } });
}

/** A call with an API key. */
function withKey(key: string, method: string, url: string, payload?: unknown) {
  return app.inject({ method: method as 'GET', url, payload: method === 'GET' ? undefined : ((payload ?? {}) as object), headers: { authorization: `Bearer ${key}` } });
}

/** The member picks up her share on its page (once): answers it. */
async function pickUp(who: Who, pollId: string): Promise<string> {
  const r = await as(who, 'POST', `/kov/${A}/polls/${pollId}/share`, {});
  expect(r.statusCode, r.body).toBe(200);
  return /id="my-share"[^>]*>([0-9a-f]{64})</.exec(r.body)![1]!;
}

const fields = (res: { json: () => unknown }) => ((res.json() as { errors?: { field: string }[] }).errors ?? []).map((e) => e.field);

async function pollCount(kov: string): Promise<number> {
  return asOwner(db, async (t) => (await t.one<{ n: number }>('SELECT count(*)::int AS n FROM polls_poll WHERE kov_code = $1', [kov]))!.n);
}

beforeAll(async () => {
  ({ db, app } = await pollsWorld());
  keyA = (await createKey(db, { kov: A, name: 'Tallinn DHS', scopes: ['read', 'write'], actor: SYSTEM })).key;
  keyARead = (await createKey(db, { kov: A, name: 'Tallinn open data', scopes: ['read'], actor: SYSTEM })).key;
  keyB = (await createKey(db, { kov: B, name: 'Tartu DHS', scopes: ['read', 'write'], actor: SYSTEM })).key;
  admin = await signIn(JAAN.idcode, { givenName: 'Jaan', familyName: 'Tamm' });
  member = await signIn(MEMBER, { givenName: 'Kati', familyName: 'Komisjon' });
  member2 = await signIn(MEMBER2, { givenName: 'Kaja', familyName: 'Kaks' });
  member3 = await signIn(MEMBER3, { givenName: 'Kolm', familyName: 'Kolmas' });
  mari = await signIn(MARI.idcode, { givenName: 'Mari', familyName: 'Maasikas' });
  old = await signIn(OLD, { givenName: 'Olev', familyName: 'Vana' });
  toomas = await signIn(TOOMAS.idcode, { givenName: 'Toomas', familyName: 'Saar' });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe(`polls JSON API (${engine})`, () => {
  it('runs a poll end to end: create (API key) → preview → publish (person) → casts → close → shares → certify → results, CSV and the public PDF', async () => {
    const base = `/api/v1/kov/${A}/polls`;
    // create with the KOV's API key (write)
    const created = await withKey(keyA, 'POST', base, pollBody());
    expect(created.statusCode, created.body).toBe(201);
    const poll = created.json<{ id: string; voteId: string; status: string; questions: { id: string; options: { id: string }[] }[]; eligibility: unknown; threshold: number; members: number }>();
    expect(created.headers.location).toBe(`${base}/${poll.id}`);
    expect(poll).toMatchObject({ status: 'draft', threshold: 2, members: 3, eligibility: { units: [], minAge: 16, on: today(), residentSince: null, extraLists: [] } });
    expect(poll.questions.map((q) => [q.id, q.options.map((o) => o.id)])).toEqual([
      ['q1', ['o1', 'o2']],
      ['q2', ['o1', 'o2', 'o3']],
    ]);
    const id = poll.id;

    // officials see drafts; the public does not
    const list = await withKey(keyARead, 'GET', base);
    expect(list.statusCode).toBe(200);
    expect(list.json<{ items: { id: string; status: string }[] }>().items).toContainEqual(expect.objectContaining({ id, status: 'draft' }));
    expect((await as(member, 'GET', `${base}/${id}`)).json()).toMatchObject({ id, status: 'draft', links: { page: null, publicResultsPdf: null } });
    expect((await app.inject({ url: `/kov/${A}/polls/${id}` })).statusCode).toBe(404);

    // the preview, as the manage page shows it: 2 eligible (the under-16 resident is not)
    const preview = await withKey(keyARead, 'POST', `${base}/${id}/eligible-count`);
    expect(preview.statusCode).toBe(200);
    const p = preview.json<{ total: number; byUnit: { code: string; count: number }[] }>();
    expect(p.total).toBe(2);
    expect(p.byUnit.map((u) => [u.code, u.count]).sort()).toEqual([
      ['0298', 1],
      ['0387', 1],
    ]);

    // publishing: a signed-in KOV admin only, confirmed; the answer holds no share
    const byKey = await withKey(keyA, 'POST', `${base}/${id}/publish?lang=en`, { confirm: true });
    expect(byKey.statusCode).toBe(403);
    expect(byKey.headers['content-type']).toContain('application/problem+json');
    expect(byKey.json().detail).toMatch(/signed-in person/);
    expect((await as(member, 'POST', `${base}/${id}/publish`, { confirm: true })).statusCode).toBe(403); // committee: not a KOV admin
    const unconfirmed = await as(admin, 'POST', `${base}/${id}/publish`, {});
    expect(unconfirmed.statusCode).toBe(400);
    expect(fields(unconfirmed)).toEqual(['confirm']);
    expect(fields(await as(admin, 'POST', `${base}/${id}/publish`, { confirm: false }))).toEqual(['confirm']);
    expect((await withKey(keyARead, 'GET', `${base}/${id}`)).json()).toMatchObject({ status: 'draft' }); // nothing happened
    const pub = await as(admin, 'POST', `${base}/${id}/publish`, { confirm: true });
    expect(pub.statusCode, pub.body).toBe(201);
    const published = pub.json<{ poll: { status: string; voteId: string; rollSize: number }; rollSize: number; committee: { member: number; hint: string; share: string }[] }>();
    expect(published.rollSize).toBe(2);
    expect(published.poll).toMatchObject({ status: 'open', rollSize: 2 });
    expect(published).not.toHaveProperty('shares');
    expect(published.committee).toEqual([
      { member: 1, hint: `•••••••${MEMBER.slice(-4)}`, share: 'waiting', pickedUpAt: null },
      { member: 2, hint: `•••••••${MEMBER2.slice(-4)}`, share: 'waiting', pickedUpAt: null },
      { member: 3, hint: `•••••••${MEMBER3.slice(-4)}`, share: 'waiting', pickedUpAt: null },
    ]);
    const again = await as(admin, 'POST', `${base}/${id}/publish`, { confirm: true });
    expect(again.statusCode).toBe(409);
    // each member picks up her own share; the committee route says who has
    const shares = [await pickUp(member, id), await pickUp(member2, id)];
    const committee = await withKey(keyARead, 'GET', `${base}/${id}/committee`);
    expect(committee.statusCode).toBe(200);
    expect(committee.json<{ items: { share: string }[] }>().items.map((m) => m.share)).toEqual(['pickedUp', 'pickedUp', 'waiting']);
    expect((await withKey(keyB, 'GET', `${base}/${id}/committee`)).statusCode).toBe(403);
    shares.push(await pickUp(member3, id));
    for (const s of shares) {
      expect(pub.body).not.toContain(s);
      expect((await withKey(keyARead, 'GET', `${base}/${id}`)).body).not.toContain(s);
    }

    // no results before the vote is closed
    expect((await withKey(keyARead, 'GET', `${base}/${id}/results`)).statusCode).toBe(409);

    // residents cast through the voting core's cast route
    const cast = (who: Who, choices: string[][]) => as(who, 'POST', `/api/v1/votes/${poll.voteId}/ballots`, { choices });
    expect((await cast(mari, [['o1'], ['o1', 'o3']])).statusCode).toBe(201);
    expect((await cast(mari, [['o2'], ['o1']])).statusCode).toBe(201); // re-vote: the last counts
    expect((await cast(old, [['o2'], ['o1', 'o2']])).statusCode).toBe(201);
    expect((await cast(toomas, [['o1'], []])).statusCode).toBe(403); // not on the roll

    // close (API key with write; a read-only key is refused)
    expect((await withKey(keyARead, 'POST', `${base}/${id}/close`, { confirm: true, reason: 'test' })).statusCode).toBe(403);
    // it asks first: confirm, and (before the planned end) a reason
    expect(fields(await withKey(keyA, 'POST', `${base}/${id}/close`, {}))).toEqual(['confirm']);
    expect(fields(await withKey(keyA, 'POST', `${base}/${id}/close`, { confirm: true }))).toEqual(['reason']);
    expect(fields(await withKey(keyA, 'POST', `${base}/${id}/close`, { confirm: true, reason: 'x'.repeat(501) }))).toEqual(['reason']);
    expect((await withKey(keyARead, 'GET', `${base}/${id}`)).json()).toMatchObject({ status: 'open' });
    const closed = await withKey(keyA, 'POST', `${base}/${id}/close`, { confirm: true, reason: 'Closed early by the council' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', turnout: 2 });
    const before = (await withKey(keyARead, 'GET', `${base}/${id}/results`)).json<{ turnout: number; digest: string | null; questions: { options: { count: number | null }[] }[] }>();
    expect(before.turnout).toBe(2);
    expect(before.digest).toBeNull();
    expect(before.questions[0]!.options.map((o) => o.count)).toEqual([null, null]);
    // the officials' results protocol (PDF) comes with the board
    expect((await withKey(keyARead, 'GET', `${base}/${id}/results.pdf`)).statusCode).toBe(409);

    // shares: signed-in committee members only; a wrong share is refused and names the field
    expect((await withKey(keyA, 'POST', `${base}/${id}/shares`, { member: 1, share: shares[0] })).statusCode).toBe(403);
    const wrong = await as(member, 'POST', `${base}/${id}/shares`, { member: 1, share: shares[1] });
    expect(wrong.statusCode).toBe(400);
    expect(fields(wrong)).toEqual(['share']);
    const first = await as(member, 'POST', `${base}/${id}/shares`, { member: 1, share: shares[0] });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ member: 1, received: 1, needed: 2, published: false });
    expect((await as(member, 'POST', `${base}/${id}/shares`, { member: 1, share: shares[0] })).statusCode).toBe(409);
    const second = await as(member3, 'POST', `${base}/${id}/shares`, { member: 3, share: shares[2] }); // named on the poll, no role
    expect(second.json()).toEqual({ member: 3, received: 2, needed: 2, published: true });
    expect((await withKey(keyARead, 'GET', `${base}/${id}`)).json()).toMatchObject({ status: 'published', decrypted: [1, 3] });

    // the officials' protocol PDF, before certification too (the committee checks it before signing off)
    const officialPdf = await withKey(keyARead, 'GET', `${base}/${id}/results.pdf?lang=en`);
    expect(officialPdf.statusCode).toBe(200);
    expect(officialPdf.headers['content-type']).toBe('application/pdf');
    expect(officialPdf.headers['content-disposition']).toBe(`attachment; filename="poll-${id}-results.pdf"`);
    expect(officialPdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(officialPdf.rawPayload.length).toBeGreaterThan(5000);

    // not public before certification: the page shows no results, the exports are not found
    expect((await app.inject({ url: `/kov/${A}/polls/${id}/results.pdf` })).statusCode).toBe(404);
    expect((await app.inject({ url: `/kov/${A}/polls/${id}/results.csv` })).statusCode).toBe(404);
    expect((await app.inject({ url: `/kov/${A}/polls/${id}?lang=en` })).body).not.toContain('/results.pdf');

    // certify: signed-in members confirm the results digest
    const res = await withKey(keyARead, 'GET', `${base}/${id}/results`);
    const digest = res.json<{ digest: string }>().digest;
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect((await withKey(keyA, 'POST', `${base}/${id}/certify`, { digest })).statusCode).toBe(403);
    const stale = await as(member, 'POST', `${base}/${id}/certify`, { digest: 'f'.repeat(64) });
    expect(stale.statusCode).toBe(409);
    expect(fields(stale)).toEqual(['digest']);
    expect((await as(member, 'POST', `${base}/${id}/certify`, {})).statusCode).toBe(400);
    expect((await as(member, 'POST', `${base}/${id}/certify`, { digest })).json()).toMatchObject({ certifications: 1, needed: 2, status: 'published', digest });
    expect((await as(admin, 'POST', `${base}/${id}/certify`, { digest })).json()).toMatchObject({ certifications: 2, status: 'certified' });

    // results: Mari's last ballot (No; Benches) and Olev's (No; Benches, Trees)
    const final = await withKey(keyARead, 'GET', `${base}/${id}/results`);
    expect(final.statusCode).toBe(200);
    const j = final.json<{ status: string; rollSize: number; turnout: number; questions: { options: { count: number }[] }[]; signatures: { name: string; digest: string }[]; board: string }>();
    expect(j).toMatchObject({ status: 'certified', rollSize: 2, turnout: 2, board: `/api/v1/boards/${poll.voteId}` });
    expect(j.questions.map((q) => q.options.map((o) => o.count))).toEqual([
      [0, 2],
      [2, 1, 0],
    ]);
    expect(j.signatures.map((s) => [s.name, s.digest])).toEqual([
      ['Kati Komisjon', digest],
      ['Jaan Tamm', digest],
    ]);
    const csv = await withKey(keyARead, 'GET', `${base}/${id}/results.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rows[0]).toBe('question_id,question,option_id,option,votes');
    expect(rows).toContain('q1,A new square? (et),o2,No (et),2');
    expect(rows).toContain('q2,What to add? (et),o2,Trees (et),1');
    expect(rows).toContain(',turnout,,,2');

    // the public page links the protocol PDF, which anyone may download now
    const page = await app.inject({ url: `/kov/${A}/polls/${id}?lang=en` });
    expect(page.body).toContain(`href="/kov/${A}/polls/${id}/results.pdf"`);
    expect(page.body).toContain('Results protocol (PDF');
    const pdf = await app.inject({ url: `/kov/${A}/polls/${id}/results.pdf?lang=en` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="poll-${id}-results.pdf"`);
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.rawPayload.length).toBeGreaterThan(5000);
    expect((await withKey(keyARead, 'GET', `${base}/${id}`)).json()).toMatchObject({ status: 'certified', links: { publicResultsPdf: `/kov/${A}/polls/${id}/results.pdf` } });

    // every official write is in the audit log, by whom it was done, and the chain holds
    const poll2 = await asOwner(db, (t) =>
      t.query<{ action: string; actor_kind: string }>('SELECT action, actor_kind FROM core_audit WHERE target_id IN ($1, $2) ORDER BY seq', [id, poll.voteId]),
    );
    expect(poll2.map((a) => a.action)).toEqual([
      'voting.vote.create',
      'polls.poll.create',
      'voting.roll.set',
      'voting.key.deal',
      'voting.vote.open',
      'polls.poll.publish',
      'polls.share.pickup',
      'polls.share.pickup',
      'polls.share.pickup',
      'voting.vote.close',
      'polls.poll.close',
      'voting.tally.decrypt',
      'polls.poll.share',
      'voting.tally.decrypt',
      'polls.poll.share',
      'voting.board.publish',
      'voting.result.certify',
      'voting.result.certify',
    ]);
    expect(poll2[0]!.actor_kind).toBe('apikey');
    expect(poll2[5]!.actor_kind).toBe('person');
    expect((await verifyAudit(db, A)).every((c) => c.ok)).toBe(true);
  });

  it('checks a create body with the form’s rules and names each field by its JSON path; nothing is stored', async () => {
    const before = await pollCount(A);
    const bad = await withKey(
      keyA,
      'POST',
      `/api/v1/kov/${A}/polls`,
      pollBody({
        title: { et: 'Pealkiri', en: 'Title', ru: '  ' },
        questions: [
          { text: T('Only one option?'), rule: { kind: 'one' }, options: [{ text: T('Yes') }] },
          { text: T('Pick'), rule: { kind: 'upTo', max: 5 }, options: [{ text: T('A') }, { text: { et: 'B', en: '', ru: 'B' } }, { text: T('C') }] },
          { text: T('Spend'), rule: { kind: 'budget', budget: 100 }, options: [{ text: T('X'), cost: 40 }, { text: T('Y') }] },
        ],
        closesAt: new Date(nowMs() - 7_200_000).toISOString(),
        eligibility: { minAge: 16, on: null, residentSince: '2020-02-30' },
        threshold: 4,
        members: 3,
      }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(fields(bad)).toEqual([
      'title.ru',
      'questions.0.options',
      'questions.1.options.1.text.en',
      'questions.1.rule.max',
      'questions.2.options.1.cost',
      'closesAt',
      'eligibility.on',
      'eligibility.residentSince',
      'threshold',
    ]);
    // reasons are the form's messages, in the caller's language
    const en = await withKey(keyA, 'POST', `/api/v1/kov/${A}/polls?lang=en`, pollBody({ members: 51, threshold: 1 }));
    expect(en.json().errors).toEqual([{ field: 'members', reason: 'Committee members (n): there must be 1–50 members.' }]);
    // the committee: each code checked and named by its place; as many codes as members
    const committee = await withKey(keyA, 'POST', `/api/v1/kov/${A}/polls?lang=en`, pollBody({ committee: [MEMBER, '38001085710', MEMBER] }));
    expect(committee.json().errors).toEqual([
      { field: 'committee.1', reason: 'Line 2: this is not a valid personal ID code.' },
      { field: 'committee.2', reason: 'Line 3: this personal ID code is already on the list.' },
    ]);
    expect(fields(await withKey(keyA, 'POST', `/api/v1/kov/${A}/polls`, pollBody({ committee: [MEMBER, MEMBER2] })))).toEqual(['committee']);
    expect(fields(await withKey(keyA, 'POST', `/api/v1/kov/${A}/polls`, pollBody({ committee: undefined })))).toEqual(['committee']);
    expect(await pollCount(A)).toBe(before); // nothing stored so far
    // n may be left out: it is the number of codes
    const noN = await withKey(keyA, 'POST', `/api/v1/kov/${A}/polls`, pollBody({ members: undefined, committee: [MEMBER, MEMBER2] }));
    expect(noN.statusCode, noN.body).toBe(201);
    expect(noN.json()).toMatchObject({ members: 2, threshold: 2 });
    const createdBefore = await pollCount(A);

    // the same rules as the form: the form names the same problems by its own fields
    const form = parsePollForm({
      title_et: 'Pealkiri',
      title_en: 'Title',
      title_ru: '',
      q0_text_et: 'K',
      q0_text_en: 'Q',
      q0_text_ru: 'В',
      q0_options_et: 'Jah',
      q0_options_en: 'Yes',
      q0_options_ru: 'Да',
      q0_rule: 'one',
      opensAt: dateToTallinnLocal(now()),
      closesAt: dateToTallinnLocal(new Date(nowMs() - 7_200_000)),
      minAge: '16',
      committee: [MEMBER, MEMBER2, MEMBER3].join('\n'),
      threshold: '4',
    });
    expect(form.errors.map((e) => [e.field, e.reason])).toEqual([
      ['title_ru', 'polls.field.required'],
      ['q0_options_et', 'polls.field.optionCount'],
      ['closesAt', 'polls.field.closesAfter'],
      ['on', 'polls.field.onNeeded'],
      ['threshold', 'polls.field.threshold'],
    ]);

    // more questions than the form has slots
    const four = pollBody();
    four.questions = [...four.questions, ...four.questions];
    expect(fields(await withKey(keyA, 'POST', `/api/v1/kov/${A}/polls`, four))).toEqual(['questions']);
    expect(await pollCount(A)).toBe(createdBefore);
    // the shape: a missing field, a window without its offset, an unknown rule
    expect(fields(await withKey(keyA, 'POST', `/api/v1/kov/${A}/polls`, { ...pollBody(), questions: undefined }))).toEqual(['questions']);
    expect(fields(await withKey(keyA, 'POST', `/api/v1/kov/${A}/polls`, pollBody({ opensAt: '2026-11-23T10:00' })))).toEqual(['opensAt']);
    const rule = pollBody();
    rule.questions[0]!.rule = { kind: 'many' };
    expect((await withKey(keyA, 'POST', `/api/v1/kov/${A}/polls`, rule)).statusCode).toBe(400);
    // the register: units and extra lists that do not exist
    const unknown = await withKey(keyA, 'POST', `/api/v1/kov/${A}/polls`, pollBody({ eligibility: { units: ['9999'], extraLists: ['Nobody'] } }));
    expect(unknown.statusCode).toBe(400);
    expect(fields(unknown)).toEqual(['eligibility.units', 'eligibility.extraLists']);
    expect(await pollCount(A)).toBe(createdBefore);

    // an empty roll is refused at publish (400), and the poll stays a draft
    const nobody = await as(admin, 'POST', `/api/v1/kov/${A}/polls`, pollBody({ eligibility: { units: ['0298'], minAge: 100, on: today() } }));
    expect(nobody.statusCode).toBe(201);
    const empty = await as(admin, 'POST', `/api/v1/kov/${A}/polls/${nobody.json<{ id: string }>().id}/publish`, { confirm: true });
    expect(empty.statusCode).toBe(400);
    expect(fields(empty)).toEqual(['roll']);
    expect((await as(admin, 'GET', `/api/v1/kov/${A}/polls/${nobody.json<{ id: string }>().id}`)).json()).toMatchObject({ status: 'draft' });
  });

  it('enters paper ballots (committee, KOV admin or a write key) for people on the roll: one replaces her e-ballot, is audited without its content, and counts', async () => {
    const base = `/api/v1/kov/${A}/polls`;
    const { id, voteId } = (await withKey(keyA, 'POST', base, pollBody())).json<{ id: string; voteId: string }>();
    const url = `${base}/${id}/paper-ballots`;
    const cast = (who: Who, choices: string[][]) => as(who, 'POST', `/api/v1/votes/${voteId}/ballots`, { choices });
    // not before the poll is published (the vote is not open)
    expect((await as(member, 'POST', url, { idcode: OLD, choices: [['o1'], []] })).statusCode).toBe(409);
    expect((await as(admin, 'POST', `${base}/${id}/publish`, { confirm: true })).statusCode).toBe(201);
    const shares = [await pickUp(member, id), await pickUp(member2, id)];

    // Mari casts electronically; then a committee member enters her paper ballot, which takes its place
    expect((await cast(mari, [['o1'], ['o1']])).statusCode).toBe(201);
    const paper = await as(member, 'POST', url, { idcode: ` ${MARI.idcode} `, choices: [['o2'], ['o2', 'o3']] });
    expect(paper.statusCode, paper.body).toBe(201);
    expect(Object.keys(paper.json())).toEqual(['tracker']);
    expect(paper.json<{ tracker: string }>().tracker).toMatch(/^[0-9a-f]{64}$/);
    expect((await cast(mari, [['o1'], []])).statusCode).toBe(409); // no e-cast after a paper ballot
    expect((await as(admin, 'POST', url, { idcode: MARI.idcode, choices: [['o1'], []] })).statusCode).toBe(409); // one paper ballot a person
    // bad input names the field; someone not on the roll is refused; a read-only key may not write
    const badCode = await as(member, 'POST', url, { idcode: '38001085710', choices: [['o1'], []] });
    expect(badCode.statusCode).toBe(400);
    expect(fields(badCode)).toEqual(['idcode']);
    const badChoice = await as(member, 'POST', url, { idcode: OLD, choices: [['o1'], ['o1', 'o2', 'o3']] });
    expect(badChoice.statusCode).toBe(400);
    expect(fields(badChoice)).toEqual(['choices.1']);
    expect((await as(member, 'POST', url, { idcode: OLD, choices: 'o1' })).statusCode).toBe(400);
    expect((await as(member, 'POST', url, { idcode: LIIS.idcode, choices: [['o1'], []] })).statusCode).toBe(403);
    expect((await withKey(keyARead, 'POST', url, { idcode: OLD, choices: [['o1'], []] })).statusCode).toBe(403);
    // a KOV system with a write key enters Olev's
    expect((await withKey(keyA, 'POST', url, { idcode: OLD, choices: [['o1'], []] })).statusCode).toBe(201);

    expect((await withKey(keyA, 'POST', `${base}/${id}/close`, { confirm: true, reason: 'test' })).json()).toMatchObject({ status: 'closed', turnout: 2 });
    expect((await as(member, 'POST', url, { idcode: OLD, choices: [['o2'], []] })).statusCode).toBe(409); // closed
    await as(member, 'POST', `${base}/${id}/shares`, { member: 1, share: shares[0] });
    expect((await as(admin, 'POST', `${base}/${id}/shares`, { member: 2, share: shares[1] })).json()).toMatchObject({ published: true });
    const res = (await withKey(keyARead, 'GET', `${base}/${id}/results`)).json<{ questions: { options: { count: number }[] }[] }>();
    expect(res.questions.map((q) => q.options.map((o) => o.count))).toEqual([
      [1, 1],
      [0, 1, 1],
    ]);
    // on the board as paper entries
    const board = (await app.inject({ url: `/api/v1/boards/${voteId}` })).json<{ entries: { kind: string; tracker: string }[] }>();
    expect(board.entries.map((e) => e.kind).sort()).toEqual(['paper', 'paper']);
    expect(board.entries.map((e) => e.tracker)).toContain(paper.json<{ tracker: string }>().tracker);

    // the audit log says who entered each, never what it holds or whose it is in full
    const audits = await asOwner(db, (t) =>
      t.query<{ actor_kind: string; actor_name: string; after: Record<string, unknown> }>(
        `SELECT actor_kind, actor_name, after FROM core_audit WHERE action = 'voting.ballot.paper' AND target_id = $1 ORDER BY seq`,
        [voteId],
      ),
    );
    expect(audits.map((a) => [a.actor_kind, a.actor_name])).toEqual([
      ['person', 'Kati Komisjon'],
      ['apikey', 'API key Tallinn DHS'],
    ]);
    for (const a of audits) {
      expect(Object.keys(a.after)).toEqual(['voter']);
      expect(JSON.stringify(a.after)).not.toMatch(/o1|o2|o3|\d{11}/);
    }
    expect((await verifyAudit(db, A)).every((c) => c.ok)).toBe(true);
  });

  it('refuses another KOV’s API key and official, a resident, a read-only key on writes, and callers without credentials', async () => {
    const { id } = (await withKey(keyA, 'POST', `/api/v1/kov/${A}/polls`, pollBody())).json<{ id: string }>();
    const base = `/api/v1/kov/${A}/polls`;
    const calls: [string, string, unknown][] = [
      ['GET', base, undefined],
      ['POST', base, pollBody()],
      ['GET', `${base}/${id}`, undefined],
      ['PUT', `${base}/${id}`, pollBody()],
      ['DELETE', `${base}/${id}`, undefined],
      ['POST', `${base}/${id}/eligible-count`, {}],
      ['POST', `${base}/${id}/publish`, {}],
      ['POST', `${base}/${id}/close`, {}],
      ['GET', `${base}/${id}/committee`, undefined],
      ['POST', `${base}/${id}/shares`, { member: 1, share: '0'.repeat(64) }],
      ['POST', `${base}/${id}/certify`, { digest: '0'.repeat(64) }],
      ['GET', `${base}/${id}/results`, undefined],
      ['GET', `${base}/${id}/results.csv`, undefined],
      ['GET', `${base}/${id}/results.pdf`, undefined],
      ['POST', `${base}/${id}/paper-ballots`, { idcode: MARI.idcode, choices: [['o1'], []] }],
    ];
    // every route of the polls API is in this table
    const routes = listRoutes(app).filter((r) => r.url.startsWith('/api/v1/kov/:kov/polls')).map((r) => `${r.method} ${r.url}`);
    expect(routes.sort()).toEqual(calls.map(([m, u]) => `${m} ${u.replace(`/kov/${A}/`, '/kov/:kov/').replace(id, ':id')}`).sort());

    const before = await asOwner(db, (t) => t.query<{ j: string }>(`SELECT to_jsonb(x)::text AS j FROM polls_poll x WHERE kov_code = $1 ORDER BY id`, [A]));
    for (const [method, url, payload] of calls) {
      expect((await withKey(keyB, method, url, payload)).statusCode, `key of B: ${method} ${url}`).toBe(403);
      expect((await as(toomas, method, url, payload)).statusCode, `admin of B: ${method} ${url}`).toBe(403);
      expect((await as(mari, method, url, payload)).statusCode, `resident: ${method} ${url}`).toBe(403);
      // without credentials: 401 (a POST without a session is refused by the CSRF check first: 403)
      expect((await app.inject({ method: method as 'GET', url, payload: payload as object })).statusCode, `anonymous: ${method} ${url}`).toBe(method === 'GET' ? 401 : 403);
      const readOnly = (await withKey(keyARead, method, url, payload)).statusCode;
      const expected = url.includes('/results') ? 409 /* a draft has no results yet */ : method === 'GET' || url.endsWith('/eligible-count') ? 200 : 403;
      expect(readOnly, `read key: ${method} ${url}`).toBe(expected);
    }
    const after = await asOwner(db, (t) => t.query<{ j: string }>(`SELECT to_jsonb(x)::text AS j FROM polls_poll x WHERE kov_code = $1 ORDER BY id`, [A]));
    expect(after).toEqual(before);
    // A's poll is not found through B's URLs by B's own admin
    expect((await as(toomas, 'GET', `/api/v1/kov/${B}/polls/${id}`)).statusCode).toBe(404);
    // no CSRF header with a session: refused
    expect((await admin.agent.req({ method: 'POST', url: `${base}/${id}/close`, payload: {} })).statusCode).toBe(403);
  });

  it('documents every route in the OpenAPI document under the polls tag', async () => {
    const doc = (await app.inject('/api/openapi.json')).json<{ paths: Record<string, Record<string, { tags: string[]; security: unknown; requestBody?: unknown }>> }>();
    const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/kov/{kov}/polls'));
    expect(paths.sort()).toEqual(
      [
        '/api/v1/kov/{kov}/polls',
        '/api/v1/kov/{kov}/polls/{id}',
        '/api/v1/kov/{kov}/polls/{id}/eligible-count',
        '/api/v1/kov/{kov}/polls/{id}/publish',
        '/api/v1/kov/{kov}/polls/{id}/close',
        '/api/v1/kov/{kov}/polls/{id}/committee',
        '/api/v1/kov/{kov}/polls/{id}/shares',
        '/api/v1/kov/{kov}/polls/{id}/certify',
        '/api/v1/kov/{kov}/polls/{id}/results',
        '/api/v1/kov/{kov}/polls/{id}/results.csv',
        '/api/v1/kov/{kov}/polls/{id}/results.pdf',
        '/api/v1/kov/{kov}/polls/{id}/paper-ballots',
      ].sort(),
    );
    for (const p of paths) {
      for (const op of Object.values(doc.paths[p]!)) {
        expect(op.tags).toEqual(['polls']);
        expect(op.security).toEqual([{ apiKey: [] }]);
      }
    }
    expect(doc.paths['/api/v1/kov/{kov}/polls']!.post!.requestBody).toBeTruthy();
  });
});
