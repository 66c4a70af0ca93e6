// The catalogue's official pages over HTTP (app.inject, real sessions and CSRF) on PGlite and
// (TEST_DATABASE_URL) PostgreSQL: a service owner creates a service (errors back on the form with a
// summary), adds a channel and a step, uploads a BPMN diagram (tasks listed as text, XML never as
// markup), publishes with a confirmation, edits into a new version, sees the history and archives;
// adopts a template; the cross-KOV view; ELVL keeps templates. A resident, another KOV's admin and
// anonymous callers are refused; the KOV admin dashboard links here.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { withCheckDigit } from '../../kernel/idcode.js';
import type { Agent } from '../../../test/helpers.js';
import { csrfFrom, engine, grantRoles, signInAll, twoKovApp, csrfFileForm } from '../../../test/helpers.js';
import { sampleBpmn } from './demo.js';
import { SERVICES_KOV as A, SERVICES_OTHER_KOV as B, sampleContent } from './fixtures.js';
import { createTemplate, getService, listVersions, updateService } from './service.js';

const SYSTEM: Actor = { kind: 'system', id: null, name: 'test' };
const OWNER = withCheckDigit('4800101001');
const OTHER_ADMIN = withCheckDigit('3800303003');
const RESIDENT = withCheckDigit('4800404004');
const ELVL = withCheckDigit('3800505005');
let db: Db;
let app: FastifyInstance;
const as = {} as Record<'owner' | 'other' | 'resident' | 'elvl', Agent>;
let templateId: string;

