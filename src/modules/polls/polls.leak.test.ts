// The share-leak test (issue 9): a whole poll driven through the real app — create, publish (with
// its summary), each member's pick-up, votes, close (with its summary and reason), the shares
// brought, certification, results, exports, boards, the audit log and the officials' API — while
// EVERY response (body and headers) is recorded. Afterwards no response may hold any dealt share,
// in hex (either case), base64 or base64url, or its raw bytes, except the one response that handed
// each member her own share: her pick-up. PGlite, and PostgreSQL with TEST_DATABASE_URL.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../kernel/db.js';
import { dateInTallinn, dateToTallinnLocal, nowMs } from '../../kernel/clock.js';
import { Agent, csrfFrom, csrfTokenOf, engine, loginAs } from '../../../test/helpers.js';
import { createKey } from '../admin/index.js';
import { A, JAAN, MARI, MEMBER, MEMBER2, MEMBER3, OLD, SYSTEM, pollsWorld } from './fixtures.js';

interface Recorded {
  label: string;
  text: string;
  raw: Buffer;
}

let db: Db;
let app: FastifyInstance;
const recorded: Recorded[] = [];

/** Every response the app gives in this file, whoever asked (agents and API keys go through app.inject). */
function recordEverything(a: FastifyInstance): void {
  const inject = a.inject.bind(a) as (o: InjectOptions | string) => Promise<LightMyRequestResponse>;
  (a as unknown as { inject: (o: InjectOptions | string) => Promise<LightMyRequestResponse> }).inject = async (o) => {
    const res = await inject(o);
    const method = typeof o === 'string' ? 'GET' : (o.method ?? 'GET');
    const url = typeof o === 'string' ? o : String(o.url);
    recorded.push({ label: `${recorded.length} ${method} ${url} → ${res.statusCode}`, text: `${JSON.stringify(res.headers)}\n${res.body}`, raw: res.rawPayload });
    return res;
  };
}

/** The forms a share could be written in. */
function formsOf(shareHex: string): string[] {
  const bytes = Buffer.from(shareHex, 'hex');
  return [shareHex, shareHex.toUpperCase(), bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('base64').replace(/=+$/, '')];
}

