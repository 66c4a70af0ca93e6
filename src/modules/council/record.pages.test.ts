// The record's pages and JSON API over HTTP, on PGlite and (TEST_DATABASE_URL) PostgreSQL: the
// secretary edits the drafted minutes (the text shown as text, never HTML), the chair of the body and
// nobody else signs them off, and everyone then finds the sitting in the archive (full-text search),
// reads its record and signed minutes, downloads the PDF and reads each member's voting record; the
// same through /api/v1.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import { setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { withCheckDigit } from '../../kernel/idcode.js';
import { Agent, csrfTokenOf, engine, loginAs, seedTenant, testApp, testDb } from '../../../test/helpers.js';
import { grantRole } from '../admin/index.js';
import type { CouncilWorld } from './fixtures.js';
import { councilWorld, playedSitting } from './fixtures.js';
import { pdfLines } from './record.pdf-text.js';

const KOV = '0784';
const SECRETARY_IDCODE = withCheckDigit('4900101001');
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
let db: Db;
let app: FastifyInstance;
let w: CouncilWorld;
let secretary: Agent;
let chair: Agent;
let deputy: Agent;
let anonymous: Agent;

beforeAll(async () => {
  setClock('2027-01-14T12:00:00Z', { ticking: true });
  db = await testDb();
  app = await testApp(db);
  await seedTenant(db, KOV, 'Tallinn', 'linn');
  w = await councilWorld(db, app.config.idcodeHmacKey, { members: 31, items: 3 });
  await playedSitting(db, w);
  await grantRole(db, app.config.idcodeHmacKey, { kov: KOV, idcode: SECRETARY_IDCODE, role: 'council-secretary', actor: SYSTEM });
  secretary = new Agent(app);
  await loginAs(secretary, db, SECRETARY_IDCODE, { givenName: 'Sille', familyName: 'Sekretär' });
  chair = new Agent(app);
  await loginAs(chair, db, w.members[0]!.idcode, { givenName: 'Liige', familyName: '01' });
  deputy = new Agent(app);
  await loginAs(deputy, db, w.members[1]!.idcode, { givenName: 'Liige', familyName: '02' });
  anonymous = new Agent(app);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe(`council record pages and API (${engine})`, () => {
  const admin = () => `/kov/${KOV}/council/admin/sittings/${w.sittingId}/minutes`;
  const sign = () => `/kov/${KOV}/council/sittings/${w.sittingId}/minutes/sign`;
  const api = () => `/api/v1/kov/${KOV}/council/sittings/${w.sittingId}/minutes`;

  it('lets the secretary edit the drafted minutes, shown as text; nobody else', async () => {
    expect((await anonymous.get(admin())).statusCode).toBe(401);
    // the secretary's list of closed sittings leads to the editor
    expect((await deputy.get(`/kov/${KOV}/council/admin/minutes`)).statusCode).toBe(403);
    const listPage = await secretary.get(`/kov/${KOV}/council/admin/minutes`);
    expect(listPage.statusCode).toBe(200);
    expect(listPage.body).toContain(`href="${admin()}"`);
    expect(listPage.body).toContain('koostamata');
    expect((await deputy.get(admin())).statusCode).toBe(403);
    const page = await secretary.get(admin());
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Volikogu istungi nr 1 protokoll');
    expect(page.body).toContain('Hääletusseadme tõrge saalis');
    const draft = (await secretary.get(api())).json<{ saved: boolean; text: string }>();
    expect(draft.saved).toBe(false);
    // an empty text is refused on the form with the error summary
    const bad = await secretary.postForm(admin(), admin(), { text: '  ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('error-summary');
    const injected = `${draft.text}\n<script>alert(1)</script>\n`;
    expect((await secretary.postForm(admin(), admin(), { text: injected, base: '0' })).statusCode).toBe(303);
    // an edit started from the draft (version 0) after that save is refused, the text kept on the form
    const stale = await secretary.postForm(admin(), admin(), { text: 'minu vana mustand', base: '0' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Keegi salvestas protokolli vahepeal');
    expect(stale.body).toContain('minu vana mustand');
    const preview = await secretary.get(`${admin()}.pdf`);
    expect(preview.headers['content-type']).toBe('application/pdf');
    // the API: a person's save (an API key may not), a new version in the history
    const csrf = await csrfTokenOf(secretary);
    const put = await secretary.req({ method: 'PUT', url: api(), headers: { 'x-csrf-token': csrf }, payload: { text: injected.replace('Koht: Raekoja saal', 'Koht: Raekoja saal (suur saal)'), baseVersion: 1 } });
    expect(put.statusCode).toBe(200);
    expect(put.json<{ versions: unknown[]; saved: boolean }>()).toMatchObject({ saved: true });
    expect(put.json<{ versions: unknown[] }>().versions).toHaveLength(2);
    expect((await deputy.get(api())).statusCode).toBe(403);
  });

  it('lets only the chair of the body sign; then the minutes are frozen and public', async () => {
    expect((await anonymous.get(`/kov/${KOV}/council/archive/sittings/${w.sittingId}/minutes.pdf`)).statusCode).toBe(404);
    expect((await deputy.get(sign())).statusCode).toBe(403);
    expect((await secretary.get(sign())).statusCode).toBe(403);
    const page = await chair.get(sign());
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('&lt;script>alert(1)&lt;/script>');
    expect(page.body).not.toContain('<script>alert(1)');
    expect((await chair.postForm(sign(), sign(), {})).statusCode).toBe(303);
    expect((await chair.postForm(sign(), sign(), {})).statusCode).toBe(409);
    expect((await secretary.postForm(admin(), admin(), { text: 'muudetud' })).statusCode).toBe(409);
    const csrf = await csrfTokenOf(chair);
    expect((await chair.req({ method: 'POST', url: `${api()}/sign`, headers: { 'x-csrf-token': csrf } })).statusCode).toBe(409);
  });

  it('shows the archive, searchable, with the sitting’s record, signed minutes, PDF and members’ records', async () => {
    expect((await anonymous.get(`/kov/${KOV}/council`)).body).toContain(`href="/kov/${KOV}/council/archive"`);
    const archive = await anonymous.get(`/kov/${KOV}/council/archive`);
    expect(archive.statusCode).toBe(200);
    expect(archive.body).toContain(`/kov/${KOV}/council/archive/sittings/${w.sittingId}`);
    expect(archive.body).toContain('Määrus nr 2 vastu võetud');
    expect((await anonymous.get(`/kov/${KOV}/council/archive?q=${encodeURIComponent('Revisjonikomisjoni')}`)).body).toContain(`archive/sittings/${w.sittingId}`);
    expect((await anonymous.get(`/kov/${KOV}/council/archive?q=${encodeURIComponent('suur saal')}`)).body).toContain(`archive/sittings/${w.sittingId}`);
    expect((await anonymous.get(`/kov/${KOV}/council/archive?q=olematusõna`)).body).not.toContain(`archive/sittings/${w.sittingId}`);
    const sitting = await anonymous.get(`/kov/${KOV}/council/archive/sittings/${w.sittingId}`);
    expect(sitting.statusCode).toBe(200);
    expect(sitting.body).toContain('Koht: Raekoja saal (suur saal)');
    expect(sitting.body).toContain(`${w.members[0]!.name} (${w.members[0]!.faction}): poolt`);
    const pdf = await anonymous.get(`/kov/${KOV}/council/archive/sittings/${w.sittingId}/minutes.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const member = await anonymous.get(`/kov/${KOV}/council/archive/members/${w.members[0]!.personId}`);
    expect(member.statusCode).toBe(200);
    expect(member.body).toContain('Eelnõu 1 vastuvõtmine');
    expect((await anonymous.get(`/kov/${KOV}/council/archive/members/not-an-id`)).statusCode).toBe(404);
    // the API
    const list = (await anonymous.get(`/api/v1/kov/${KOV}/council/archive?q=Revisjonikomisjoni`)).json<{ total: number; sittings: { id: string; minutesSignedAt: string | null }[] }>();
    expect(list.total).toBe(1);
    expect(list.sittings[0]!.minutesSignedAt).not.toBeNull();
    const rec = (await anonymous.get(`/api/v1/kov/${KOV}/council/archive/sittings/${w.sittingId}`)).json<{ record: { items: { votes: { kind: string; choices: unknown[] | null }[] }[] }; minutes: { text: string } | null }>();
    expect(rec.minutes!.text).toContain('suur saal');
    expect(rec.record.items.flatMap((i) => i.votes).map((v) => [v.kind, v.choices?.length ?? null])).toEqual([
      ['open', 24],
      ['open', 25],
      ['open', 25],
      ['secret', null],
    ]);
    const votes = (await anonymous.get(`/api/v1/kov/${KOV}/council/archive/members/${w.members[0]!.personId}`)).json<{ votes: { subject: string; choice: string }[] }>().votes;
    expect(votes.map((v) => v.choice)).toEqual(['for', 'for', 'for']);
    // member 5 recused on item 1: that vote is not in her record
    const m5 = (await anonymous.get(`/api/v1/kov/${KOV}/council/archive/members/${w.members[4]!.personId}`)).json<{ votes: { subject: string }[] }>().votes;
    expect(m5.map((v) => v.subject)).toEqual(['Määruse 2 vastuvõtmine', 'Määruse 2 vastuvõtmine']);
  });

  it('prints the signed minutes’ PDF with every vote by name', async () => {
    const pdf = await anonymous.get(`/kov/${KOV}/council/archive/sittings/${w.sittingId}/minutes.pdf`);
    expect(pdf.statusCode).toBe(200);
    const lines = pdfLines(pdf.rawPayload);
    expect(lines).toContain('Koht: Raekoja saal (suur saal)');
    const annex = lines.slice(lines.indexOf('Lisa: hääletuste nimelised tulemused'));
    expect(annex.length).toBeGreaterThan(1);
    for (const m of w.members.slice(0, 25)) expect(annex.some((l) => l.startsWith(`• ${m.name} (${m.faction}): `))).toBe(true);
    // ?lang=en prints the annex in English
    expect(pdfLines((await anonymous.get(`/kov/${KOV}/council/archive/sittings/${w.sittingId}/minutes.pdf?lang=en`)).rawPayload)).toContain('Annex: the votes by name');
  });
});