beforeAll(async () => {
  ({ db, app } = await twoKovApp('2026-12-10T10:00:00+02:00', A, B));
  await grantRoles(db, app.config.idcodeHmacKey, [[A, OWNER, 'service-owner'], [B, OTHER_ADMIN, 'kov-admin'], [null, ELVL, 'services-elvl']]);
  Object.assign(as, await signInAll(app, db, { owner: [OWNER, 'Kati'], other: [OTHER_ADMIN, 'Toomas'], resident: [RESIDENT, 'Liis'], elvl: [ELVL, 'Elvi'] }));
  templateId = (await createTemplate(db, { code: 'ehitusluba', content: sampleContent({ name: { et: 'Ehitusluba', en: 'Building permit', ru: '' }, unit: '', ownerName: '', ownerEmail: '' }), stateOverlap: true }, SYSTEM)).id;
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

const admin = `/kov/${A}/services/admin`;

describe(`services official pages (${engine})`, () => {
  it('only the KOV’s service owners and admins reach them', async () => {
    expect((await app.inject({ url: admin })).statusCode).toBe(401);
    expect((await as.resident.get(admin)).statusCode).toBe(403);
    expect((await as.other.get(admin)).statusCode).toBe(403);
    const ok = await as.owner.get(admin);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('<h1>Teenuste haldus</h1>');
    expect((await as.owner.get(`/kov/${B}/services/admin`)).statusCode).toBe(403);
    // posting into another KOV is refused too
    const token = csrfFrom((await as.other.get(`/kov/${B}/services/admin/new`)).body);
    expect((await as.other.req({ method: 'POST', url: `${admin}/new`, form: { _csrf: token, 'name.et': 'Võõras' } })).statusCode).toBe(403);
  });

  let id = '';

  it('a new service: errors come back on the form with a summary; then it is created as a draft', async () => {
    const page = await as.owner.get(`${admin}/new`);
    const token = csrfFrom(page.body);
    const bad = await as.owner.req({ method: 'POST', url: `${admin}/new`, form: { _csrf: token, 'name.et': '', 'description.et': 'Kirjeldus', legalBases: 'Seadus | § 1 | riigiteataja', keywords: 'a' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('class="error-summary"');
    expect(bad.body).toContain('href="#f-name.et"');
    expect(bad.body).toContain('href="#f-legalBases"');
    expect(bad.body).toContain('Seadus | § 1 | riigiteataja');
    const ok = await as.owner.req({
      method: 'POST',
      url: `${admin}/new`,
      form: { _csrf: token, 'name.et': 'Hooldajatoetus', 'name.en': 'Carer allowance', 'description.et': 'Toetus puudega inimese hooldajale.', legalBases: 'Sotsiaalhoolekande seadus | § 26 | https://www.riigiteataja.ee/akt/SHS', keywords: 'hooldus, toetus', audiences: 'disabled', lifeEvents: 'caring' },
    });
    expect(ok.statusCode).toBe(303);
    id = /\/([0-9a-f-]{36})$/.exec(ok.headers.location as string)![1]!;
    const v = (await getService(db, A, id))!;
    expect(v).toMatchObject({ status: 'draft', slug: 'hooldajatoetus' });
    expect(v.content.legalBases).toEqual([{ act: 'Sotsiaalhoolekande seadus', section: '§ 26', url: 'https://www.riigiteataja.ee/akt/SHS' }]);
    expect(v.content.audiences).toEqual(['disabled']);
    expect(v.content.keywords).toEqual(['hooldus', 'toetus']);
  });

  it('channels and steps are added on the service page; bad ones come back with their errors', async () => {
    const page = await as.owner.get(`${admin}/${id}`);
    expect(page.statusCode).toBe(200);
    const token = csrfFrom(page.body);
    const bad = await as.owner.req({ method: 'POST', url: `${admin}/${id}/channels`, form: { _csrf: token, 'channel.kind': 'eservice', 'channel.url': 'iseteenindus', 'channel.cost': '5', 'channel.processingTime': '10 päeva' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#f-channel.url"');
    expect(bad.body).toContain('href="#f-channel.processingTime"');
    const badCost = await as.owner.req({ method: 'POST', url: `${admin}/${id}/channels`, form: { _csrf: token, 'channel.kind': 'office', 'channel.address': 'Vabaduse 7', 'channel.cost': 'kümme' } });
    expect(badCost.body).toContain('href="#f-channel.cost"');
    expect((await as.owner.req({ method: 'POST', url: `${admin}/${id}/channels`, form: { _csrf: token, 'channel.kind': 'eservice', 'channel.url': 'https://iseteenindus.tallinn.ee/', 'channel.cost': '0', 'channel.processingTime': 'p10d' } })).statusCode).toBe(303);
    expect((await as.owner.req({ method: 'POST', url: `${admin}/${id}/channels`, form: { _csrf: token, 'channel.kind': 'office', 'channel.address': 'Vabaduse väljak 7', 'channel.cost': '12,50', 'channel.openingHours': 'E–R 9–17' } })).statusCode).toBe(303);
    await as.owner.req({ method: 'POST', url: `${admin}/${id}/steps`, form: { _csrf: token, 'step.what': 'Taotluse esitamine', 'step.who': 'Taotleja' } });
    await as.owner.req({ method: 'POST', url: `${admin}/${id}/steps`, form: { _csrf: token, 'step.what': 'Otsus', 'step.who': 'Sotsiaalosakond', 'step.duration': 'P10D' } });
    await as.owner.req({ method: 'POST', url: `${admin}/${id}/steps/1/up`, form: { _csrf: token } });
    const v = (await getService(db, A, id))!;
    expect(v.content.channels.map((c) => [c.kind, c.costCents, c.processingTime])).toEqual([
      ['eservice', 0, 'P10D'],
      ['office', 1250, ''],
    ]);
    expect(v.content.steps.map((s) => s.what)).toEqual(['Otsus', 'Taotluse esitamine']);
    const shown = (await as.owner.get(`${admin}/${id}`)).body;
    expect(shown).toContain('12,50 €');
    expect(shown).toContain('10 päeva');
    await as.owner.req({ method: 'POST', url: `${admin}/${id}/channels/1/remove`, form: { _csrf: token } });
    expect((await getService(db, A, id))!.content.channels).toHaveLength(1);
    expect((await as.owner.req({ method: 'POST', url: `${admin}/${id}/channels/7/remove`, form: { _csrf: token } })).statusCode).toBe(404);
  });

  it('a BPMN diagram: uploaded, its tasks listed as text (never raw XML), downloadable; a wrong file refused', async () => {
    const token = csrfFrom((await as.owner.get(`${admin}/${id}`)).body);
    const bpmn = sampleBpmn([
      { name: 'Taotluse <b>registreerimine</b>', lane: 'Teenindusbüroo' },
      { name: 'Otsuse tegemine', lane: 'Sotsiaalosakond' },
    ]);
    const up = await app.inject({ method: 'POST', url: `${admin}/${id}/diagrams`, ...csrfFileForm(token, { name: 'hooldus.bpmn', bytes: Buffer.from(bpmn) }), headers: { ...csrfFileForm(token, { name: 'x', bytes: Buffer.alloc(0) }).headers, cookie: as.owner.cookieHeader() } });
    expect(up.statusCode).toBe(303);
    const page = (await as.owner.get(`${admin}/${id}`)).body;
    expect(page).toContain('Taotluse &lt;b>registreerimine&lt;/b> (Teenindusbüroo)');
    expect(page).not.toContain('<b>registreerimine</b>');
    const href = /href="([^"]+\/diagrams\/[0-9a-f-]{36})"/.exec(page)![1]!;
    const dl = await as.owner.get(href);
    expect(dl.headers['content-disposition']).toContain('attachment');
    expect(dl.body).toBe(bpmn);
    expect((await as.other.get(href.replace(`/kov/${A}/`, `/kov/${B}/`))).statusCode).toBe(404);
    const bad = await app.inject({ method: 'POST', url: `${admin}/${id}/diagrams`, payload: csrfFileForm(token, { name: 'x.bpmn', bytes: Buffer.from('<html><body>hi</body></html>') }).payload, headers: { ...csrfFileForm(token, { name: 'x', bytes: Buffer.alloc(0) }).headers, cookie: as.owner.cookieHeader() } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('BPMN 2.0 (.bpmn) või draw.io');
  });

  it('publish with a confirmation; an edit makes version 2 while version 1 stays public; history; archive', async () => {
    const confirm = await as.owner.get(`${admin}/${id}/publish`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Jah, avalda');
    const token = csrfFrom(confirm.body);
    expect((await as.owner.req({ method: 'POST', url: `${admin}/${id}/publish`, form: { _csrf: token } })).statusCode).toBe(303);
    expect((await getService(db, A, id))!.status).toBe('published');
    const edit = await as.owner.get(`${admin}/${id}/edit`);
    expect(edit.body).toContain('uue mustandversiooni');
    const r = await as.owner.req({ method: 'POST', url: `${admin}/${id}/edit`, form: { _csrf: csrfFrom(edit.body), stamp: /name="stamp" value="([^"]+)"/.exec(edit.body)![1]!, 'name.et': 'Hooldajatoetus 2027', 'description.et': 'Uus tekst.', legalBases: 'Sotsiaalhoolekande seadus | § 26 |' } });
    expect(r.statusCode).toBe(303);
    const v = (await getService(db, A, id))!;
    expect(v).toMatchObject({ currentNo: 1, draftNo: 2, status: 'published' });
    // channels and steps are kept by the main form
    expect(v.content.channels).toHaveLength(1);
    expect((await listVersions(db, A, id))!.map((x) => x.versionNo)).toEqual([2, 1]);
    const history = await as.owner.get(`${admin}/${id}/versions`);
    expect(history.body).toContain('Versioon 2');
    const v1 = await as.owner.get(`${admin}/${id}/versions/1`);
    expect(v1.body).toContain('Hooldajatoetus');
    expect((await as.owner.get(`${admin}/${id}/versions/9`)).statusCode).toBe(404);
    expect((await as.owner.get(`${admin}?status=published`)).body).toContain('avaldamata mustand: versioon 2');
    // a form read before someone else's change is refused (no lost update); the re-rendered form saves
    const stale = await as.owner.get(`${admin}/${id}/edit`);
    await updateService(db, A, id, { ...(await getService(db, A, id))!.content, keywords: ['muudetud'] }, SYSTEM);
    const form = { _csrf: csrfFrom(stale.body), stamp: /name="stamp" value="([^"]+)"/.exec(stale.body)![1]!, 'name.et': 'Hooldajatoetus (vana vorm)', 'description.et': 'Vana.' };
    const refused = await as.owner.req({ method: 'POST', url: `${admin}/${id}/edit`, form });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Keegi muutis teenust vahepeal');
    expect((await getService(db, A, id))!.content.keywords).toEqual(['muudetud']);
    const again = await as.owner.req({ method: 'POST', url: `${admin}/${id}/edit`, form: { ...form, stamp: /name="stamp" value="([^"]+)"/.exec(refused.body)![1]! } });
    expect(again.statusCode).toBe(303);
    const archive = await as.owner.get(`${admin}/${id}/archive`);
    expect((await as.owner.req({ method: 'POST', url: `${admin}/${id}/archive`, form: { _csrf: csrfFrom(archive.body) } })).statusCode).toBe(303);
    expect((await getService(db, A, id))!.status).toBe('archived');
  });

  it('adopting a template opens the prefilled draft for editing', async () => {
    const page = await as.owner.get(`${admin}/adopt`);
    expect(page.body).toContain('Ehitusluba');
    const r = await as.owner.req({ method: 'POST', url: `${admin}/adopt`, form: { _csrf: csrfFrom(page.body), templateId } });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toMatch(/\/edit$/);
    const edit = await as.owner.get(r.headers.location as string);
    expect(edit.body).toContain('value="Ehitusluba"');
    expect((await as.owner.get(`${admin}/adopt`)).body).toContain('Juba olemas:');
  });

  it('cross-KOV view for every official; templates only for ELVL', async () => {
    expect((await as.resident.get('/services/admin/cross-kov')).statusCode).toBe(403);
    const cross = await as.other.get('/services/admin/cross-kov');
    expect(cross.statusCode).toBe(200);
    expect(cross.body).toContain('Ehitusluba');
    expect((await as.owner.get('/services/admin/templates')).statusCode).toBe(403);
    const list = await as.elvl.get('/services/admin/templates');
    expect(list.statusCode).toBe(200);
    const form = await as.elvl.get('/services/admin/templates/new');
    const bad = await as.elvl.req({ method: 'POST', url: '/services/admin/templates/new', form: { _csrf: csrfFrom(form.body), code: 'Vale Kood', 'name.et': 'X', 'description.et': 'Y' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#f-code"');
    const ok = await as.elvl.req({ method: 'POST', url: '/services/admin/templates/new', form: { _csrf: csrfFrom(form.body), code: 'jaatmeveo-soodustus', 'name.et': 'Jäätmeveo soodustus', 'description.et': 'Soodustus', flags: ['stateOverlap', 'active'] as unknown as string } });
    expect(ok.statusCode).toBe(303);
    expect((await as.elvl.get('/services/admin/templates')).body).toContain('jaatmeveo-soodustus');
  });

  it('the KOV admin dashboard links to the catalogue', async () => {
    const adminOfB = await as.other.get(`/kov/${B}/admin`);
    expect(adminOfB.body).toContain(`/kov/${B}/services/admin`);
  });

  it('a service owner (no KOV admin) finds her pages on her own page: the catalogue and the feedback pages, nothing else', async () => {
    const me = await as.owner.get('/me');
    expect(me.statusCode).toBe(200);
    for (const path of ['services/admin', 'feedback', 'feedback/moderation', 'feedback/share']) expect(me.body).toContain(`href="/kov/${A}/${path}"`);
    expect(me.body).not.toContain(`/kov/${A}/reports/admin`);
    expect(me.body).not.toContain(`/kov/${A}/admin"`);
    // a resident has no such pages
    expect((await as.resident.get('/me')).body).not.toContain('/services/admin');
  });
});
