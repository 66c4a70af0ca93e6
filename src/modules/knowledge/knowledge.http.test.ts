// The knowledge base over HTTP (app.inject, real sessions and CSRF) on PGlite and (TEST_DATABASE_URL)
// PostgreSQL. Visibility on every path: a one-KOV article of Tallinn never reaches Tartu's officials,
// residents or anonymous callers — not in the list, the article page, the search, the API, the file
// download, the history or the diff — and row-level security hides it even without the queries'
// clause. Authors write (every save a version, audited with names), ELVL's editors write public
// articles and keep the mentors; "was this helpful" once per person, counts shown to the authors.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_CHAIN, auditActionsOf, auditEntries } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { withCheckDigit } from '../../kernel/idcode.js';
import { uuidv7 } from '../../kernel/ids.js';
import { auditActionName } from '../../kernel/module.js';
import { createKey } from '../admin/index.js';
import type { Agent } from '../../../test/helpers.js';
import { closeTest, csrfFrom, engine, grantRoles, signInAll, twoKovApp, csrfFileForm } from '../../../test/helpers.js';
import { FIXTURE_ACTOR, articleIn } from './fixtures.js';
import { PLATFORM_OWNER } from './model.js';
import { addFile, createArticle, helpfulCounts, updateArticle } from './service.js';
import { sampleArticle } from './fixtures.js';

const A = '0784'; // Tallinn
const B = '0793'; // Tartu
const AUTHOR = withCheckDigit('4800101001');
const OTHER = withCheckDigit('3800303003');
const RESIDENT = withCheckDigit('4800404004');
const ELVL = withCheckDigit('3800505005');
let db: Db;
let app: FastifyInstance;
const as = {} as Record<'author' | 'other' | 'resident' | 'elvl', Agent>;
let keyOfB: string;
let keyOfA: string;
const ids = {} as Record<'secret' | 'shared' | 'pub', string>;
let fileId: string;

beforeAll(async () => {
  ({ db, app } = await twoKovApp('2026-12-17T10:00:00+02:00', A, B));
  await grantRoles(db, app.config.idcodeHmacKey, [[A, AUTHOR, 'knowledge-author'], [B, OTHER, 'kov-admin'], [null, ELVL, 'knowledge-editor']]);
  Object.assign(as, await signInAll(app, db, { author: [AUTHOR, 'Kati'], other: [OTHER, 'Toomas'], resident: [RESIDENT, 'Liis'], elvl: [ELVL, 'Elvi'] }));
  ids.secret = await articleIn(db, A, {
    visibility: 'kov',
    kind: 'template',
    title: { et: 'Salajane turvalisuse kord', en: 'Secret security procedure', ru: 'Секретный порядок' },
    bodyMd: 'Tallinna sisemine kord: paroolid ja turvalisus.',
  });
  await updateArticle(db, A, ids.secret, { ...sampleArticle({ visibility: 'kov', title: { et: 'Salajane turvalisuse kord', en: '', ru: '' } }), bodyMd: 'Tallinna sisemine kord: paroolid, turvalisus ja varukoopiad.', note: 'teine' }, FIXTURE_ACTOR);
  fileId = (await addFile(db, A, ids.secret, { name: 'kord.md', bytes: Buffer.from('# Kord\n') }, FIXTURE_ACTOR)).id;
  ids.shared = await articleIn(db, A, { visibility: 'officials', title: { et: 'Kaugtöö ja paroolid', en: 'Remote work', ru: '' } });
  ids.pub = await articleIn(db, PLATFORM_OWNER, { visibility: 'public', title: { et: 'Paroolipoliitika', en: 'Password policy', ru: 'Политика паролей' }, bodyMd: 'Turvalisus algab headest paroolidest.' });
  keyOfB = (await createKey(db, { kov: B, name: 'Tartu DHS', scopes: ['read'], actor: FIXTURE_ACTOR })).key;
  keyOfA = (await createKey(db, { kov: A, name: 'Tallinn DHS', scopes: ['read'], actor: FIXTURE_ACTOR })).key;
});
afterAll(async () => closeTest(app, db));

