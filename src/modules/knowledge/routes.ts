// The knowledge base's pages. Thin: parse → authorize → service → render; every POST redirects (303)
// or re-renders its form with the errors.
//
//   GET  /knowledge?q=&domain=&kov=&page=            the list, or the search with highlights (what the viewer sees)
//   GET  /knowledge/a/:id?q=                         an article (the query's word forms marked)
//   POST /knowledge/a/:id/helpful                    "was this helpful" (rate-limited; one per signed-in person)
//   GET  /knowledge/a/:id/versions                   its history; …/diff?from=&to= the diff of two versions
//   GET  /knowledge/a/:id/files/:fid                 a template's file (Content-Disposition: attachment)
//   GET  /knowledge/mentors, POST                    the E-ITS mentors (officials; ELVL's editors add); …/:id/end
//   GET  /kov/:kov/knowledge                         a KOV's articles (what the viewer sees of them)
//   GET  /kov/:kov/knowledge/admin[/new|/:id|/:id/edit], POST    a KOV's authors (knowledge-author, KOV admins)
//   POST /kov/:kov/knowledge/admin/:id/files[/:fid/remove]       a template's files (multipart upload)
//   GET  /knowledge/admin[…]                         the same for ELVL's editors (the platform's articles)
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { may } from '../../kernel/auth.js';
import type { FieldError } from '../../kernel/errors.js';
import { badRequest, formErrors, notFound } from '../../kernel/errors.js';
import { loadTenant } from '../../kernel/tenants.js';
import { fileFormRoute } from '../../kernel/upload.js';
import { knowledgeApiRoutes } from './api.js';
import type { ArticleInput, Domain, Kind, Viewer } from './model.js';
import { DOMAINS, KINDS, PLATFORM_OWNER, parseTags, visibilitiesFor } from './model.js';
import { KNOWLEDGE_WRITE, isOfficial, isPlatformEditor, kovsOf, requireAuthor, requireOfficial, viewerOf } from './permissions.js';
import {
  MAX_FILE_BYTES,
  MAX_QUERY,
  addFile,
  addMentor,
  answerHelpful,
  articleVersions,
  createArticle,
  diffVersions,
  endMentor,
  getArticle,
  getFile,
  listArticles,
  listMentors,
  markHtml,
  myHelpful,
  ownedArticle,
  ownedArticles,
  removeFile,
  searchArticles,
  updateArticle,
} from './service.js';
import type { FormValues, Owner } from './views/pages.js';
import { AdminArticlePage, AdminListPage, ArticlePage, DiffPage, EditPage, IndexPage, KovPage, MentorsPage, VersionsPage } from './views/pages.js';

const hide = { schema: { hide: true } };
const one = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
type P = { kov: string; id: string; fid: string };
const paramsOf = (req: FastifyRequest) => req.params as P;

function formValues(body: unknown): FormValues {
  const out: FormValues = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) if (k !== '_csrf' && typeof v === 'string') out[k] = v;
  return out;
}

function inputOf(v: FormValues): ArticleInput {
  return {
    kind: (v.kind ?? '') as Kind,
    domain: (v.domain ?? '') as Domain,
    visibility: (v.visibility ?? '') as ArticleInput['visibility'],
    tags: parseTags(v.tags ?? ''),
    title: { et: v['title.et'] ?? '', en: v['title.en'] ?? '', ru: v['title.ru'] ?? '' },
    summary: v.summary ?? '',
    bodyMd: (v.bodyMd ?? '').replace(/\r\n/g, '\n'),
    note: v.note ?? '',
  };
}

const domainOf = (s: string): Domain | null => ((DOMAINS as readonly string[]).includes(s) ? (s as Domain) : null);
const kindOf = (s: string): Kind | null => ((KINDS as readonly string[]).includes(s) ? (s as Kind) : null);

