// ELVL's open-data keeper's page through the real app (app.inject, real sessions and CSRF): the keeper
// (platform role opendata-elvl) sees "never", then after a refresh the run and the files (all KOVs,
// one KOV by ?kov=); "refresh now" needs CSRF, queues exactly one refresh job with { force: true }
// (nothing runs in the request), writes its audit entry on the platform chain and redirects with a
// flash; a KOV official, a resident, an API key and anonymous callers are refused; /me links the page.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey } from '../../admin/index.js';
import { PLATFORM_CHAIN, auditEntries } from '../../../kernel/audit.js';
import type { Db } from '../../../kernel/db.js';
import { withCheckDigit } from '../../../kernel/idcode.js';
import type { Agent } from '../../../../test/helpers.js';
import { closeTest, engine, grantRoles, signInAll, twoKovApp } from '../../../../test/helpers.js';
import { AUTO_REFRESH_JOB, lastAutoRun, nightlyRefresh } from './index.js';
import { refreshOptionsOf } from './service.js';

const A = '0784';
const B = '0793';
const KEEPER = withCheckDigit('4800505105');
const OFFICIAL = withCheckDigit('3800606106');
const RESIDENT = withCheckDigit('4800707107');
const ADMIN = withCheckDigit('3800808108');
let db: Db;
let app: FastifyInstance;
let readKey = '';
const as = {} as Record<'keeper' | 'official' | 'resident' | 'admin', Agent>;

const queued = async () => (await app.jobs.counts()).find((c) => c.name === AUTO_REFRESH_JOB)?.counts;

beforeAll(async () => {
  ({ db, app } = await twoKovApp('2026-12-10T10:00:00+02:00', A, B));
  await grantRoles(db, app.config.idcodeHmacKey, [
    [null, KEEPER, 'opendata-elvl'],
    [A, OFFICIAL, 'kov-admin'],
    [null, ADMIN, 'platform-admin'],
  ]);
  Object.assign(as, await signInAll(app, db, { keeper: [KEEPER, 'Kaia'], official: [OFFICIAL, 'Olev'], resident: [RESIDENT, 'Riina'], admin: [ADMIN, 'Peeter'] }));
  readKey = (await createKey(db, { kov: A, name: 'Portal', scopes: ['read', 'write'], actor: { kind: 'system', id: null, name: 'test' } })).key;
}, 120_000);
afterAll(async () => {
  await closeTest(app, db);
});