const anon = (url: string) => app.inject({ url });

describe(`knowledge visibility (${engine})`, () => {
  it('list: Tallinn’s one-KOV article only for Tallinn’s officials; all-officials ones for every official; public for everyone', async () => {
    const anonList = (await anon('/knowledge')).body;
    expect(anonList).toContain('Paroolipoliitika');
    expect(anonList).not.toContain('Kaugtöö ja paroolid');
    expect(anonList).not.toContain('Salajane');
    for (const who of [as.resident]) expect((await who.get('/knowledge')).body).not.toMatch(/Salajane|Kaugtöö ja paroolid/);
    const other = (await as.other.get('/knowledge')).body;
    expect(other).toContain('Kaugtöö ja paroolid');
    expect(other).not.toContain('Salajane');
    // Tartu's official asking for Tallinn's view gets their own KOV's
    expect((await as.other.get(`/knowledge?kov=${A}`)).body).not.toContain('Salajane');
    expect((await as.author.get('/knowledge')).body).toContain('Salajane turvalisuse kord');
    // a KOV's page: Tallinn's articles as its own officials see them; others only the public ones
    expect((await as.other.get(`/kov/${A}/knowledge`)).body).not.toMatch(/Salajane|Kaugtöö/);
    expect((await as.author.get(`/kov/${A}/knowledge`)).body).toContain('Salajane');
  });

  it('article page, history, diff and file download: 404 for everyone but Tallinn’s officials', async () => {
    const paths = [`/knowledge/a/${ids.secret}`, `/knowledge/a/${ids.secret}/versions`, `/knowledge/a/${ids.secret}/diff?from=1&to=2`, `/knowledge/a/${ids.secret}/files/${fileId}`];
    for (const p of paths) {
      expect((await anon(p)).statusCode, p).toBe(404);
      expect((await as.resident.get(p)).statusCode, p).toBe(404);
      expect((await as.other.get(p)).statusCode, p).toBe(404);
      expect((await as.elvl.get(p)).statusCode, p).toBe(404);
      expect((await as.author.get(p)).statusCode, p).toBe(200);
    }
    for (const p of [`/knowledge/a/${ids.shared}`, `/knowledge/a/${ids.shared}/versions`]) {
      expect((await anon(p)).statusCode).toBe(404);
      expect((await as.other.get(p)).statusCode).toBe(200);
    }
    expect((await anon(`/knowledge/a/${ids.pub}`)).statusCode).toBe(200);
    // the download: attachment, its type, nosniff
    const f = await as.author.get(`/knowledge/a/${ids.secret}/files/${fileId}`);
    expect(f.headers['content-disposition']).toBe(`attachment; filename="kord.md"; filename*=UTF-8''kord.md`);
    expect(f.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(f.body).toBe('# Kord\n');
  });

  it('search: the one-KOV article is never a hit for others, however it is searched', async () => {
    for (const q of ['turvalisuse', 'salajane', 'paroolid', 'varukoopiad']) {
      expect((await anon(`/knowledge?q=${q}`)).body).not.toContain('Salajane');
      expect((await as.other.get(`/knowledge?q=${q}`)).body).not.toContain('Salajane');
      expect((await as.resident.get(`/knowledge?q=${q}`)).body).not.toContain('Salajane');
    }
    const mine = (await as.author.get('/knowledge?q=varukoopiaid')).body;
    expect(mine).toContain('Salajane');
    expect(mine).toContain('<mark>varukoopiad</mark>');
  });

  it('API: anonymous public only; an API key of Tartu all-officials but not Tallinn’s own; Tallinn’s key sees it', async () => {
    const list = async (headers: Record<string, string>, q = '') => JSON.parse((await app.inject({ url: `/api/v1/knowledge/articles${q}`, headers })).body) as { items: { id: string }[] };
    const idsOf = (r: { items: { id: string }[] }) => r.items.map((i) => i.id).sort();
    expect(idsOf(await list({}))).toEqual([ids.pub]);
    expect(idsOf(await list({ authorization: `Bearer ${keyOfB}` }))).toEqual([ids.shared, ids.pub].sort());
    expect(idsOf(await list({ authorization: `Bearer ${keyOfB}` }, '?q=turvalisus'))).not.toContain(ids.secret);
    expect(idsOf(await list({ authorization: `Bearer ${keyOfA}` }, '?q=turvalisus'))).toContain(ids.secret);
    expect((await app.inject({ url: `/api/v1/knowledge/articles/${ids.secret}`, headers: { authorization: `Bearer ${keyOfB}` } })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/v1/knowledge/articles/${ids.secret}` })).statusCode).toBe(404);
    const own = await app.inject({ url: `/api/v1/knowledge/articles/${ids.secret}`, headers: { authorization: `Bearer ${keyOfA}` } });
    expect(own.statusCode).toBe(200);
    expect(JSON.parse(own.body)).toMatchObject({ id: ids.secret, visibility: 'kov', version: 2, files: [{ id: fileId, name: 'kord.md' }] });
  });

  it('row-level security hides the one-KOV rows from another KOV’s transaction, even with no visibility clause', async () => {
    const seen = (kov: string | null) =>
      db.tx(async (t) => {
        const q = async (sql: string) => (await t.query<{ n: number }>(sql))[0]!.n;
        return [
          await q(`SELECT count(*)::int AS n FROM knowledge_article WHERE visibility = 'kov'`),
          await q(`SELECT count(*)::int AS n FROM knowledge_version v JOIN knowledge_article a ON a.id = v.article_id WHERE a.visibility = 'kov'`),
          await q(`SELECT count(*)::int AS n FROM knowledge_version WHERE kov_code = '${A}' AND version_no = 2`),
          await q(`SELECT count(*)::int AS n FROM knowledge_file`),
        ];
      }, { kov });
    expect(await seen(B)).toEqual([0, 0, 0, 0]);
    expect(await seen(null)).toEqual([0, 0, 0, 0]);
    expect(await seen(A)).toEqual([1, 2, 1, 1]);
    await expect(db.tx((t) => t.query(`UPDATE knowledge_article SET summary = 'x' WHERE id = $1`, [ids.shared]), { kov: B }).then(() => 'no error')).resolves.toBe('no error');
    const unchanged = await db.tx((t) => t.one<{ summary: string }>(`SELECT summary FROM knowledge_article WHERE id = $1`, [ids.shared]), { kov: A });
    expect(unchanged?.summary).not.toBe('x');
  });
});

describe(`knowledge authoring (${engine})`, () => {
  const base = `/kov/${A}/knowledge/admin`;

  it('only the KOV’s authors and admins write its articles; ELVL’s editors the platform’s', async () => {
    expect((await anon(base)).statusCode).toBe(401);
    expect((await as.resident.get(base)).statusCode).toBe(403);
    expect((await as.other.get(base)).statusCode).toBe(403);
    expect((await as.elvl.get(base)).statusCode).toBe(403);
    expect((await as.author.get(base)).statusCode).toBe(200);
    expect((await as.author.get('/knowledge/admin')).statusCode).toBe(403);
    expect((await as.elvl.get('/knowledge/admin')).statusCode).toBe(200);
    // found from the knowledge base's page
    expect((await as.elvl.get('/knowledge')).body).toContain('href="/knowledge/admin"');
    expect((await as.author.get('/knowledge')).body).toContain(`href="${base}"`);
    expect((await as.other.get('/knowledge')).body).toContain(`href="/kov/${B}/knowledge/admin"`);
    expect((await as.resident.get('/knowledge')).body).not.toContain('/knowledge/admin');
  });

  it('creates (errors back on the form), saves a new version, shows the history and an accessible diff; audited', async () => {
    const bad = await as.author.postForm(`${base}/new`, `${base}/new`, { kind: 'guide', domain: 'security', visibility: 'public', 'title.et': '', bodyMd: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#f-title.et"');
    expect(bad.body).toContain('href="#f-visibility"');
    const ok = await as.author.postForm(`${base}/new`, `${base}/new`, {
      kind: 'guide',
      domain: 'it',
      visibility: 'kov',
      'title.et': 'Varundamise juhend',
      'title.en': 'Backup guide',
      'title.ru': '',
      summary: 'Kuidas varundada.',
      tags: 'varukoopiad, IT',
      bodyMd: 'Tehke varukoopia iga päev. <script>alert(1)</script> [x](javascript:alert(1))',
      note: 'algus',
    });
    expect(ok.statusCode).toBe(303);
    const id = /\/admin\/([0-9a-f-]{36})$/.exec(ok.headers.location as string)![1]!;
    const page = (await as.author.get(`/knowledge/a/${id}`)).body;
    expect(page).not.toMatch(/<script>alert|javascript:/);
    const edit = await as.author.postForm(`${base}/${id}/edit`, `${base}/${id}/edit`, {
      kind: 'guide',
      domain: 'it',
      visibility: 'kov',
      'title.et': 'Varundamise juhend',
      bodyMd: 'Tehke varukoopia iga päev ja hoidke üks koopia võrgust eraldi.',
      note: 'võrguväline koopia',
    });
    expect(edit.statusCode).toBe(303);
    const hist = (await as.author.get(`/knowledge/a/${id}/versions`)).body;
    expect(hist).toContain('võrguväline koopia');
    const diff = (await as.author.get(`/knowledge/a/${id}/diff?from=1&to=2`)).body;
    expect(diff).toMatch(/<ins><span class="visually-hidden">\[lisatud: <\/span>/);
    expect(diff).toMatch(/<del><span class="visually-hidden">\[eemaldatud: <\/span>/);
    const actions = await db.tx((t) => auditActionsOf(t, A), { kov: A });
    expect(actions).toEqual(expect.arrayContaining(['knowledge.article.create', 'knowledge.article.update', 'knowledge.file.add']));
    for (const a of actions.filter((x) => x.startsWith('knowledge.'))) expect(auditActionName(a)).toMatchObject({ et: expect.any(String), en: expect.any(String), ru: expect.any(String) });
  });

  it('uploads a template file with a content check and a size limit; removes it', async () => {
    const page = await as.author.get(`${base}/${ids.shared}`);
    const token = csrfFrom(page.body);
    const fake = await as.author.req({ method: 'POST', url: `${base}/${ids.shared}/files`, ...csrfFileForm(token, { name: 'mall.pdf', bytes: Buffer.from('not a pdf') }) });
    expect(fake.statusCode).toBe(400);
    expect(fake.body).toContain('Faili sisu ei vasta');
    const big = await as.author.req({ method: 'POST', url: `${base}/${ids.shared}/files`, ...csrfFileForm(token, { name: 'mall.txt', bytes: Buffer.alloc(5 * 1024 * 1024 + 10, 0x61) }) });
    expect(big.statusCode).toBe(400);
    const good = await as.author.req({ method: 'POST', url: `${base}/${ids.shared}/files`, ...csrfFileForm(token, { name: 'mall.pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') }) });
    expect(good.statusCode).toBe(303);
    const other = await as.other.req({ method: 'POST', url: `${base}/${ids.shared}/files`, ...csrfFileForm(token, { name: 'mall.pdf', bytes: Buffer.from('%PDF-1.4\n') }) });
    expect(other.statusCode).toBe(403);
    const listed = (await as.author.get(`${base}/${ids.shared}`)).body;
    const fid = /\/files\/([0-9a-f-]{36})\/remove/.exec(listed)![1]!;
    // Tartu's officials download the file of an all-officials article
    expect((await as.other.get(`/knowledge/a/${ids.shared}/files/${fid}`)).headers['content-type']).toBe('application/pdf');
    expect((await anon(`/knowledge/a/${ids.shared}/files/${fid}`)).statusCode).toBe(404);
    const rm = await as.author.postForm(`${base}/${ids.shared}`, `${base}/${ids.shared}/files/${fid}/remove`, {});
    expect(rm.statusCode).toBe(303);
    expect((await as.other.get(`/knowledge/a/${ids.shared}/files/${fid}`)).statusCode).toBe(404);
  });

  it('ELVL’s editor writes a public article; a KOV cannot', async () => {
    const r = await as.elvl.postForm('/knowledge/admin/new', '/knowledge/admin/new', { kind: 'article', domain: 'data', visibility: 'public', 'title.et': 'Avaandmed', bodyMd: 'Avaandmete avaldamine.' });
    expect(r.statusCode).toBe(303);
    expect((await anon('/knowledge?q=avaandmete')).body).toContain('<mark>Avaandmed</mark>');
    await expect(createArticle(db, A, sampleArticle({ visibility: 'public' }), FIXTURE_ACTOR)).rejects.toMatchObject({ status: 400 });
    expect(await db.tx((t) => auditActionsOf(t, PLATFORM_CHAIN), { kov: PLATFORM_CHAIN })).toContain('knowledge.article.create');
  });
});

describe(`the knowledge write API: a KOV's authors and write keys (${engine})`, () => {
  const api = `/api/v1/kov/${A}/knowledge/articles`;
  const body = {
    kind: 'guide',
    domain: 'security',
    visibility: 'kov',
    tags: [' Varukoopiad', 'E-ITS', 'e-its'],
    title: { et: 'Varukoopiate kord', en: 'Backup procedure' },
    summary: 'Kuidas Tallinn varundab.',
    bodyMd: '## Kord\n\nVarukoopia tehakse iga päev. <script>alert(1)</script> [x](javascript:alert(1))',
    note: 'esimene',
  };
  let writeA: string;
  let writeB: string;
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const call = (method: string, url: string, key: string | null, payload?: unknown) => app.inject({ method: method as 'POST', url, payload: payload as object, headers: key ? bearer(key) : {} });

  beforeAll(async () => {
    writeA = (await createKey(db, { kov: A, name: 'Tallinna dokumendihaldus', scopes: ['read', 'write'], actor: FIXTURE_ACTOR })).key;
    writeB = (await createKey(db, { kov: B, name: 'Tartu dokumendihaldus', scopes: ['read', 'write'], actor: FIXTURE_ACTOR })).key;
  });

  it('refuses callers who may not write the KOV’s articles: nobody, a read key, another KOV’s write key, a resident; nothing is saved', async () => {
    const before = (await call('GET', api, writeA)).json().items.length;
    expect((await call('GET', api, null)).statusCode).toBe(401);
    expect((await call('POST', api, null, body)).statusCode).toBe(403); // no key and no session's CSRF token
    expect((await call('POST', api, keyOfA, body)).statusCode).toBe(403);
    expect((await call('POST', api, writeB, body)).statusCode).toBe(403);
    expect((await call('GET', api, writeB)).statusCode).toBe(403);
    expect((await call('GET', api, keyOfA)).statusCode).toBe(403);
    const token = csrfFrom((await as.resident.get('/knowledge')).body);
    expect((await as.resident.req({ method: 'POST', url: api, payload: body, headers: { 'x-csrf-token': token } })).statusCode).toBe(403);
    expect((await call('GET', api, writeA)).json().items.length).toBe(before);
  });

  it('a write key creates an article (version 1, sanitised, tags normalised), saves version 2, adds and removes a file; each step audited with the key’s name', async () => {
    const created = await call('POST', api, writeA, body);
    expect(created.statusCode).toBe(201);
    const a = created.json();
    expect(created.headers.location).toBe(`/api/v1/knowledge/articles/${a.id}`);
    expect(a).toMatchObject({ owner: A, kind: 'guide', visibility: 'kov', version: 1, tags: ['varukoopiad', 'e-its'], title: { et: 'Varukoopiate kord', en: 'Backup procedure', ru: '' }, files: [], helpful: { yes: 0, no: 0 } });
    expect(a.html).toContain('<h2>Kord</h2>');
    expect(a.html).not.toMatch(/<script|javascript:/);
    // it is Tallinn's one-KOV article: Tallinn's readers find it by a word form, Tartu's do not
    const found = await call('GET', '/api/v1/knowledge/articles?q=varukoopiaid', keyOfA);
    expect(found.json().items.map((x: { id: string }) => x.id)).toContain(a.id);
    expect((await call('GET', `/api/v1/knowledge/articles/${a.id}`, keyOfB)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/knowledge/articles/${a.id}`, null)).statusCode).toBe(404);
    expect((await call('GET', api, writeA)).json().items.map((x: { id: string }) => x.id)).toContain(a.id);

    // another KOV's key cannot edit it, not even by naming its own KOV
    expect((await call('PUT', `${api}/${a.id}`, writeB, body)).statusCode).toBe(403);
    expect((await call('PUT', `/api/v1/kov/${B}/knowledge/articles/${a.id}`, writeB, body)).statusCode).toBe(404);
    const saved = await call('PUT', `${api}/${a.id}`, writeA, { ...body, bodyMd: 'Varukoopia tehakse iga päev ja üks hoitakse võrgust eraldi.', note: 'võrguväline koopia' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2, markdown: 'Varukoopia tehakse iga päev ja üks hoitakse võrgust eraldi.' });
    expect((await as.author.get(`/knowledge/a/${a.id}/versions`)).body).toContain('võrguväline koopia');

    const fake = await call('POST', `${api}/${a.id}/files`, writeA, { name: 'kord.pdf', contentBase64: Buffer.from('not a pdf').toString('base64') });
    expect(fake.statusCode).toBe(400);
    expect(fake.headers['content-type']).toMatch(/problem\+json/);
    expect(fake.json().errors[0]).toMatchObject({ field: 'file' });
    const garbled = await call('POST', `${api}/${a.id}/files`, writeA, { name: 'kord.pdf', contentBase64: 'not base64!' });
    expect(garbled.statusCode).toBe(400);
    expect(garbled.json().errors[0]).toMatchObject({ field: 'file' });
    const filed = await call('POST', `${api}/${a.id}/files`, writeA, { name: 'kord.pdf', contentBase64: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64') });
    expect(filed.statusCode).toBe(201);
    const file = filed.json().files[0];
    expect(file).toMatchObject({ name: 'kord.pdf', contentType: 'application/pdf', bytes: 15 });
    expect((await call('DELETE', `${api}/${a.id}/files/${file.id}`, writeB)).statusCode).toBe(403);
    const removed = await call('DELETE', `${api}/${a.id}/files/${file.id}`, writeA);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().files).toEqual([]);
    expect((await call('DELETE', `${api}/${a.id}/files/${file.id}`, writeA)).statusCode).toBe(404);

    const steps = (await db.tx((t) => auditEntries(t, A, { actor: 'Tallinna dokumendihaldus' }, 50, 0), { kov: A })).filter((e) => e.target.id === a.id).reverse();
    expect(steps.map((e) => e.action)).toEqual(['knowledge.article.create', 'knowledge.article.update', 'knowledge.file.add', 'knowledge.file.remove']);
    for (const e of steps) expect(e.actor).toMatchObject({ kind: 'apikey', name: expect.stringContaining('Tallinna dokumendihaldus') });
  });

  it('bad input: a schema error (a public article, an unknown field, no Estonian title) or a rule’s, with the field named; a signed-in author writes with the CSRF header', async () => {
    for (const bad of [{ ...body, visibility: 'public' }, { ...body, owner: B }, { ...body, title: { et: '' } }, { ...body, bodyMd: '' }]) {
      const r = await call('POST', api, writeA, bad);
      expect(r.statusCode, JSON.stringify(bad).slice(0, 80)).toBe(400);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
    }
    const blank = await call('POST', api, writeA, { ...body, title: { et: '   ' } });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().errors).toEqual([expect.objectContaining({ field: 'title.et' })]);
    expect((await call('PUT', `${api}/${uuidv7()}`, writeA, body)).statusCode).toBe(404);
    // a person through the JSON API: the session's CSRF token in the header, as for every JSON write
    expect((await as.author.req({ method: 'POST', url: api, payload: body })).statusCode).toBe(403);
    const token = csrfFrom((await as.author.get('/knowledge')).body);
    const r = await as.author.req({ method: 'POST', url: api, payload: { ...body, title: { et: 'Kati juhend' } }, headers: { 'x-csrf-token': token } });
    expect(r.statusCode).toBe(201);
    expect(r.json().title.et).toBe('Kati juhend');
  });
});

describe(`was this helpful, mentors (${engine})`, () => {
  it('one answer per signed-in person (the last counts), anonymous ones counted; the counts on the author’s page', async () => {
    const url = `/knowledge/a/${ids.pub}`;
    expect((await as.resident.postForm(url, `${url}/helpful`, { answer: 'yes' })).statusCode).toBe(303);
    expect((await as.resident.postForm(url, `${url}/helpful`, { answer: 'no' })).statusCode).toBe(303);
    expect((await as.resident.get(url)).body).toContain('Sinu vastus: Ei');
    const anonAgent = new (as.resident.constructor as new (a: FastifyInstance) => Agent)(app);
    expect((await anonAgent.postForm(url, `${url}/helpful`, { answer: 'yes' })).statusCode).toBe(303);
    expect(await helpfulCounts(db, PLATFORM_OWNER, ids.pub)).toEqual({ yes: 1, no: 1 });
    expect((await as.elvl.get(`/knowledge/admin/${ids.pub}`)).body).toContain('Kasulik: jah 1, ei 1');
    // not on an article the person does not see
    expect((await as.other.postForm(`/knowledge/a/${ids.shared}`, `/knowledge/a/${ids.secret}/helpful`, { answer: 'yes' })).statusCode).toBe(404);
    expect((await as.other.postForm(`/knowledge/a/${ids.shared}`, `/knowledge/a/${ids.shared}/helpful`, { answer: 'maybe' })).statusCode).toBe(400);
  });

  it('the mentor list: officials only; ELVL’s editors add and remove', async () => {
    expect((await anon('/knowledge/mentors')).statusCode).toBe(401);
    expect((await as.resident.get('/knowledge/mentors')).statusCode).toBe(403);
    const add = await as.elvl.postForm('/knowledge/mentors', '/knowledge/mentors', { name: 'Kadri Kuusk', kov: A, email: 'kadri@example.ee', topics: 'E-ITS, riskianalüüs', helps: `${B}, 0296` });
    expect(add.statusCode).toBe(303);
    expect((await as.other.postForm('/knowledge/mentors', '/knowledge/mentors', { name: 'X', kov: B })).statusCode).toBe(403);
    const list = (await as.other.get('/knowledge/mentors')).body;
    expect(list).toContain('Kadri Kuusk');
    expect(list).toContain('Tartu');
    const bad = await as.elvl.postForm('/knowledge/mentors', '/knowledge/mentors', { name: '', kov: 'x' });
    expect(bad.statusCode).toBe(400);
    const mid = /\/knowledge\/mentors\/([0-9a-f-]{36})\/end/.exec((await as.elvl.get('/knowledge/mentors')).body)![1]!;
    expect((await as.elvl.postForm('/knowledge/mentors', `/knowledge/mentors/${mid}/end`, {})).statusCode).toBe(303);
    expect((await as.other.get('/knowledge/mentors')).body).not.toContain('Kadri Kuusk');
  });
});
