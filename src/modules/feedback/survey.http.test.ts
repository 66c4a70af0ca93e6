// The survey over HTTP (app.inject, real plugins, sessions and CSRF), on PGlite and PostgreSQL:
// the no-JS form (POST → thank-you page; invalid → the form again with an error summary; the honeypot;
// the minimum fill time), the widget's JSON endpoints (CORS, token, 201), the invites API (API key,
// answered once), a spam burst refused with 429 in the reader's language, a pending comment hidden
// from the API until a moderator approves it on the moderation page, and a redaction that removes
// the text everywhere. The officials' sharing page with its QR codes.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import { advanceClock, resetClock, setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { withCheckDigit } from '../../kernel/idcode.js';
import { Agent, asOwner, csrfFrom, loginAs, seedTenant, testApp, testDb } from '../../../test/helpers.js';
import { createKey, grantRole } from '../admin/index.js';
import { createService, publishedService } from '../services/fixtures.js';
import { MIN_FILL_MS } from './survey.js';

const A = '0784';
const B = '0793';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const MODERATOR = withCheckDigit('4850101021');
const OWNER = withCheckDigit('3850101022');
const RESIDENT = withCheckDigit('4900101023');
let db: Db;
let app: FastifyInstance;
let svc: { id: string; slug: string };
let draft: { id: string; slug: string };
let keyA: string;
let readKeyA: string;

const tokenFrom = (html: string) => /name="token" value="([^"]+)"/.exec(html)![1]!;
const answersOf = (kov: string) => asOwner(db, (t) => t.query<{ id: string; channel: string; comment: string | null; comment_state: string; invite_id: string | null; satisfaction: number }>(`SELECT id, channel, comment, comment_state, invite_id, satisfaction FROM feedback_answer WHERE kov_code = $1 ORDER BY id`, [kov]));

async function signIn(idcode: string): Promise<Agent> {
  const agent = new Agent(app);
  await loginAs(agent, db, idcode);
  return agent;
}

/** Opens the form as a browser would, waits past the minimum fill time, posts the answers. */
async function answerForm(agent: Agent, path: string, form: Record<string, string>, wait = MIN_FILL_MS) {
  const page = await agent.get(path);
  expect(page.statusCode).toBe(200);
  advanceClock(wait);
  const action = /<form method="post" action="([^"]+)" class="fb-form"/.exec(page.body)![1]!;
  const fields = new URLSearchParams({ _csrf: csrfFrom(page.body), token: tokenFrom(page.body) });
  for (const m of page.body.matchAll(/<input type="hidden" name="(via|invite)" value="([^"]*)"/g)) fields.set(m[1]!, m[2]!);
  for (const [k, v] of Object.entries(form)) for (const x of v.split('|')) if (x) fields.append(k, x);
  const res = await agent.app.inject({ method: 'POST', url: action, payload: fields.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: agent.cookieHeader() } });
  agent.store(res.headers['set-cookie'] as string[] | undefined);
  return res;
}

beforeAll(async () => {
  setClock('2026-12-15T10:00:00Z');
  db = await testDb();
  app = await testApp(db, { publicUrl: 'https://vallamaja.test', rateLimit: { signInPerMinute: 1000, publicWritePerMinute: 1000 } });
  await seedTenant(db, A, 'Tallinn', 'linn');
  await seedTenant(db, B, 'Tartu', 'linn');
  svc = await publishedService(db, A, { name: { et: 'Lasteaiakoht', en: 'Kindergarten place', ru: 'Место в детском саду' } });
  draft = await createService(db, A);
  const key = app.config.idcodeHmacKey;
  await grantRole(db, key, { kov: A, idcode: MODERATOR, role: 'feedback-moderator', actor: SYSTEM });
  await grantRole(db, key, { kov: A, idcode: OWNER, role: 'service-owner', actor: SYSTEM });
  keyA = (await createKey(db, { kov: A, name: 'Taotlussüsteem', scopes: ['write'], actor: SYSTEM })).key;
  readKeyA = (await createKey(db, { kov: A, name: 'Aruandlus', scopes: ['read'], actor: SYSTEM })).key;
});
afterAll(async () => {
  resetClock();
  await app?.close();
  await db?.close();
});