export async function knowledgeRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const writeLimit = { max: app.config.rateLimit.publicWritePerMinute, timeWindow: 60_000 };
  await knowledgeApiRoutes(app);

  /** The reader: anonymous, or an official seeing their KOV's (?kov= picks one of theirs). */
  const viewer = (req: FastifyRequest): Viewer => viewerOf(req.user, one((req.query as Record<string, unknown> | undefined)?.kov) || null);

  async function kovName(code: string): Promise<string> {
    return (await loadTenant(db, code))?.name ?? code;
  }

  /** Links to the authoring pages the person may open: ELVL's (editors), each KOV's where they write. */
  async function authorLinks(req: FastifyRequest, t: (k: string) => string): Promise<{ href: string; label: string }[]> {
    const out: { href: string; label: string }[] = [];
    if (isPlatformEditor(req.user)) out.push({ href: '/knowledge/admin', label: t('knowledge.admin.platformTitle') });
    for (const k of kovsOf(req.user)) {
      if (may(req.user, k, KNOWLEDGE_WRITE)) out.push({ href: `/kov/${k}/knowledge/admin`, label: `${t('knowledge.admin.title')}: ${await kovName(k)}` });
    }
    return out;
  }

  // ------------------------------------------------------------------ reading

  app.get('/knowledge', hide, async (req, reply) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const text = one(q.q).trim();
    const domain = domainOf(one(q.domain));
    const page = Number.parseInt(one(q.page) || '1', 10) || 1;
    const v = viewer(req);
    const ctx = await req.pageCtx({ csrf: false });
    reply.header('cache-control', req.user ? 'private, no-store' : 'no-cache');
    const viewerKov = v.kov ? await kovName(v.kov) : null;
    const links = req.user ? await authorLinks(req, ctx.t) : [];
    if (text.length > MAX_QUERY) {
      const error: FieldError[] = [{ field: 'q', reason: 'knowledge.error.queryTooLong', vars: { max: MAX_QUERY } }];
      return reply.page(IndexPage({ ctx, q: text.slice(0, MAX_QUERY), domain: domain ?? '', list: null, result: null, viewerKov, authorLinks: links, error }), 400);
    }
    if (text) {
      const result = await searchArticles(db, v, text, domain, page, ctx.locale);
      return reply.page(IndexPage({ ctx, q: text, domain: domain ?? '', list: null, result, viewerKov, authorLinks: links }));
    }
    const list = await listArticles(db, v, { domain, kind: kindOf(one(q.kind)) }, page);
    return reply.page(IndexPage({ ctx, q: '', domain: domain ?? '', list, result: null, viewerKov, authorLinks: links }));
  });

  async function articleOr404(req: FastifyRequest) {
    const found = await getArticle(db, viewer(req), paramsOf(req).id);
    if (!found) throw notFound('knowledge.error.notFound');
    return found;
  }

  app.get('/knowledge/a/:id', hide, async (req, reply) => {
    const found = await articleOr404(req);
    const q = one((req.query as Record<string, unknown>).q).trim().slice(0, MAX_QUERY);
    const ctx = await req.pageCtx();
    const a = found.article;
    const mine = req.user ? await myHelpful(db, viewer(req), a.id, req.user) : null;
    const editHref =
      a.owner === PLATFORM_OWNER ? (isPlatformEditor(req.user) ? `/knowledge/admin/${a.id}` : null) : may(req.user, a.owner, KNOWLEDGE_WRITE) ? `/kov/${a.owner}/knowledge/admin/${a.id}` : null;
    reply.header('cache-control', 'private, no-store');
    const thanks = one((req.query as Record<string, unknown>).thanks) === '1';
    return reply.page(ArticlePage({ ctx, article: a, files: found.files, q, bodyHtml: q ? markHtml(a.bodyHtml, q) : a.bodyHtml, mine, thanks, editHref }));
  });

  app.post('/knowledge/a/:id/helpful', { schema: { hide: true }, config: { rateLimit: writeLimit } }, async (req, reply) => {
    const answer = one((req.body as Record<string, unknown> | undefined)?.answer);
    if (answer !== 'yes' && answer !== 'no') throw badRequest([{ field: 'answer', reason: 'knowledge.error.choose' }]);
    const { id } = paramsOf(req);
    await answerHelpful(db, viewer(req), id, answer === 'yes', req.user ?? null);
    return reply.redirect(`/knowledge/a/${id}?thanks=1#helpful`, 303);
  });

  app.get('/knowledge/a/:id/versions', hide, async (req, reply) => {
    const h = await articleVersions(db, viewer(req), paramsOf(req).id);
    if (!h) throw notFound('knowledge.error.notFound');
    reply.header('cache-control', 'private, no-store');
    return reply.page(VersionsPage({ ctx: await req.pageCtx({ csrf: false }), article: h.article, versions: h.versions }));
  });

  app.get('/knowledge/a/:id/diff', hide, async (req, reply) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const num = (s: string) => (/^\d{1,6}$/.test(s) ? Number(s) : 0);
    const d = await diffVersions(db, viewer(req), paramsOf(req).id, num(one(q.from)), num(one(q.to)));
    if (!d) throw notFound('knowledge.error.notFound');
    reply.header('cache-control', 'private, no-store');
    return reply.page(DiffPage({ ctx: await req.pageCtx({ csrf: false }), diff: d }));
  });

  app.get('/knowledge/a/:id/files/:fid', hide, async (req, reply) => {
    const { id, fid } = paramsOf(req);
    const f = await getFile(db, viewer(req), id, fid);
    if (!f) throw notFound('knowledge.error.notFound');
    const ascii = f.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    reply.header('content-type', f.contentType);
    reply.header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.name)}`);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cache-control', 'private, no-store');
    return reply.send(f.data);
  });

  // ------------------------------------------------------------------ the E-ITS mentors

  async function mentorsPage(req: FastifyRequest, reply: FastifyReply, errors?: FieldError[], values?: FormValues, status = 200) {
    requireOfficial(req);
    const [mentors, ctx] = await Promise.all([listMentors(db), req.pageCtx()]);
    const names = new Map<string, string>();
    for (const code of new Set(mentors.flatMap((m) => [m.kov, ...m.helps]))) names.set(code, await kovName(code));
    reply.header('cache-control', 'private, no-store');
    return reply.page(MentorsPage({ ctx, mentors, kovName: (c) => names.get(c) ?? c, canEdit: isPlatformEditor(req.user), errors, values }), status);
  }

  app.get('/knowledge/mentors', hide, async (req, reply) => mentorsPage(req, reply));

  app.post('/knowledge/mentors', hide, async (req, reply) => {
    const actor = requireAuthor(req, PLATFORM_OWNER);
    const v = formValues(req.body);
    try {
      await addMentor(db, { name: v.name ?? '', kov: (v.kov ?? '').trim(), email: (v.email ?? '').trim(), topics: parseTags(v.topics ?? ''), helps: parseTags(v.helps ?? '') }, actor);
    } catch (e) {
      const bad = formErrors(e, 'name');
      if (!bad) throw e;
      return mentorsPage(req, reply, bad.fields, v, bad.status);
    }
    reply.flash({ kind: 'success', key: 'knowledge.flash.mentor' });
    return reply.redirect('/knowledge/mentors', 303);
  });

  app.post('/knowledge/mentors/:id/end', hide, async (req, reply) => {
    const actor = requireAuthor(req, PLATFORM_OWNER);
    await endMentor(db, paramsOf(req).id, actor);
    reply.flash({ kind: 'success', key: 'knowledge.flash.mentorEnded' });
    return reply.redirect('/knowledge/mentors', 303);
  });

  // ------------------------------------------------------------------ a KOV's page

  app.get('/kov/:kov/knowledge', hide, async (req, reply) => {
    const { kov } = paramsOf(req);
    const k = await loadTenant(db, kov);
    if (!k) throw notFound();
    // what this KOV's officials see of its articles; anyone else (another KOV's officials too) its public ones
    const v: Viewer = may(req.user, kov, KNOWLEDGE_WRITE) || (isOfficial(req.user) && req.user!.grants.some((g) => g.kov === kov)) ? { official: true, kov } : { official: false, kov: null };
    const page = Number.parseInt(one((req.query as Record<string, unknown>).page) || '1', 10) || 1;
    const [list, ctx] = await Promise.all([listArticles(db, v, { domain: null, kind: null, owner: kov }, page), req.pageCtx({ csrf: false })]);
    reply.header('cache-control', req.user ? 'private, no-store' : 'no-cache');
    return reply.page(KovPage({ ctx, kov: { code: kov, name: k.name }, list }));
  });

  // ------------------------------------------------------------------ the authors' pages (a KOV's, ELVL's)

  for (const prefix of ['/kov/:kov/knowledge/admin', '/knowledge/admin']) {
    const ownerCode = (req: FastifyRequest) => (prefix === '/knowledge/admin' ? PLATFORM_OWNER : paramsOf(req).kov);
    const author = (req: FastifyRequest) => requireAuthor(req, ownerCode(req));

    async function ownerOf(req: FastifyRequest): Promise<Owner> {
      const code = ownerCode(req);
      if (code === PLATFORM_OWNER) return { code, name: 'ELVL', base: '/knowledge/admin' };
      const k = await loadTenant(db, code);
      if (!k) throw notFound();
      return { code, name: k.name, base: `/kov/${code}/knowledge/admin` };
    }

    async function articleOf(owner: Owner, id: string) {
      const a = await ownedArticle(db, owner.code, id);
      if (!a) throw notFound('knowledge.error.notFound');
      return a;
    }

    app.get(prefix, hide, async (req, reply) => {
      author(req);
      const owner = await ownerOf(req);
      const [items, ctx] = await Promise.all([ownedArticles(db, owner.code), req.pageCtx()]);
      reply.header('cache-control', 'no-store');
      return reply.page(AdminListPage({ ctx, owner, items, mentorsHref: owner.code === PLATFORM_OWNER ? '/knowledge/mentors' : null }));
    });

    async function formPage(req: FastifyRequest, reply: FastifyReply, owner: Owner, id: string | null, values: FormValues, errors?: FieldError[], status = 200) {
      const ctx = await req.pageCtx();
      reply.header('cache-control', 'no-store');
      const title = id ? ctx.t('knowledge.admin.editTitle', { title: values['title.et'] ?? '' }) : ctx.t('knowledge.admin.new');
      const action = id ? `${owner.base}/${id}/edit` : `${owner.base}/new`;
      return reply.page(EditPage({ ctx, owner, title, action, values, visibilities: visibilitiesFor(owner.code), errors }), status);
    }

    app.get(`${prefix}/new`, hide, async (req, reply) => {
      author(req);
      const owner = await ownerOf(req);
      return formPage(req, reply, owner, null, { kind: 'guide', domain: 'security', visibility: visibilitiesFor(owner.code)[0]! });
    });

    app.post(`${prefix}/new`, hide, async (req, reply) => {
      const actor = author(req);
      const owner = await ownerOf(req);
      const values = formValues(req.body);
      try {
        const { id } = await createArticle(db, owner.code, inputOf(values), actor);
        reply.flash({ kind: 'success', key: 'knowledge.flash.created' });
        return reply.redirect(`${owner.base}/${id}`, 303);
      } catch (e) {
        const bad = formErrors(e, 'title.et');
        if (!bad) throw e;
        return formPage(req, reply, owner, null, values, bad.fields, bad.status);
      }
    });

    async function articlePage(req: FastifyRequest, reply: FastifyReply, errors?: FieldError[], status = 200) {
      const owner = await ownerOf(req);
      const found = await articleOf(owner, paramsOf(req).id);
      const ctx = await req.pageCtx();
      reply.header('cache-control', 'no-store');
      return reply.page(AdminArticlePage({ ctx, owner, ...found, errors }), status);
    }

    app.get(`${prefix}/:id`, hide, async (req, reply) => {
      author(req);
      return articlePage(req, reply);
    });

    app.get(`${prefix}/:id/edit`, hide, async (req, reply) => {
      author(req);
      const owner = await ownerOf(req);
      const { article: a } = await articleOf(owner, paramsOf(req).id);
      const values: FormValues = {
        kind: a.kind,
        domain: a.domain,
        visibility: a.visibility,
        'title.et': a.title.et,
        'title.en': a.title.en,
        'title.ru': a.title.ru,
        summary: a.summary,
        tags: a.tags.join(', '),
        bodyMd: a.bodyMd,
        note: '',
      };
      return formPage(req, reply, owner, a.id, values);
    });

    app.post(`${prefix}/:id/edit`, hide, async (req, reply) => {
      const actor = author(req);
      const owner = await ownerOf(req);
      const { id } = paramsOf(req);
      const values = formValues(req.body);
      try {
        const r = await updateArticle(db, owner.code, id, inputOf(values), actor);
        reply.flash({ kind: 'success', key: 'knowledge.flash.saved', vars: { no: r.versionNo } });
        return reply.redirect(`${owner.base}/${id}`, 303);
      } catch (e) {
        const bad = formErrors(e, 'title.et');
        if (!bad || bad.status !== 400) throw e;
        return formPage(req, reply, owner, id, values, bad.fields, bad.status);
      }
    });

    app.post(`${prefix}/:id/files/:fid/remove`, hide, async (req, reply) => {
      const actor = author(req);
      const owner = await ownerOf(req);
      const { id, fid } = paramsOf(req);
      await removeFile(db, owner.code, id, fid, actor);
      reply.flash({ kind: 'success', key: 'knowledge.flash.fileRemoved' });
      return reply.redirect(`${owner.base}/${id}#files`, 303);
    });

    // the upload (multipart; CSRF checked after the body is read: kernel/upload.ts)
    await fileFormRoute(app, {
      url: `${prefix}/:id/files`,
      maxBytes: MAX_FILE_BYTES,
      missing: 'knowledge.error.fileMissing',
      tooLarge: 'knowledge.error.fileSize',
      authorise: author,
      handler: async (req, reply, file) => {
        const actor = author(req);
        const owner = await ownerOf(req);
        const { id } = paramsOf(req);
        try {
          await addFile(db, owner.code, id, file(), actor);
          reply.flash({ kind: 'success', key: 'knowledge.flash.file' });
          return reply.redirect(`${owner.base}/${id}#files`, 303);
        } catch (e) {
          const bad = formErrors(e, 'file');
          if (!bad || bad.status !== 400) throw e;
          return articlePage(req, reply, bad.fields, bad.status);
        }
      },
    });
  }
}
