// The polls pages through the real plugins (sessions, CSRF, forms, flash) on a real database
// (PGlite, and PostgreSQL when TEST_DATABASE_URL is set): create + preview + publish, residents
// vote and re-vote, refusals (not on the roll, outside the window, bad ballots), each committee
// member's one-time pick-up of her own key share, the confirmations before publishing and closing
// (and the early close's reason), close → shares → board → certify, results page and exports, the
// tracker check, and cross-KOV refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../kernel/db.js';
import { Agent, csrfFrom, csrfTokenOf, engine, loginAs, asOwner } from '../../../test/helpers.js';
import { A, B, JAAN, LIIS, MARI, MEMBER, MEMBER2, MEMBER3, OLD, TOOMAS, pollsWorld } from './fixtures.js';
import { dateToTallinnLocal, parsePollForm, tallinnLocalToDate } from './form.js';
import { dateInTallinn, nowMs } from '../../kernel/clock.js';


let db: Db;
let app: FastifyInstance;
let admin: Agent;
let member: Agent;
let member2: Agent;
let member3: Agent;
let mari: Agent;
let old: Agent;
let liis: Agent;
let pollId = '';
let shares: string[] = [];
let firstTracker = '';
let lastTracker = '';

async function post(agent: Agent, url: string, pairs: [string, string][], tokenFrom?: string) {
  const token = tokenFrom ? csrfFrom((await agent.get(tokenFrom)).body) : await csrfTokenOf(agent);
  const body = new URLSearchParams([['_csrf', token], ...pairs]).toString();
  return agent.req({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

function pollForm(over: Record<string, string> = {}): [string, string][] {
  const now = nowMs();
  const base: Record<string, string> = {
    title_et: 'Pargi küsitlus',
    title_en: 'Park poll',
    title_ru: 'Опрос о парке',
    description_et: 'Kirjeldus',
    description_en: 'Description',
    description_ru: 'Описание',
    q0_text_et: 'Kas pargi uus plats?',
    q0_text_en: 'A new square in the park?',
    q0_text_ru: 'Новая площадь в парке?',
    q0_options_et: 'Jah\nEi',
    q0_options_en: 'Yes\nNo',
    q0_options_ru: 'Да\nНет',
    q0_rule: 'one',
    q1_text_et: 'Mida parki lisada?',
    q1_text_en: 'What to add to the park?',
    q1_text_ru: 'Что добавить в парк?',
    q1_options_et: 'Pingid\nPuud\nLambid',
    q1_options_en: 'Benches\nTrees\nLamps',
    q1_options_ru: 'Скамейки\nДеревья\nФонари',
    q1_rule: 'upTo',
    q1_max: '2',
    minAge: '16',
    on: dateInTallinn(now),
    opensAt: dateToTallinnLocal(new Date(now - 60_000)), // within the start grace (5 minutes)
    closesAt: dateToTallinnLocal(new Date(now + 86_400_000)),
    revote: 'yes',
    committee: [MEMBER, MEMBER2, MEMBER3].join('\n'),
    threshold: '2',
  };
  return Object.entries({ ...base, ...over });
}

beforeAll(async () => {
  ({ db, app } = await pollsWorld());
  admin = new Agent(app);
  await loginAs(admin, db, JAAN.idcode, { givenName: 'Jaan', familyName: 'Tamm' });
  member = new Agent(app);
  await loginAs(member, db, MEMBER, { givenName: 'Kati', familyName: 'Komisjon' });
  member2 = new Agent(app);
  await loginAs(member2, db, MEMBER2, { givenName: 'Kaja', familyName: 'Kaks' });
  member3 = new Agent(app);
  await loginAs(member3, db, MEMBER3, { givenName: 'Kolm', familyName: 'Kolmas' });
  mari = new Agent(app);
  await loginAs(mari, db, MARI.idcode, { givenName: 'Mari', familyName: 'Maasikas' });
  old = new Agent(app);
  await loginAs(old, db, OLD, { givenName: 'Olev', familyName: 'Vana' });
  liis = new Agent(app);
  await loginAs(liis, db, LIIS.idcode, { givenName: 'Liis', familyName: 'Lepp' });
  for (const a of [admin, member, member2, member3, mari, old, liis]) await a.get('/?lang=en');
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('poll form parsing (pure)', () => {
  it('reads datetime-local as Tallinn wall time, in winter and in summer', () => {
    expect(tallinnLocalToDate('2026-01-15T10:00')!.toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(tallinnLocalToDate('2026-07-15T10:00')!.toISOString()).toBe('2026-07-15T07:00:00.000Z');
    expect(dateToTallinnLocal(new Date('2026-07-15T07:00:00Z'))).toBe('2026-07-15T10:00');
    expect(tallinnLocalToDate('2026-02-30T10:00')).toBeNull();
    expect(tallinnLocalToDate('yesterday')).toBeNull();
  });

  it('names every bad field', () => {
    const body = Object.fromEntries(pollForm({ title_ru: '', q0_options_en: 'Yes', q1_max: '5', threshold: '4', closesAt: '2000-01-01T00:00' }));
    const { input, errors } = parsePollForm(body);
    expect(input).toBeNull();
    expect(errors.map((e) => e.field).sort()).toEqual(['closesAt', 'q0_options_en', 'q1_max', 'threshold', 'title_ru']);
  });
});

describe(`poll pages (${engine})`, () => {
  it('admin creates a poll: bad input re-renders with the error summary, good input makes a draft', async () => {
    const form = await admin.get(`/kov/${A}/polls/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body.match(/<h1[ >]/g)).toHaveLength(1);
    expect(form.body).toContain('<legend>Question 1</legend>');
    expect(form.body).toContain('type="datetime-local"');

    const bad = await post(admin, `/kov/${A}/polls`, pollForm({ title_en: '', q0_options_ru: 'Да' }), `/kov/${A}/polls/new`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('class="error-summary"');
    expect(bad.body).toContain('href="#f-title_en"');
    expect(bad.body).toContain('Question 1, options (Russian): every language needs 2 options.');
    expect(bad.body).toContain('Title (English): enter the text.');
    expect(bad.body).toContain('value="Park poll"'.replace('Park poll', 'Pargi küsitlus')); // values kept

    const unknownUnit = await post(admin, `/kov/${A}/polls`, pollForm({ units: '9999' }), `/kov/${A}/polls/new`);
    expect(unknownUnit.statusCode).toBe(400);

    const ok = await post(admin, `/kov/${A}/polls`, pollForm(), `/kov/${A}/polls/new`);
    expect(ok.statusCode).toBe(303);
    const m = /\/kov\/0784\/polls\/([0-9a-f-]{36})\/manage/.exec(ok.headers.location as string);
    expect(m).not.toBeNull();
    pollId = m![1]!;
    const audit = await asOwner(db, (t) => t.query<{ action: string }>(`SELECT action FROM core_audit WHERE kov_code = $1 AND action LIKE 'polls.%'`, [A]));
    expect(audit.map((x) => x.action)).toContain('polls.poll.create');
  });

  it('the manage page previews the eligible count, total and by settlement unit; a draft is not public', async () => {
    const page = await admin.get(`/kov/${A}/polls/${pollId}/manage`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('2 people may vote at the moment.');
    expect(page.body).toMatch(/\(0387\)<\/td><td class="num"[^>]*>1</);
    expect(page.body).toMatch(/\(0298\)<\/td><td class="num"[^>]*>1</);
    expect(page.body).not.toContain('(0176)'); // the under-16 resident's unit has nobody eligible
    expect((await new Agent(app).get(`/kov/${A}/polls/${pollId}`)).statusCode).toBe(404);
    expect((await mari.get(`/kov/${A}/polls/${pollId}/ballot`)).statusCode).toBe(404);
  });

  it('the committee field names each bad line and keeps what was typed', async () => {
    const bad = await post(admin, `/kov/${A}/polls`, pollForm({ committee: `${MEMBER}\n12345678901\n${MEMBER}` }), `/kov/${A}/polls/new`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#f-committee"');
    expect(bad.body).toContain('Line 2: this is not a valid personal ID code.');
    expect(bad.body).toContain('12345678901'); // kept in the field
    const short = await post(admin, `/kov/${A}/polls`, pollForm({ committee: MEMBER, threshold: '2' }), `/kov/${A}/polls/new`);
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('href="#f-threshold"');
  });

  it('publishing asks first: a summary, and only the confirming POST freezes the roll and deals the key', async () => {
    const manage = `/kov/${A}/polls/${pollId}/manage`;
    const ask = await post(admin, `/kov/${A}/polls/${pollId}/publish`, [], manage);
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('Publish the poll?');
    expect(ask.body).toContain('freeze the roll: 2 people');
    expect(ask.body).toContain('deal the election key in 3 shares, 2 of which open the result');
    expect(ask.body).toContain('name="confirm" value="yes"');
    expect(ask.body).toContain(`•••••••${MEMBER2.slice(-4)}`);
    expect(ask.body).not.toContain(MEMBER2); // only the last four digits
    expect((await admin.get(manage)).body).toContain('Draft'); // nothing happened
    expect((await asOwner(db, (t) => t.query('SELECT 1 FROM voting_committee WHERE owner_id = $1 AND share_sealed IS NOT NULL', [pollId])))).toHaveLength(0);

    const res = await post(admin, `/kov/${A}/polls/${pollId}/publish`, [['confirm', 'yes']], manage);
    expect(res.statusCode).toBe(303);
    const page = await admin.get(manage);
    expect(page.body).toContain('The poll is published. Each committee member can now pick up her key share.');
    expect(page.body).toContain('Open for voting');
    expect(page.body).toContain('Not yet picked up their key share: Member 1, Member 2, Member 3.');
    expect(page.body).not.toMatch(/[0-9a-f]{64}/); // the publisher sees no share
    const again = await post(admin, `/kov/${A}/polls/${pollId}/publish`, [['confirm', 'yes']], manage);
    expect(again.statusCode).toBe(409);
    expect((await post(admin, `/kov/${A}/polls/${pollId}/publish`, [], manage)).statusCode).toBe(409);
    const pub = await new Agent(app).get(`/kov/${A}/polls/${pollId}?lang=en`);
    expect(pub.statusCode).toBe(200);
    expect(pub.body).toContain('aged 16 or more on');
    expect(pub.body).toContain('The result is opened and certified by 2 of 3 committee members.');
  });

  it('each member picks up her own share once; nobody else sees it; the admin sees who has not', async () => {
    const url = `/kov/${A}/polls/${pollId}/share`;
    // the publisher (not a member), a resident, a visitor: no share page at all
    expect((await admin.get(url)).statusCode).toBe(404);
    expect((await liis.get(url)).statusCode).toBe(404);
    expect((await new Agent(app).get(url)).statusCode).toBe(401);
    expect((await post(admin, url, [], `/kov/${A}/polls/${pollId}/manage`)).statusCode).toBe(404);

    // she finds it on "My polls"
    const mine = await member.get('/polls');
    expect(mine.body).toContain('Committees you sit on');
    expect(mine.body).toContain(`href="${url}"`);
    const before = await member.get(url);
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain('You are member 1 of the election committee');
    expect(before.body).toContain('Pick up my key share');
    expect(before.body).not.toMatch(/[0-9a-f]{64}/);

    const got = await post(member, url, [], url);
    expect(got.statusCode).toBe(200);
    expect(got.headers['cache-control']).toContain('no-store');
    const s1 = /id="my-share"[^>]*>([0-9a-f]{64})</.exec(got.body)![1]!;
    // the download (a text file with the explanation) and the printable page's explanation
    const href = /href="(data:text\/plain;charset=utf-8,[^"]+)" download="([^"]+)"/.exec(got.body)!;
    const file = decodeURIComponent(href[1]!.replace(/^data:text\/plain;charset=utf-8,/, '').replace(/&amp;/g, '&'));
    expect(file).toContain(`Key share: ${s1}`);
    expect(file).toContain('Member 1 (2 of 3 shares open the result)');
    expect(file).toContain('When the vote is closed, sign in again');
    expect(href[2]).toMatch(/^vallamaja-key-share-[0-9a-f]{8}-1\.txt$/);
    expect(got.body).toContain('print this page');

    // once: the second time says it was picked up, and holds no share
    const second = await post(member, url, [], url);
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('You have already picked up your key share.');
    expect(second.body).not.toContain(s1);
    const later = await member.get(url);
    expect(later.body).toContain('You have already picked up your key share.');
    expect(later.body).not.toContain(s1);

    // the admin sees who has not picked up
    const manage = await admin.get(`/kov/${A}/polls/${pollId}/manage`);
    expect(manage.body).toContain('Not yet picked up their key share: Member 2, Member 3.');
    expect(manage.body).not.toContain(s1);

    // another member gets her own, never member 1's
    const got2 = await post(member2, url, [], url);
    expect(got2.body).toContain('You are member 2 of the election committee');
    const s2 = /id="my-share"[^>]*>([0-9a-f]{64})</.exec(got2.body)![1]!;
    expect(s2).not.toBe(s1);
    expect(got2.body).not.toContain(s1);
    const got3 = await post(member3, url, [], url);
    const s3 = /id="my-share"[^>]*>([0-9a-f]{64})</.exec(got3.body)![1]!;
    shares = [s1, s2, s3];
    expect((await admin.get(`/kov/${A}/polls/${pollId}/manage`)).body).toContain('Every member has picked up her key share.');
    const audit = await asOwner(db, (t) => t.query<{ actor_name: string; after: { member: number } }>(`SELECT actor_name, after FROM core_audit WHERE action = 'polls.share.pickup' AND target_id = $1 ORDER BY seq`, [pollId]));
    expect(audit).toEqual([
      { actor_name: 'Kati Komisjon', after: { member: 1 } },
      { actor_name: 'Kaja Kaks', after: { member: 2 } },
      { actor_name: 'Kolm Kolmas', after: { member: 3 } },
    ]);
  });

  it('a resident sees the poll on /polls and on the KOV list, votes, and gets her tracker', async () => {
    const mine = await mari.get('/polls');
    expect(mine.body).toContain(`/kov/${A}/polls/${pollId}`);
    expect(mine.body).toContain('Not voted');
    const list = await mari.get(`/kov/${A}/polls`);
    expect(list.body).toContain(`/kov/${A}/polls/${pollId}/ballot`);

    const ballot = await mari.get(`/kov/${A}/polls/${pollId}/ballot`);
    expect(ballot.statusCode).toBe(200);
    expect(ballot.body).toContain('type="radio" id="f-q0" name="q0" value="o1"');
    expect(ballot.body).toContain('type="checkbox" id="f-q1" name="q1" value="o1"');
    expect(ballot.body).toContain('<legend>A new square in the park?</legend>');
    expect(ballot.body).not.toContain('You have already voted');

    const r = await post(mari, `/kov/${A}/polls/${pollId}/ballot`, [['q0', 'o1'], ['q1', 'o2']], `/kov/${A}/polls/${pollId}/ballot`);
    // Post/Redirect/Get: 303 to the receipt page, whose URL does not carry the tracker
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`/kov/${A}/polls/${pollId}/receipt`);
    expect(r.body).not.toMatch(/[0-9a-f]{64}/);
    const cookie = ([] as string[]).concat(r.headers['set-cookie'] ?? []).find((c) => c.startsWith('vm_receipt='))!;
    expect(cookie).toContain(`Path=/kov/${A}/polls/${pollId}/receipt`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Max-Age=1800/);
    const receipt = await mari.get(`/kov/${A}/polls/${pollId}/receipt`);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.headers['cache-control']).toBe('no-store');
    expect(receipt.body).toContain('Your vote has been received');
    expect(receipt.body).not.toContain('Your previous vote was replaced');
    firstTracker = /id="tracker">([0-9a-f]{64})</.exec(receipt.body)![1]!;
  });

  it('reloading the receipt shows the same receipt and never casts again; other sessions and visitors do not see it', async () => {
    const casts = () =>
      asOwner(db, async (t) => ({
        core: (await t.one<{ n: number }>('SELECT sum(casts)::int AS n FROM voting_participation WHERE kov_code = $1', [A]))!.n,
        ballots: (await t.one<{ n: number }>('SELECT sum(n)::int AS n FROM voting_ballot WHERE kov_code = $1', [A]))!.n,
      }));
    const before = await casts();
    for (let i = 0; i < 3; i++) {
      const again = await mari.get(`/kov/${A}/polls/${pollId}/receipt`);
      expect(again.statusCode).toBe(200);
      expect(/id="tracker">([0-9a-f]{64})</.exec(again.body)![1]).toBe(firstTracker);
    }
    expect(await casts()).toEqual(before);
    // the receipt cookie is HttpOnly, signed and scoped to the receipt page; the tracker is not in any URL
    const setCookie = ([] as string[]).concat((await post(mari, `/kov/${A}/polls/${pollId}/ballot`, [['q1', 'o1']], `/kov/${A}/polls/${pollId}/ballot`)).headers['set-cookie'] ?? []);
    expect(setCookie.some((c) => c.startsWith('vm_receipt='))).toBe(false); // a refused ballot sets no receipt
    // another person, the same person in another session (her cookie copied), and a visitor
    const gone = await liis.get(`/kov/${A}/polls/${pollId}/receipt`);
    expect(gone.statusCode).toBe(200);
    expect(gone.body).toContain('The receipt can no longer be shown');
    expect(gone.body).toContain(`href="/kov/${A}/polls/${pollId}"`);
    expect(gone.body).not.toContain(firstTracker);
    const mari2 = new Agent(app);
    await loginAs(mari2, db, MARI.idcode, { givenName: 'Mari', familyName: 'Maasikas' });
    mari2.cookies.set('vm_receipt', mari.cookies.get('vm_receipt')!);
    const copied = await mari2.get(`/kov/${A}/polls/${pollId}/receipt?lang=en`);
    expect(copied.body).toContain('The receipt can no longer be shown');
    expect(copied.body).not.toContain(firstTracker);
    expect((await new Agent(app).get(`/kov/${A}/polls/${pollId}/receipt`)).statusCode).toBe(401);
    expect(await casts()).toEqual(before);
  });

  it('bad ballots (no choice, too many) re-render with errors and store nothing', async () => {
    const none = await post(mari, `/kov/${A}/polls/${pollId}/ballot`, [['q1', 'o1']], `/kov/${A}/polls/${pollId}/ballot`);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('class="error-summary"');
    expect(none.body).toContain('href="#f-q0"');
    expect(none.body).toContain('Choose at least one answer to question 1.');
    const many = await post(mari, `/kov/${A}/polls/${pollId}/ballot`, [['q0', 'o1'], ['q1', 'o1'], ['q1', 'o2'], ['q1', 'o3']], `/kov/${A}/polls/${pollId}/ballot`);
    expect(many.statusCode).toBe(400);
    expect(many.body).toContain('href="#f-q1"');
    expect(many.body).toContain('Too many choices (at most 2).');
    expect(many.body).toMatch(/id="f-q1-o3" name="q1" value="o3" checked/); // her choices are kept
    const two = await post(mari, `/kov/${A}/polls/${pollId}/ballot`, [['q0', 'o1'], ['q0', 'o2'], ['q1', 'o1']], `/kov/${A}/polls/${pollId}/ballot`);
    expect(two.statusCode).toBe(400);
    expect((await mari.get('/polls')).body).toContain('You have voted');
  });

  it('she changes her vote: the page says the earlier one was replaced, never how she voted', async () => {
    const ballot = await mari.get(`/kov/${A}/polls/${pollId}/ballot`);
    expect(ballot.body).toContain('You have already voted in this poll. A new ballot replaces the earlier one');
    expect(ballot.body).not.toMatch(/checked/);
    const r = await post(mari, `/kov/${A}/polls/${pollId}/ballot`, [['q0', 'o2'], ['q1', 'o1'], ['q1', 'o3']], `/kov/${A}/polls/${pollId}/ballot`);
    expect(r.statusCode).toBe(303);
    const receipt = await mari.get(r.headers.location as string);
    expect(receipt.body).toContain('Your previous vote was replaced by this one.');
    lastTracker = /id="tracker">([0-9a-f]{64})</.exec(receipt.body)![1]!;
    expect(lastTracker).not.toBe(firstTracker);

    const o = await post(old, `/kov/${A}/polls/${pollId}/ballot`, [['q0', 'o2'], ['q1', 'o1']], `/kov/${A}/polls/${pollId}/ballot`);
    expect(o.statusCode).toBe(303);
  });

  it('a resident who is not on the roll is refused with a clear message', async () => {
    const page = await liis.get(`/kov/${A}/polls/${pollId}/ballot`);
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('You are not on the roll of this poll, so you cannot vote in it.');
    const token = await csrfTokenOf(liis);
    const r = await liis.req({ method: 'POST', url: `/kov/${A}/polls/${pollId}/ballot`, form: { _csrf: token, q0: 'o1', q1: 'o1' } });
    expect(r.statusCode).toBe(403);
    expect((await liis.get('/polls')).body).toContain('You are not on the roll of any poll');
    expect((await new Agent(app).get(`/kov/${A}/polls/${pollId}/ballot`)).statusCode).toBe(401);
  });

  it('a vote outside the window is refused (a scheduled poll)', async () => {
    const now = nowMs();
    const created = await post(
      admin,
      `/kov/${A}/polls`,
      pollForm({ title_en: 'Later poll', opensAt: dateToTallinnLocal(new Date(now + 2 * 86_400_000)), closesAt: dateToTallinnLocal(new Date(now + 3 * 86_400_000)) }),
      `/kov/${A}/polls/new`,
    );
    const later = /polls\/([0-9a-f-]{36})\/manage/.exec(created.headers.location as string)![1]!;
    expect((await post(admin, `/kov/${A}/polls/${later}/publish`, [['confirm', 'yes']], `/kov/${A}/polls/${later}/manage`)).statusCode).toBe(303);
    const page = await mari.get(`/kov/${A}/polls/${later}`);
    expect(page.body).toContain('Scheduled');
    const ballot = await mari.get(`/kov/${A}/polls/${later}/ballot`);
    expect(ballot.statusCode).toBe(409);
    expect(ballot.body).toContain('You cannot vote in this poll now: Scheduled.');
    const token = await csrfTokenOf(mari);
    const r = await mari.req({ method: 'POST', url: `/kov/${A}/polls/${later}/ballot`, form: { _csrf: token, q0: 'o1', q1: 'o1' } });
    expect(r.statusCode).toBe(409);
  });

  it('a budget question shows costs and the budget, and refuses a ballot over the budget', async () => {
    const created = await post(
      admin,
      `/kov/${A}/polls`,
      pollForm({ title_en: 'Budget poll', q1_rule: 'budget', q1_budget: '1000', q1_costs: '600\n500\n300', q1_max: '' }),
      `/kov/${A}/polls/new`,
    );
    expect(created.statusCode).toBe(303);
    const id = /polls\/([0-9a-f-]{36})\/manage/.exec(created.headers.location as string)![1]!;
    expect((await post(admin, `/kov/${A}/polls/${id}/publish`, [['confirm', 'yes']], `/kov/${A}/polls/${id}/manage`)).statusCode).toBe(303);
    const ballot = await old.get(`/kov/${A}/polls/${id}/ballot`);
    expect(ballot.body).toContain('Choose so that the total cost is at most 1000 euros.');
    expect(ballot.body).toContain('Benches (600 euros)');
    const over = await post(old, `/kov/${A}/polls/${id}/ballot`, [['q0', 'o1'], ['q1', 'o1'], ['q1', 'o2']], `/kov/${A}/polls/${id}/ballot`);
    expect(over.statusCode).toBe(400);
    expect(over.body).toContain('href="#f-q1"');
    expect(over.body).toContain('The choices cost 1100 in total, over the budget of 1000.');
    const ok = await post(old, `/kov/${A}/polls/${id}/ballot`, [['q0', 'o1'], ['q1', 'o1'], ['q1', 'o3']], `/kov/${A}/polls/${id}/ballot`);
    expect(ok.statusCode).toBe(303);
    expect((await old.get(ok.headers.location as string)).body).toContain('id="tracker"');
  });

  it('the admin pages refuse other KOVs’ admins, residents and forged forms', async () => {
    const toomas = new Agent(app);
    await loginAs(toomas, db, TOOMAS.idcode, { givenName: 'Toomas', familyName: 'Saar' });
    for (const url of [`/kov/${A}/polls/new`, `/kov/${A}/polls/admin`, `/kov/${A}/polls/${pollId}/manage`]) {
      expect((await toomas.get(url)).statusCode, url).toBe(403);
      expect((await mari.get(url)).statusCode, url).toBe(403);
    }
    const token = await csrfTokenOf(toomas);
    for (const action of ['publish', 'close', 'certify', 'shares']) {
      const r = await toomas.req({ method: 'POST', url: `/kov/${A}/polls/${pollId}/${action}`, form: { _csrf: token, member: '1', 'share-1': shares[0]! } });
      expect(r.statusCode, action).toBe(403);
    }
    expect((await toomas.req({ method: 'POST', url: `/kov/${A}/polls`, form: { _csrf: token, ...Object.fromEntries(pollForm()) } })).statusCode).toBe(403);
    // its own KOV does not hold A's poll
    expect((await toomas.get(`/kov/${B}/polls/${pollId}/manage`)).statusCode).toBe(404);
    // a committee member may not publish or close (KOV admin only)
    const mt = await csrfTokenOf(member);
    expect((await member.req({ method: 'POST', url: `/kov/${A}/polls/${pollId}/close`, form: { _csrf: mt } })).statusCode).toBe(403);
    // no CSRF token: refused
    expect((await admin.req({ method: 'POST', url: `/kov/${A}/polls/${pollId}/close`, form: {} })).statusCode).toBe(403);
  });

  it('closing asks first, and before the planned end it needs a reason that goes into the audit log', async () => {
    const manage = `/kov/${A}/polls/${pollId}/manage`;
    const close = `/kov/${A}/polls/${pollId}/close`;
    const ask = await post(admin, close, [], manage);
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('Close the vote?');
    expect(ask.body).toContain('The voting period is not over yet');
    expect(ask.body).toContain('name="reason"');
    expect(ask.body).toContain('maxlength="500"');
    const noReason = await post(admin, close, [['confirm', 'yes'], ['reason', '  ']], manage);
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('href="#f-reason"');
    expect(noReason.body).toContain('Say why the vote is closed before its planned end.');
    const long = await post(admin, close, [['confirm', 'yes'], ['reason', 'x'.repeat(501)]], manage);
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('The reason is too long (up to 500 characters).');
    expect((await admin.get(manage)).body).toContain('Open for voting'); // nothing happened
    const closed = await post(admin, close, [['confirm', 'yes'], ['reason', 'Storm damage']], manage);
    expect(closed.statusCode).toBe(303);
    const audit = await asOwner(db, (t) => t.query<{ after: unknown }>(`SELECT after FROM core_audit WHERE action = 'polls.poll.close' AND target_id = $1`, [pollId]));
    expect(audit).toEqual([{ after: expect.objectContaining({ early: true, reason: 'Storm damage' }) }]);
    // closing again: refused, nothing to confirm
    expect((await post(admin, close, [], manage)).statusCode).toBe(409);
  });

  it('close → shares (a wrong one refused) → board published → certify by k members → results public', async () => {
    const manage = `/kov/${A}/polls/${pollId}/manage`;
    expect((await mari.get(`/kov/${A}/polls/${pollId}/ballot`)).statusCode).toBe(409);

    const page = await member.get(manage);
    expect(page.body).toContain('name="share-1"');
    expect(page.body).toContain('name="share-3"');
    const wrong = await post(member, `/kov/${A}/polls/${pollId}/shares`, [['member', '1'], ['share-1', shares[1]!]], manage);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('href="#f-share-1"');
    expect(wrong.body).toContain('does not match');

    expect((await post(member, `/kov/${A}/polls/${pollId}/shares`, [['member', '1'], ['share-1', shares[0]!]], manage)).statusCode).toBe(303);
    const after1 = await member.get(manage);
    expect(after1.body).toContain('Member 1: share entered.');
    expect(after1.body).not.toContain('name="share-1"');
    expect((await new Agent(app).get(`/kov/${A}/polls/${pollId}/board?lang=en`)).body).toContain('The board is published after the vote.');

    // a member named on the poll (no committee role) brings hers on the manage page too
    expect((await member3.get(manage)).statusCode).toBe(200);
    expect((await post(member3, `/kov/${A}/polls/${pollId}/shares`, [['member', '3'], ['share-3', shares[2]!]], manage)).statusCode).toBe(303);
    expect((await member3.get(manage)).body).toContain('The result has been computed and the public board published.');
    const published = await admin.get(manage);
    expect(published.body).toContain('Result published, awaiting certification');

    // not public before certification
    const before = await new Agent(app).get(`/kov/${A}/polls/${pollId}?lang=en`);
    expect(before.body).toContain('The results are published after the committee certifies them.');
    expect((await new Agent(app).get(`/kov/${A}/polls/${pollId}/results.csv`)).statusCode).toBe(404);

    // the certify form shows the results digest and posts it with the member's confirmation
    const digest = /id="result-digest">([0-9a-f]{64})</.exec(published.body)![1]!;
    expect(published.body).toContain(`name="digest" value="${digest}"`);
    expect(published.body).toContain(`vallamaja verify `);
    const unticked = await post(admin, `/kov/${A}/polls/${pollId}/certify`, [['digest', digest]], manage);
    expect(unticked.statusCode).toBe(400);
    expect(unticked.body).toContain('href="#f-confirm"');
    expect(unticked.body).toContain('Tick the box to confirm');
    const stale = await post(admin, `/kov/${A}/polls/${pollId}/certify`, [['digest', 'f'.repeat(64)], ['confirm', 'yes']], manage);
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('href="#f-confirm"');
    expect(stale.body).toContain('The digest you confirmed does not match the current result.');
    const signOffs = () => asOwner(db, (t) => t.query<{ result_digest: string }>('SELECT result_digest FROM voting_certification WHERE kov_code = $1', [A]));
    expect(await signOffs()).toEqual([]);

    expect((await post(admin, `/kov/${A}/polls/${pollId}/certify`, [['digest', digest], ['confirm', 'yes']], manage)).statusCode).toBe(303);
    const twice = await post(admin, `/kov/${A}/polls/${pollId}/certify`, [['digest', digest], ['confirm', 'yes']], manage);
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('You have already certified this result.');
    expect((await post(member, `/kov/${A}/polls/${pollId}/certify`, [['digest', digest], ['confirm', 'yes']], manage)).statusCode).toBe(303);
    expect(await signOffs()).toEqual([{ result_digest: digest }, { result_digest: digest }]);

    const pub = await new Agent(app).get(`/kov/${A}/polls/${pollId}?lang=en`);
    expect(pub.body).toContain('Result certified');
    expect(pub.body).toContain('2 on the roll, 2 voted (100 %).');
    // Q1: Mari's last ballot (No) and Olev's (No): her first ballot (Yes) does not count
    expect(pub.body).toMatch(/<th scope="row">Yes<\/th><td class="num">0</);
    expect(pub.body).toMatch(/<th scope="row">No<\/th><td class="num">2</);
    // Q2: Mari Benches + Lamps, Olev Benches
    expect(pub.body).toMatch(/<th scope="row">Benches<\/th><td class="num">2</);
    expect(pub.body).toMatch(/<th scope="row">Trees<\/th><td class="num">0</);
    expect(pub.body).toMatch(/<th scope="row">Lamps<\/th><td class="num">1</);
    expect(pub.body).toContain(`/kov/${A}/polls/${pollId}/board`);

    const csv = await new Agent(app).get(`/kov/${A}/polls/${pollId}/results.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rows[0]).toBe('question_id,question,option_id,option,votes');
    expect(rows).toContain('q1,Kas pargi uus plats?,o1,Jah,0');
    expect(rows).toContain('q1,Kas pargi uus plats?,o2,Ei,2');
    expect(rows).toContain('q2,Mida parki lisada?,o1,Pingid,2');
    expect(rows).toContain('q2,Mida parki lisada?,o3,Lambid,1');
    expect(rows).toContain(',turnout,,,2');

    const json = await new Agent(app).get(`/kov/${A}/polls/${pollId}/results.json`);
    expect(json.statusCode).toBe(200);
    const j = JSON.parse(json.body) as {
      status: string;
      turnout: number;
      rollSize: number;
      questions: { options: { count: number }[] }[];
      digest: string;
      signatures: { name: string; signedAt: string; signedAtLocal: string; digest: string }[];
      verify: string;
    };
    expect(j.status).toBe('certified');
    expect(j.digest).toBe(digest);
    expect(j.signatures.map((x) => x.name)).toEqual(['Jaan Tamm', 'Kati Komisjon']);
    for (const x of j.signatures) {
      expect(x.digest).toBe(digest);
      expect(x.signedAtLocal).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);
      expect(Number.isNaN(Date.parse(x.signedAt))).toBe(false);
    }
    expect(j.verify).toBe(`vallamaja verify ${(j as unknown as { voteId: string }).voteId}`);
    expect(pub.body).toContain('Signed off by');
    expect(pub.body).toContain(`<code>${digest}</code>`);
    expect(j.rollSize).toBe(2);
    expect(j.turnout).toBe(2);
    expect(j.questions.map((q) => q.options.map((o) => o.count))).toEqual([
      [0, 2],
      [2, 0, 1],
    ]);
  });

  it('the tracker check finds her last ballot on the board, and not the replaced one', async () => {
    const found = await mari.get(`/kov/${A}/polls/${pollId}/board?tracker=${lastTracker}`);
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain('The board holds 2 ballots.');
    expect(found.body).toContain('Found: your ballot is on the board and was counted.');
    const replaced = await mari.get(`/kov/${A}/polls/${pollId}/board?tracker=${firstTracker}`);
    expect(replaced.body).toContain('This code is not on the board.');
    const junk = await new Agent(app).get(`/kov/${A}/polls/${pollId}/board?tracker=nonsense&lang=en`);
    expect(junk.body).toContain('This code is not on the board.');
    const board = await new Agent(app).get(`/api/v1/boards/${(JSON.parse((await new Agent(app).get(`/kov/${A}/polls/${pollId}/results.json`)).body) as { voteId: string }).voteId}`);
    expect(board.statusCode).toBe(200);
    expect(board.body).toContain(lastTracker);
    expect(board.body).not.toContain(firstTracker);
  });
});