async function post(agent: Agent, url: string, pairs: [string, string][], tokenFrom: string) {
  const token = csrfFrom((await agent.get(tokenFrom)).body);
  return agent.req({ method: 'POST', url, payload: new URLSearchParams([['_csrf', token], ...pairs]).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

async function person(code: string, givenName: string, familyName: string): Promise<Agent> {
  const a = new Agent(app);
  await loginAs(a, db, code, { givenName, familyName });
  await a.get('/?lang=en');
  return a;
}

beforeAll(async () => {
  ({ db, app } = await pollsWorld());
  recordEverything(app);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe(`no response holds a key share but its member's own pick-up (${engine})`, () => {
  it('a whole poll, every response recorded', async () => {
    const key = (await createKey(db, { kov: A, name: 'Tallinn DHS', scopes: ['read', 'write'], actor: SYSTEM })).key;
    const api = (method: string, url: string, payload?: object) =>
      app.inject({ method: method as 'GET', url, payload: method === 'GET' ? undefined : (payload ?? {}), headers: { authorization: `Bearer ${key}` } });
    const admin = await person(JAAN.idcode, 'Jaan', 'Tamm');
    const members = [await person(MEMBER, 'Kati', 'Komisjon'), await person(MEMBER2, 'Kaja', 'Kaks'), await person(MEMBER3, 'Kolm', 'Kolmas')];
    const mari = await person(MARI.idcode, 'Mari', 'Maasikas');
    const old = await person(OLD, 'Olev', 'Vana');
    const visitor = new Agent(app);

    // create (the page) and look at it
    const now = nowMs();
    const form: Record<string, string> = {
      title_et: 'Lekkekatse',
      title_en: 'Leak test',
      title_ru: 'Проверка утечки',
      q0_text_et: 'Kas?',
      q0_text_en: 'Yes?',
      q0_text_ru: 'Да?',
      q0_options_et: 'Jah\nEi',
      q0_options_en: 'Yes\nNo',
      q0_options_ru: 'Да\nНет',
      q0_rule: 'one',
      minAge: '16',
      on: dateInTallinn(now),
      opensAt: dateToTallinnLocal(new Date(now - 60_000)), // open at once (within the 5 minutes' grace)
      closesAt: dateToTallinnLocal(new Date(now + 86_400_000)),
      revote: 'yes',
      committee: [MEMBER, MEMBER2, MEMBER3].join('\n'),
      threshold: '2',
    };
    const created = await post(admin, `/kov/${A}/polls`, Object.entries(form), `/kov/${A}/polls/new`);
    expect(created.statusCode).toBe(303);
    const id = /polls\/([0-9a-f-]{36})\/manage/.exec(created.headers.location as string)![1]!;
    const base = `/kov/${A}/polls/${id}`;
    const manage = `${base}/manage`;
    await admin.get(manage);

    // publish: the summary, then the confirmation; everything officials can read afterwards
    expect((await post(admin, `${base}/publish`, [], manage)).statusCode).toBe(200);
    expect((await post(admin, `${base}/publish`, [['confirm', 'yes']], manage)).statusCode).toBe(303);
    await admin.get(manage);
    const pollJson = (await api('GET', `/api/v1/kov/${A}/polls/${id}`)).json<{ voteId: string }>();
    await api('GET', `/api/v1/kov/${A}/polls/${id}/committee`);
    await api('GET', `/api/v1/kov/${A}/polls`);
    await admin.get(`/kov/${A}/polls/admin`);
    await visitor.get(base);
    await visitor.get(`/kov/${A}/polls`);

    // each member picks up her own share, once; the others look on
    const own = new Map<number, string>(); // recorded index of the pick-up response → its share
    const shares: string[] = [];
    for (const [i, m] of members.entries()) {
      await m.get('/polls');
      await m.get(`${base}/share`);
      await admin.get(`${base}/share`); // the publisher: not found
      await mari.get(`${base}/share`);
      const got = await post(m, `${base}/share`, [], `${base}/share`);
      expect(got.statusCode).toBe(200);
      const share = /id="my-share"[^>]*>([0-9a-f]{64})</.exec(got.body)![1]!;
      shares[i] = share;
      own.set(recorded.length - 1, share);
      await post(m, `${base}/share`, [], `${base}/share`); // once
      await m.get(`${base}/share`);
      await m.get(manage);
      await admin.get(manage);
      await api('GET', `/api/v1/kov/${A}/polls/${id}/committee`);
    }
    expect(new Set(shares).size).toBe(3);

    // residents vote (the page and the voting core's API)
    const ballot = await post(mari, `${base}/ballot`, [['q0', 'o1']], `${base}/ballot`);
    expect(ballot.statusCode).toBe(303);
    await mari.get(ballot.headers.location as string);
    const oldCsrf = await csrfTokenOf(old);
    expect((await old.req({ method: 'POST', url: `/api/v1/votes/${pollJson.voteId}/ballots`, payload: { choices: [['o2']] }, headers: { 'x-csrf-token': oldCsrf } })).statusCode).toBe(201);
    await mari.get(`${base}/board`);

    // close: the summary, a missing reason, then the reason
    expect((await post(admin, `${base}/close`, [], manage)).statusCode).toBe(200);
    expect((await post(admin, `${base}/close`, [['confirm', 'yes']], manage)).statusCode).toBe(400);
    expect((await post(admin, `${base}/close`, [['confirm', 'yes'], ['reason', 'Leak test']], manage)).statusCode).toBe(303);
    await admin.get(manage);
    await members[0]!.get(manage);

    // the shares are brought (a wrong one first: its refusal must not echo it), on the page and through the API
    expect((await post(members[0]!, `${base}/shares`, [['member', '1'], ['share-1', shares[1]!]], manage)).statusCode).toBe(400);
    expect((await post(members[0]!, `${base}/shares`, [['member', '1'], ['share-1', shares[0]!]], manage)).statusCode).toBe(303);
    const m3 = await csrfTokenOf(members[2]!);
    const brought = await members[2]!.req({ method: 'POST', url: `/api/v1/kov/${A}/polls/${id}/shares`, payload: { member: 3, share: shares[2] }, headers: { 'x-csrf-token': m3 } });
    expect(brought.json()).toMatchObject({ published: true });

    // results, certification, exports, boards, the audit log
    const published = await members[0]!.get(manage);
    const digest = /id="result-digest">([0-9a-f]{64})</.exec(published.body)![1]!;
    expect((await post(members[0]!, `${base}/certify`, [['digest', digest], ['confirm', 'yes']], manage)).statusCode).toBe(303);
    const m2 = await csrfTokenOf(members[1]!);
    expect((await members[1]!.req({ method: 'POST', url: `/api/v1/kov/${A}/polls/${id}/certify`, payload: { digest }, headers: { 'x-csrf-token': m2 } })).json()).toMatchObject({ status: 'certified' });
    for (const u of [base, `${base}/board`, `${base}/results.csv`, `${base}/results.json`, `${base}/results.pdf`, `/api/v1/boards/${pollJson.voteId}`, `/kov/${A}/polls`]) await visitor.get(u);
    for (const u of ['results', 'results.csv', 'results.pdf', 'committee']) await api('GET', `/api/v1/kov/${A}/polls/${id}/${u}`);
    await api('GET', `/api/v1/kov/${A}/polls/${id}`);
    await api('GET', `/api/v1/kov/${A}/audit`);
    await admin.get(`/kov/${A}/admin/audit`);
    await admin.get(manage);
    for (const m of members) await m.get('/polls');

    // the check: each share appears in its member's pick-up response and nowhere else
    expect(recorded.length).toBeGreaterThan(80);
    const leaks: string[] = [];
    for (const [i, r] of recorded.entries()) {
      for (const s of shares) {
        if (own.get(i) === s) continue;
        const bytes = Buffer.from(s, 'hex');
        if (formsOf(s).some((f) => r.text.includes(f)) || r.raw.includes(bytes)) leaks.push(`${r.label}: share ${s.slice(0, 8)}…`);
      }
    }
    expect(leaks).toEqual([]);
    // and the pick-ups did hand them out (the check above looks at real responses)
    for (const [i, s] of own) expect(recorded[i]!.text).toContain(s);
    expect(own.size).toBe(3);
  });
});