describe('the no-JS form', () => {
  const path = () => `/kov/${A}/services/${svc.slug}/feedback`;

  it('shows the form in Estonian with fieldsets, large radios, the honeypot, and in English by the switch', async () => {
    const anon = new Agent(app);
    const et = await anon.get(path());
    expect(et.statusCode).toBe(200);
    expect(et.body).toContain('<html lang="et"');
    expect(et.body).toContain('Kuidas teenusega läks?');
    expect(et.body).toContain('Lasteaiakoht');
    expect(et.body.match(/<fieldset/g)!.length).toBe(4);
    expect(et.body.match(/type="radio"/g)!.length).toBe(10);
    expect(et.body).toContain('name="website"');
    expect(et.body).not.toContain('<script'); // a plain page: not even the header menu's script
    expect(et.body).toContain('class="nav-toggle"'); // (the menu button stays hidden; the list open)
    const en = await anon.get(`${path()}?lang=en`);
    expect(en.body).toContain('How did the service go?');
    expect(en.body).toContain('Kindergarten place');
    // a draft service and an unknown one take no answers
    expect((await anon.get(`/kov/${A}/services/${draft.slug}/feedback`)).statusCode).toBe(404);
    expect((await anon.get(`/kov/${A}/services/no-such-service/feedback`)).statusCode).toBe(404);
    expect((await anon.get(`/kov/${B}/services/${svc.slug}/feedback`)).statusCode).toBe(404);
  });

  it('stores an answer (channel form, or qr from the QR code) and thanks her; nothing links a signed-in resident', async () => {
    const before = (await answersOf(A)).length;
    const resident = await signIn(RESIDENT);
    const res = await answerForm(resident, path(), { satisfaction: '5', ease: '4', wentWell: 'trust|ease', comment: 'Kõik oli selge' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${path()}/thanks?comment=1`);
    const thanks = await resident.get(res.headers.location as string);
    expect(thanks.body).toContain('Aitäh tagasiside eest!');
    expect(thanks.body).toContain('vaadatakse enne avaldamist üle');
    const rows = await answersOf(A);
    expect(rows.length).toBe(before + 1);
    const row = rows[rows.length - 1]!;
    expect(row).toMatchObject({ channel: 'form', comment_state: 'pending', satisfaction: 5 });
    // nothing of the person anywhere in the row
    const full = await asOwner(db, (t) => t.one(`SELECT to_jsonb(a)::text AS j FROM feedback_answer a WHERE id = $1`, [row.id]));
    expect(JSON.stringify(full)).not.toMatch(/Person|4900101023|127\.0\.0\.1/);

    const qr = await answerForm(new Agent(app), `${path()}?via=qr`, { satisfaction: '3', ease: '3' });
    expect(qr.headers.location).toBe(`${path()}/thanks`);
    expect((await answersOf(A)).at(-1)).toMatchObject({ channel: 'qr', comment_state: 'none' });
  });

  it('a bad answer comes back with an error summary and what was typed; too fast is refused; the honeypot stores nothing', async () => {
    const anon = new Agent(app);
    const before = (await answersOf(A)).length;
    const bad = await answerForm(anon, path(), { ease: '2', wentWell: 'trust', wentBadly: 'trust', comment: 'Minu tekst' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('class="error-summary"');
    expect(bad.body).toContain('href="#f-satisfaction"');
    expect(bad.body).toContain('Valige, kui rahul olete (1–5)');
    expect(bad.body).toContain('Sama asi ei saa olla korraga hästi ja halvasti');
    expect(bad.body).toContain('Minu tekst');
    expect(bad.body).toMatch(/value="2" checked/);

    const fast = await answerForm(anon, path(), { satisfaction: '4', ease: '4' }, 500);
    expect(fast.statusCode).toBe(400);
    expect(fast.body).toContain('Vastus saadeti liiga kiiresti');
    // the same form, sent again after the wait (its token is kept), is taken
    advanceClock(MIN_FILL_MS);
    const again = await anon.req({ method: 'POST', url: path(), form: { _csrf: csrfFrom(fast.body), token: tokenFrom(fast.body), via: 'form', satisfaction: '4', ease: '4' } });
    expect(again.statusCode).toBe(303);

    const robot = await answerForm(anon, path(), { satisfaction: '1', ease: '1', website: 'http://spam.example' });
    expect(robot.statusCode).toBe(303);
    expect((await answersOf(A)).length).toBe(before + 1);
    // a forged token
    const forged = await anon.req({ method: 'POST', url: path(), form: { _csrf: csrfFrom(fast.body), token: 'abc.def', satisfaction: '4', ease: '4' } });
    expect(forged.statusCode).toBe(400);
    expect(forged.body).toContain('Vorm on aegunud');
  });
});

describe('the widget’s JSON endpoints', () => {
  it('give the form in the asked language with a token, open to any origin (CORS), and take the answer as channel widget', async () => {
    const form = await app.inject({ url: `/api/v1/kov/${A}/services/${svc.id}/feedback/form?lang=ru`, headers: { origin: 'https://www.tallinn.ee' } });
    expect(form.statusCode).toBe(200);
    expect(form.headers['access-control-allow-origin']).toBe('*');
    const f = form.json();
    expect(f).toMatchObject({ lang: 'ru', service: { id: svc.id, name: 'Место в детском саду' }, submitUrl: `https://vallamaja.test/api/v1/kov/${A}/services/${svc.id}/feedback?lang=ru` });
    expect(f.drivers).toHaveLength(6);
    expect(f.texts.submit).toBe('Отправить ответ');
    // by slug too
    expect((await app.inject({ url: `/api/v1/kov/${A}/services/${svc.slug}/feedback/form` })).json().lang).toBe('et');

    const pre = await app.inject({ method: 'OPTIONS', url: `/api/v1/kov/${A}/services/${svc.id}/feedback`, headers: { origin: 'https://www.tallinn.ee', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('*');
    expect(pre.headers['access-control-allow-headers']).toBe('content-type');

    const post = (body: object) => app.inject({ method: 'POST', url: f.submitUrl.replace('https://vallamaja.test', ''), payload: body, headers: { origin: 'https://www.tallinn.ee' } });
    const tooFast = await post({ token: f.token, satisfaction: 4, ease: 5, lang: 'ru' });
    expect(tooFast.statusCode).toBe(400);
    expect(tooFast.headers['content-type']).toContain('application/problem+json');
    expect(tooFast.json().errors[0].reason).toContain('слишком быстро');
    advanceClock(MIN_FILL_MS);
    const ok = await post({ token: f.token, satisfaction: 4, ease: 5, wentWell: ['helpfulness'], comment: 'Спасибо!', lang: 'ru' });
    expect(ok.statusCode).toBe(201);
    expect(ok.headers['access-control-allow-origin']).toBe('*');
    expect(ok.json()).toMatchObject({ commentPending: true, message: 'Ваш ответ сохранён.' });
    expect((await answersOf(A)).find((r) => r.id === ok.json().id)).toMatchObject({ channel: 'widget', comment_state: 'pending' });

    const bad = await post({ token: f.token, satisfaction: 7, ease: 5, wentWell: ['nope'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['satisfaction', 'wentWell']);
    const robot = await post({ token: f.token, satisfaction: 1, ease: 1, website: 'x' });
    expect(robot.statusCode).toBe(201);
    expect(robot.json().id).toBe(null);
    expect((await app.inject({ method: 'POST', url: `/api/v1/kov/${A}/services/${draft.id}/feedback`, payload: { token: f.token, satisfaction: 1, ease: 1 } })).statusCode).toBe(404);
  });

  it('serves the widget script for other origins’ pages (cross-origin resource policy)', async () => {
    const js = await app.inject({ url: '/static/js/feedback-widget.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('javascript');
    expect(js.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(js.body).not.toMatch(/\.innerHTML|outerHTML|insertAdjacentHTML|eval\(|new Function/);
  });
});

describe('a spam burst', () => {
  it('is refused with 429 and a clear message in the reader’s language, on the form and the JSON endpoint', async () => {
    // (its own client address, so that the other tests' answers do not count)
    const strict = await testApp(db, { publicUrl: 'https://vallamaja.test', trustProxy: true, rateLimit: { signInPerMinute: 1000, publicWritePerMinute: 3 } });
    try {
      const url = `/api/v1/kov/${A}/services/${svc.id}/feedback`;
      const codes: number[] = [];
      let last: { statusCode: number; headers: Record<string, unknown>; json: () => { title: string; detail: string } } | null = null;
      for (let i = 0; i < 6; i++) {
        last = await strict.inject({ method: 'POST', url, payload: { token: 'x', satisfaction: 3, ease: 3 }, headers: { 'x-forwarded-for': '203.0.113.9' } });
        codes.push(last.statusCode);
      }
      expect(codes).toEqual([400, 400, 400, 429, 429, 429]);
      expect(last!.headers['retry-after']).toBeDefined();
      expect(last!.headers['access-control-allow-origin']).toBe('*');
      expect(last!.json().title).toBe('Liiga palju päringuid');
      const ru = await strict.inject({ method: 'POST', url: `${url}?lang=ru`, payload: { token: 'x', satisfaction: 3, ease: 3 }, headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(ru.statusCode).toBe(429);
      expect(ru.json().detail).toBe('Пожалуйста, подождите немного и попробуйте снова.');
      // the form page's POST has its own limit
      const anon = new Agent(strict);
      const page = await anon.get(`/kov/${A}/services/${svc.slug}/feedback?lang=en`);
      const form = { _csrf: csrfFrom(page.body), token: tokenFrom(page.body), satisfaction: '3', ease: '3' };
      const formCodes: number[] = [];
      let lastForm = null;
      for (let i = 0; i < 4; i++) {
        lastForm = await anon.req({ method: 'POST', url: `/kov/${A}/services/${svc.slug}/feedback`, form, headers: { 'x-forwarded-for': '203.0.113.10' } });
        formCodes.push(lastForm.statusCode);
      }
      expect(formCodes.slice(3)).toEqual([429]);
      expect(lastForm!.body).toContain('Too many requests');
    } finally {
      await strict.close();
    }
  });
});

describe('invites from a KOV system', () => {
  it('an API key with write creates a one-time link; answered once over the form (channel link); 403 without the scope or for another KOV', async () => {
    const create = (key: string, kov: string, body: object) => app.inject({ method: 'POST', url: `/api/v1/kov/${kov}/feedback/invites`, payload: body, headers: { authorization: `Bearer ${key}` } });
    expect((await create(readKeyA, A, { service: svc.id })).statusCode).toBe(403);
    expect((await create(keyA, B, { service: svc.id })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: `/api/v1/kov/${A}/feedback/invites`, payload: { service: svc.id } })).statusCode).toBe(403);
    expect((await create(keyA, A, { service: draft.id })).statusCode).toBe(404);
    const res = await create(keyA, A, { service: svc.slug, email: 'juhan@example.ee', reference: 'T-1', lang: 'en' });
    expect(res.statusCode).toBe(201);
    const inv = res.json();
    expect(inv.mailed).toBe(true);
    expect(inv.url).toMatch(new RegExp(`^https://vallamaja\\.test/kov/${A}/services/${svc.slug}/feedback\\?invite=[A-Za-z0-9_-]{32}$`));
    const path = inv.url.replace('https://vallamaja.test', '');
    const anon = new Agent(app);
    const ok = await answerForm(anon, path, { satisfaction: '2', ease: '1', wentBadly: 'efficiency' });
    expect(ok.statusCode).toBe(303);
    expect((await answersOf(A)).find((r) => r.invite_id === inv.id)).toMatchObject({ channel: 'link', satisfaction: 2 });
    // the link again: answered already
    const again = await anon.get(path);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('Sellele kutsele on juba vastatud.');
    expect((await anon.get(`/kov/${A}/services/${svc.slug}/feedback?invite=${'A'.repeat(32)}`)).statusCode).toBe(404);
  });
});

describe('one invitation, 50 answers sent at once over the form', () => {
  // (on PostgreSQL the requests' transactions really race; on PGlite they run one after another)
  it('stores exactly one; the others are told it was answered already', async () => {
    const inv = (await app.inject({ method: 'POST', url: `/api/v1/kov/${A}/feedback/invites`, payload: { service: svc.id }, headers: { authorization: `Bearer ${keyA}` } })).json();
    const path = inv.url.replace('https://vallamaja.test', '');
    const anon = new Agent(app);
    const page = await anon.get(path);
    advanceClock(MIN_FILL_MS);
    const form = { _csrf: csrfFrom(page.body), token: tokenFrom(page.body), invite: /name="invite" value="([^"]+)"/.exec(page.body)![1]!, satisfaction: '4', ease: '4' };
    const url = `/kov/${A}/services/${svc.slug}/feedback`;
    const results = await Promise.all(Array.from({ length: 50 }, () => anon.req({ method: 'POST', url, form })));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([303, ...Array(49).fill(409)]);
    expect(results.find((r) => r.statusCode === 409)!.body).toContain('Sellele kutsele on juba vastatud.');
    expect((await answersOf(A)).filter((r) => r.invite_id === inv.id)).toHaveLength(1);
  });
});

describe('moderation', () => {
  it('a pending comment is hidden from the API until a moderator approves it; redaction removes the text everywhere', async () => {
    const secret = 'Minu number on 5123 4567, Kalle Kaalikas';
    const anon = new Agent(app);
    await answerForm(anon, `/kov/${A}/services/${svc.slug}/feedback`, { satisfaction: '1', ease: '2', comment: secret });
    const read = async () => (await app.inject({ url: `/api/v1/kov/${A}/feedback/answers?service=${svc.id}&limit=1000`, headers: { authorization: `Bearer ${readKeyA}` } })).json();
    expect(JSON.stringify(await read())).not.toContain('Kaalikas');
    expect((await app.inject({ url: `/api/v1/kov/${A}/feedback/answers`, headers: { authorization: `Bearer ${keyA}` } })).statusCode).toBe(403);

    // the moderator's page: the comment with its phone number flagged
    const mod = await signIn(MODERATOR);
    const page = await mod.get(`/kov/${A}/feedback/moderation`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Kalle Kaalikas');
    expect(page.body).toContain('<mark class="fb-flag"');
    expect(page.body).toContain('Lasteaiakoht');
    const id = (await answersOf(A)).find((r) => r.comment === secret)!.id;
    // a resident and an official without the role may not
    expect((await (await signIn(RESIDENT)).get(`/kov/${A}/feedback/moderation`)).statusCode).toBe(403);
    expect((await new Agent(app).get(`/kov/${A}/feedback/moderation`)).statusCode).toBe(401);

    const approve = await mod.req({ method: 'POST', url: `/kov/${A}/feedback/moderation/${id}/approve`, form: { _csrf: csrfFrom(page.body), state: 'pending' } });
    expect(approve.statusCode).toBe(303);
    expect(approve.headers.location).toBe(`/kov/${A}/feedback/moderation?state=pending`);
    expect(JSON.stringify(await read())).toContain('Kalle Kaalikas');

    // a service owner may moderate too: she removes the personal data on request
    const owner = await signIn(OWNER);
    const ownerPage = await owner.get(`/kov/${A}/feedback/moderation?state=approved`);
    expect(ownerPage.body).toContain('Kalle Kaalikas');
    const redact = await owner.req({ method: 'POST', url: `/kov/${A}/feedback/moderation/${id}/redact`, form: { _csrf: csrfFrom(ownerPage.body), state: 'approved' } });
    expect(redact.statusCode).toBe(303);
    const after = await read();
    expect(JSON.stringify(after)).not.toContain('Kaalikas');
    expect(after.answers.find((a: { id: string }) => a.id === id)).toMatchObject({ commentState: 'redacted', comment: null, satisfaction: 1 });
    expect((await owner.get(`/kov/${A}/feedback/moderation?state=redacted`)).body).not.toContain('Kaalikas');
    const everywhere = await asOwner(db, async (t) => JSON.stringify([...(await t.query(`SELECT * FROM feedback_answer`)), ...(await t.query(`SELECT * FROM core_audit`))]));
    expect(everywhere).not.toContain('Kaalikas');
    // without CSRF: refused
    expect((await owner.req({ method: 'POST', url: `/kov/${A}/feedback/moderation/${id}/approve`, form: {} })).statusCode).toBe(403);
  });
});

describe('the officials’ sharing page', () => {
  it('shows the stable link, the QR code (SVG and PNG) and the widget snippet; not to a resident', async () => {
    const owner = await signIn(OWNER);
    const list = await owner.get(`/kov/${A}/feedback/share`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`/kov/${A}/feedback/share/${svc.id}`);
    const page = await owner.get(`/kov/${A}/feedback/share/${svc.id}`);
    expect(page.body).toContain(`https://vallamaja.test/kov/${A}/services/${svc.slug}/feedback`);
    expect(page.body).toContain('data-kov=&quot;0784&quot;');
    const svg = await owner.get(`/kov/${A}/feedback/share/${svc.id}/qr.svg`);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toContain('<svg');
    const png = await owner.get(`/kov/${A}/feedback/share/${svc.id}/qr.png`);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    expect((await (await signIn(RESIDENT)).get(`/kov/${A}/feedback/share`)).statusCode).toBe(403);
  });
});
