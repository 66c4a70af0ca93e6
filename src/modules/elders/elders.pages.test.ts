// The committee's pages of a village elder election over HTTP (app.inject, real sessions and CSRF),
// on PGlite and (TEST_DATABASE_URL) PostgreSQL: a member picks up her share once (download/print
// page), the members bring their shares and sign the digest off on the manage page, a 1–1 tie goes
// to a run-off that the admin starts through a confirming summary; the results protocol (JSON, CSV,
// PDF lines) carries the winner, the votes, turnout and the tie break. Who may not act is refused.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, dateToTallinnLocal, nowMs, setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { auditActionsOf } from '../../kernel/audit.js';
import { Agent, engine, loginAs, testApp, testDb } from '../../../test/helpers.js';
import { A, ADMIN, ANNE, BRITT, COMMITTEE_CODES, JAAN_ADMIN, SYSTEM, TOOMAS_ADMIN, eldersRoles, eldersWorld, sampleElection, who } from './fixtures.js';
import type { EldersSecrets } from './service.js';
import { castVote, closeElection, confirmCandidates, createElection, eldersSecrets, getElection, nominate } from './service.js';
import { protocolLines } from './views/protocol.js';

const DAY = 86_400_000;
let db: Db;
let app: FastifyInstance;
let S: EldersSecrets;

async function signIn(idcode: string, givenName: string): Promise<Agent> {
  const agent = new Agent(app);
  await loginAs(agent, db, idcode, { givenName, familyName: 'Test' });
  return agent;
}