describe(`the open-data keeper's page (${engine})`, () => {
  it('before any refresh: the page says never and has no KOV to choose', async () => {
    const r = await as.keeper.get('/opendata/keeper');
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toContain('no-store');
    expect(r.body).toContain('<h1>Automaatsed avaandmed</h1>');
    expect(r.body).toContain('Andmestikke ei ole veel kordagi uuendatud.');
    expect(r.body).toContain('Ühelgi omavalitsusel pole veel faile.');
  });

  it('after a refresh: the run (Estonian dates) and each dataset’s files; one KOV’s by ?kov=', async () => {
    const sum = await nightlyRefresh(db, { force: true });
    expect(sum).toMatchObject({ files: 30, errors: 0 });
    const run = (await lastAutoRun(db))!;
    const r = await as.keeper.get('/opendata/keeper');
    expect(r.statusCode).toBe(200);
    expect(r.body).not.toContain('Andmestikke ei ole veel kordagi uuendatud.');
    expect(r.body).toMatch(/<dt>Algus<\/dt><dd>10\.12\.2026 \d\d:\d\d<\/dd>/);
    expect(r.body).toMatch(/<dt>Lõpp<\/dt><dd>10\.12\.2026 \d\d:\d\d<\/dd>/);
    expect(r.body).toContain('<dt>Faile kirjutatud</dt><dd>30</dd>');
    expect(r.body).toContain(`<dt>Vigu (omavalitsus × andmestik)</dt><dd>0</dd>`);
    expect(run.files).toBe(30);
    // the datasets' table: a caption, column headers, every all-KOV file linked
    expect(r.body).toContain('<caption>Andmestikud: kõigi omavalitsuste failid ja omavalitsused, kellel on failid</caption>');
    expect(r.body).toContain('<th scope="col" class="num">Omavalitsusi failidega</th>');
    expect(r.body).toContain('Probleemiteated kõigis omavalitsustes');
    for (const key of ['reports', 'services', 'polls', 'budgets', 'council-votes']) {
      expect(r.body).toContain(`href="/opendata/auto/all/${key}.csv"`);
      expect(r.body).toContain(`href="/opendata/auto/all/${key}.json"`);
    }
    // no KOV chosen: no KOV's files yet, but both KOVs to choose from (labelled select)
    expect(r.body).not.toContain(`/opendata/auto/${A}/`);
    expect(r.body).toContain('<label for="f-kov"');
    expect(r.body).toContain(`<option value="${A}">Tallinn (${A})</option>`);
    expect(r.body).toContain(`<option value="${B}">Tartu (${B})</option>`);

    const one = await as.keeper.get(`/opendata/keeper?kov=${A}`);
    expect(one.statusCode).toBe(200);
    expect(one.body).toContain('<caption>Tallinn: andmestike failid</caption>');
    expect(one.body).toContain(`href="/opendata/auto/${A}/services.json"`);
    expect(one.body).toContain('Tallinn: probleemiteated');
    expect(one.body).not.toContain(`/opendata/auto/${B}/`);
    // the file the page links is there
    expect((await app.inject({ url: `/opendata/auto/${A}/services.json` })).statusCode).toBe(200);
    // an unknown or malformed KOV: just the summary
    for (const q of ['9999', 'x']) {
      const other = await as.keeper.get(`/opendata/keeper?kov=${q}`);
      expect(other.statusCode).toBe(200);
      expect(other.body).not.toContain(`/opendata/auto/${A}/`);
    }
    // in English too
    const en = await as.keeper.get(`/opendata/keeper?kov=${A}&lang=en`);
    expect(en.body).toContain('<h1>Automatic open datasets</h1>');
    expect(en.body).toContain('Tallinn: problem reports');
    await as.keeper.get('/opendata/keeper?lang=et');
  });

  it('refuses anonymous callers, a KOV official, a resident and an API key; a platform admin may', async () => {
    expect((await app.inject({ url: '/opendata/keeper' })).statusCode).toBe(401);
    expect((await as.official.get('/opendata/keeper')).statusCode).toBe(403);
    expect((await as.resident.get('/opendata/keeper')).statusCode).toBe(403);
    expect((await app.inject({ url: '/opendata/keeper', headers: { authorization: `Bearer ${readKey}` } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/opendata/keeper/refresh', headers: { authorization: `Bearer ${readKey}` } })).statusCode).toBe(403);
    expect((await as.admin.get('/opendata/keeper')).statusCode).toBe(200);
    // an official's own CSRF token does not open the keeper's refresh
    const post = await as.official.postForm('/me', '/opendata/keeper/refresh', {});
    expect(post.statusCode).toBe(403);
    expect((await queued())?.created ?? 0).toBe(0);
  });

  it('refresh now: refused without CSRF; with it one job { force } is queued, audited, and the page says so', async () => {
    const before = await queued();
    expect(before?.created ?? 0).toBe(0);
    const noCsrf = await as.keeper.req({ method: 'POST', url: '/opendata/keeper/refresh', form: {} });
    expect(noCsrf.statusCode).toBe(403);
    expect((await queued())?.created ?? 0).toBe(0);

    const r = await as.keeper.postForm('/opendata/keeper', '/opendata/keeper/refresh', {});
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/opendata/keeper');
    const counts = (await queued())!;
    expect(counts.created + counts.retry + counts.active + counts.completed).toBe(1);
    expect(counts.created).toBe(1);

    const entries = await db.tx((t) => auditEntries(t, PLATFORM_CHAIN, { action: 'opendata.auto.refreshRequested' }, 10, 0), { kov: PLATFORM_CHAIN });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: { kind: 'person', name: 'Kaia Test' }, target: { type: 'job' }, after: { job: AUTO_REFRESH_JOB, force: true } });
    const job = await app.jobs.get(entries[0]!.target.id!);
    expect(job).toMatchObject({ name: AUTO_REFRESH_JOB, state: 'created' });

    const page = await as.keeper.get('/opendata/keeper');
    expect(page.body).toContain('Uuendus on järjekorras.');
    // the flash is shown once
    expect((await as.keeper.get('/opendata/keeper')).body).not.toContain('Uuendus on järjekorras.');

    // from one KOV's view, back to that view (the form carries the KOV); a bad code goes to the page
    const one = await as.keeper.postForm('/opendata/keeper?kov=0784', '/opendata/keeper/refresh', { kov: '0784' });
    expect(one.headers.location).toBe('/opendata/keeper?kov=0784');
    const bad = await as.keeper.postForm('/opendata/keeper', '/opendata/keeper/refresh', { kov: '//evil.example' });
    expect(bad.headers.location).toBe('/opendata/keeper');
  });

  it('"only this KOV": the job asks for that KOV alone and the refresh it runs writes only its files; an unknown KOV is 404', async () => {
    const page = await as.keeper.get(`/opendata/keeper?kov=${A}`);
    expect(page.body).toContain('name="scope" value="kov"');
    expect(page.body).toContain('Uuenda ainult omavalitsuse Tallinn failid');
    expect((await as.keeper.get('/opendata/keeper')).body).not.toContain('value="kov"'); // no KOV chosen: one button
    const r = await as.keeper.postForm(`/opendata/keeper?kov=${A}`, '/opendata/keeper/refresh', { kov: A, scope: 'kov' });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`/opendata/keeper?kov=${A}`);
    const entries = await db.tx((t) => auditEntries(t, PLATFORM_CHAIN, { action: 'opendata.auto.refreshRequested' }, 10, 0), { kov: PLATFORM_CHAIN });
    expect(entries[0]).toMatchObject({ after: { job: AUTO_REFRESH_JOB, force: true, kovs: [A] } });
    // what the job's handler does with that payload: only the KOV's 5 datasets × 2 formats
    const opts = refreshOptionsOf({ force: true, kovs: [A] });
    expect(opts).toEqual({ force: true, kovs: [A] });
    expect(await nightlyRefresh(db, opts)).toMatchObject({ files: 10, errors: 0 });
    // a payload's rubbish is dropped (then every KOV)
    expect(refreshOptionsOf({ kovs: ['x', 7 as unknown as string] })).toEqual({ force: false });

    const before = (await queued())!;
    const unknown = await as.keeper.postForm(`/opendata/keeper?kov=${A}`, '/opendata/keeper/refresh', { kov: '9999', scope: 'kov' });
    expect(unknown.statusCode).toBe(404);
    expect((await queued())!.created).toBe(before.created);
  });

  it('/me of a person with only opendata-elvl links the page; a resident’s does not', async () => {
    const me = await as.keeper.get('/me');
    expect(me.statusCode).toBe(200);
    expect(me.body).toContain('href="/opendata/keeper"');
    expect(me.body).toContain('Automaatsed avaandmed');
    expect((await as.resident.get('/me')).body).not.toContain('href="/opendata/keeper"');
    expect((await as.official.get('/me')).body).not.toContain('href="/opendata/keeper"');
  });
});