beforeAll(async () => {
  setClock('2027-05-04T10:00:00+03:00', { ticking: true });
  db = await testDb();
  app = await testApp(db, { rateLimit: { signInPerMinute: 1000, publicWritePerMinute: 1000 } });
  S = eldersSecrets(app.config);
  await eldersWorld(db, S.idcodeKey);
  await eldersRoles(db, S.idcodeKey);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

const SHARE_RE = /id="my-share"[^>]*>\s*([0-9a-f]{64})\s*</;
const DIGEST_RE = /id="result-digest">\s*([0-9a-f]{64})\s*</;

describe(`the committee's pages of an elder election (${engine})`, () => {
  it('pick-up once, shares, sign-off on pages; a tie to a run-off started by the admin after a summary; the protocol says so', async () => {
    // an election with tie rule run-off; Anne and Britt stand; confirmed; one vote each
    const { id } = await createElection(db, A, sampleElection({ tieRule: 'runoff' }), SYSTEM, S);
    const anne = await nominate(db, A, id, who(ANNE, S.idcodeKey, 'Anne Aas'), SYSTEM, S);
    const britt = await nominate(db, A, id, who(BRITT, S.idcodeKey, 'Britt Bergmann'), SYSTEM, S);
    advanceClock(DAY + 60_000);
    await confirmCandidates(db, A, id, ADMIN, S);
    const e0 = await getElection(db, A, id);
    await castVote(db, A, id, who(ANNE, S.idcodeKey).idcodeHash, e0.candidates.find((c) => c.id === anne.id)!.id);
    await castVote(db, A, id, who(BRITT, S.idcodeKey).idcodeHash, britt.id);

    const page = `/kov/${A}/elders/${id}`;
    // everyone signs in (again after the clock moves a day on: that ends sessions)
    const as = {} as Record<'m1' | 'm2' | 'm3' | 'resident' | 'admin' | 'otherAdmin', Agent>;
    const signInAll = async () => {
      for (const [i, c] of COMMITTEE_CODES.entries()) as[`m${i + 1}` as 'm1'] = await signIn(c, `Member${i + 1}`);
      as.resident = await signIn(ANNE, 'Anne');
      as.admin = await signIn(JAAN_ADMIN, 'Jaan');
      as.otherAdmin = await signIn(TOOMAS_ADMIN, 'Toomas');
    };
    await signInAll();

    // the manage page: the committee (m3 named only on the election) and A's admin; not a resident, not B's admin
    expect((await as.m3.get(`${page}/manage?lang=en`)).statusCode).toBe(200);
    expect((await as.admin.get(`${page}/manage`)).statusCode).toBe(200);
    expect((await as.resident.get(`${page}/manage`)).statusCode).toBe(403);
    expect((await as.otherAdmin.get(`${page}/manage`)).statusCode).toBe(403);
    expect((await app.inject({ url: `${page}/manage` })).statusCode).toBe(401);
    // the "my" page and the election page lead a member to her share
    expect((await as.m2.get('/elders?lang=en')).body).toContain(`href="${page}/share"`);
    expect((await as.m2.get(`${page}?lang=en`)).body).toContain(`href="${page}/manage"`);
    expect((await as.resident.get(`${page}?lang=en`)).body).not.toContain(`href="${page}/manage"`);

    // pick-up: only the member herself, once; the answer holds the share, as a download too, never cached
    expect((await as.resident.get(`${page}/share`)).statusCode).toBe(404);
    expect((await as.admin.get(`${page}/share`)).statusCode).toBe(404);
    const before = await as.m1.get(`${page}/share?lang=en`);
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain('Pick up my key share');
    const shares: string[] = [];
    for (const [i, m] of [as.m1, as.m2].entries()) {
      const r = await m.postForm(`${page}/share`, `${page}/share`, {});
      expect(r.statusCode, r.body).toBe(200);
      expect(r.headers['cache-control']).toBe('no-store');
      shares[i] = SHARE_RE.exec(r.body)![1]!;
      expect(r.body).toContain('download="');
      expect(r.body).toContain(encodeURIComponent(shares[i]!));
    }
    const again = await as.m1.postForm(`${page}/share`, `${page}/share`, {});
    expect(again.statusCode).toBe(409);
    expect(again.body).not.toContain(shares[0]!);
    expect((await as.m1.req({ method: 'POST', url: `${page}/share`, form: {} })).statusCode).toBe(403); // no CSRF token

    // the count: close; a wrong share is refused on the page, the right ones open the result
    advanceClock(DAY);
    await closeElection(db, A, id, ADMIN);
    await signInAll();
    const manage = await as.m1.get(`${page}/manage?lang=en`);
    expect(manage.body).toContain('name="share-1"');
    const wrong = await as.m1.postForm(`${page}/manage`, `${page}/shares`, { member: '1', 'share-1': shares[1]! });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('href="#f-share-1"');
    expect((await as.resident.postForm(`${page}`, `${page}/shares`, { member: '1', 'share-1': shares[0]! })).statusCode).toBe(403);
    expect((await as.m1.postForm(`${page}/manage`, `${page}/shares`, { member: '1', 'share-1': shares[0]! })).statusCode).toBe(303);
    expect((await as.m2.postForm(`${page}/manage`, `${page}/shares`, { member: '2', 'share-2': shares[1]! })).statusCode).toBe(303);

    // the sign-off: the digest shown; the tick box is required; k sign-offs decide (a tie: run-off)
    const published = await as.m1.get(`${page}/manage?lang=en`);
    expect(published.body).toContain('Member 1’s share is in (1/2).');
    const digest = DIGEST_RE.exec(published.body)![1]!;
    const unticked = await as.m1.postForm(`${page}/manage`, `${page}/certify`, { digest });
    expect(unticked.statusCode).toBe(400);
    expect(unticked.body).toContain('href="#f-confirm"');
    expect((await as.m1.postForm(`${page}/manage`, `${page}/certify`, { digest: 'a'.repeat(64), confirm: 'yes' })).statusCode).toBe(409);
    expect((await as.m1.postForm(`${page}/manage`, `${page}/certify`, { digest, confirm: 'yes' })).statusCode).toBe(303);
    expect((await as.m3.postForm(`${page}/manage`, `${page}/certify`, { digest, confirm: 'yes' })).statusCode).toBe(303);
    const tied = await getElection(db, A, id);
    expect(tied.outcome).toMatchObject({ kind: 'runoff', tied: [anne.id, britt.id], votes: 1, runoffId: null });

    // the protocol, public: JSON and CSV with the votes, turnout and the tie; the PDF's lines
    const api = `/api/v1/kov/${A}/elders/elections/${id}`;
    const json = (await app.inject({ url: `${api}/results` })).json() as Record<string, unknown>;
    expect(json).toMatchObject({ turnout: 2, rollSize: 4, winner: null, tieBreak: { kind: 'runoff', tied: [anne.id, britt.id], runoffId: null } });
    expect((json.signatures as unknown[]).length).toBe(2);
    const csv = (await app.inject({ url: `${api}/results.csv` })).body.trim().split('\n');
    expect(csv[0]).toBe('election_id,candidate_id,name,votes,elected,tied,draw_position,draw_key,turnout,roll_size,tie_rule,draw_seed,draw_label,runoff_id,digest');
    expect(csv[1]).toBe(`${id},${anne.id},Anne Aas,1,no,yes,,,2,4,runoff,,,,${digest}`);
    expect((await app.inject({ url: `${api}/protocol.pdf?lang=ru` })).headers['content-type']).toBe('application/pdf');

    // the run-off: the admin only (a person), through the form and a confirming summary
    expect((await as.m1.get(`${page}/manage?lang=en`)).body).not.toContain(`href="${page}/runoff"`);
    expect((await as.admin.get(`${page}/manage?lang=en`)).body).toContain(`href="${page}/runoff"`);
    expect((await as.m1.get(`${page}/runoff`)).statusCode).toBe(403);
    expect((await as.otherAdmin.get(`${page}/runoff`)).statusCode).toBe(403);
    const form = await as.admin.get(`${page}/runoff?lang=en`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Anne Aas, Britt Bergmann');
    const local = (ms: number) => dateToTallinnLocal(new Date(nowMs() + ms));
    const past = await as.admin.postForm(`${page}/runoff`, `${page}/runoff`, { opensAt: local(-DAY), closesAt: local(DAY) });
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('href="#f-opensAt"');
    const window = { opensAt: local(DAY), closesAt: local(3 * DAY) };
    const summary = await as.admin.postForm(`${page}/runoff`, `${page}/runoff`, window);
    expect(summary.statusCode).toBe(200);
    expect(summary.body).toContain('name="confirm" value="yes"');
    expect((await getElection(db, A, id)).outcome).toMatchObject({ runoffId: null }); // nothing yet
    const started = await as.admin.postForm(`${page}/runoff`, `${page}/runoff`, { ...window, confirm: 'yes' });
    expect(started.statusCode, started.body).toBe(303);
    const runoffId = (await getElection(db, A, id)).outcome!.kind === 'runoff' ? ((await getElection(db, A, id)).outcome as { runoffId: string }).runoffId : '';
    expect(started.headers.location).toBe(`/kov/${A}/elders/${runoffId}/manage`);
    expect((await getElection(db, A, runoffId)).candidates.map((c) => c.name).sort()).toEqual(['Anne Aas', 'Britt Bergmann']);
    expect((await as.admin.postForm(`${page}/manage`, `${page}/runoff`, { ...window, confirm: 'yes' })).statusCode).toBe(409);
    // the protocol now names the run-off
    const after = (await app.inject({ url: `${api}/results` })).json() as { tieBreak: { runoffId: string } };
    expect(after.tieBreak.runoffId).toBe(runoffId);
    const lines = protocolLines(await getElection(db, A, id), 'en', { unitNames: new Map(), publicUrl: 'https://x.ee' }).map((l) => l.text);
    expect(lines).toContain(`Run-off: https://x.ee/kov/${A}/elders/${runoffId}`);
    expect(lines.some((l) => l.startsWith('A tie (Anne Aas, Britt Bergmann; votes each: 1)'))).toBe(true);

    // every act is in the audit log
    const actions = await db.tx((t) => auditActionsOf(t, A), { kov: A });
    for (const a of ['elders.share.pickup', 'elders.election.share', 'voting.result.certify', 'elders.election.decide', 'elders.election.runoff']) expect(actions).toContain(a);
  });
});
