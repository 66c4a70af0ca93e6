// The secret ballots' pages (secret.ts). Thin: parse → authorize → service → present.
//
//   /kov/:kov/council/admin/sittings/:id/secret (+ /open, /close)    the secretary, a KOV admin, the chair
//   /kov/:kov/council/sittings/:id/me/secret/:voteId (GET, POST)      a member seated today: her ballot
//   /kov/:kov/council/sittings/:id/secret/:voteId/commission          the count's state (everyone); a
//        (+ /pickup, /share)                                           commission member's own share acts
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { personActor, requireUser } from '../../kernel/auth.js';
import type { FieldError } from '../../kernel/errors.js';
import { forbidden, isHttpError, notFound } from '../../kernel/errors.js';
import { loadTenant } from '../../kernel/tenants.js';
import { liveState } from './live.js';
import type { Majority } from './repo/live.js';
import { MEMBER_RATE, requireMember, requireRunner } from './live-auth.js';
import {
  castSecretBallot,
  closeSecretVote,
  commissionMemberOf,
  commissionOf,
  openSecretVote,
  pickUpSecretShare,
  secretBallotFor,
  secretSecrets,
  secretTurnout,
  submitSecretShare,
} from './secret.js';
import { SecretBallotPage, SecretCommissionPage, SecretConsolePage } from './views/secret-pages.js';
import { isId } from '../../kernel/ids.js';

type Params = { kov: string; id: string; voteId?: string };
const paramsOf = (req: FastifyRequest) => req.params as Params;
const bodyOf = (req: FastifyRequest) => (req.body ?? {}) as Record<string, unknown>;
const str = (b: Record<string, unknown>, k: string) => (typeof b[k] === 'string' ? (b[k] as string) : '');
const list = (b: Record<string, unknown>, k: string) => (Array.isArray(b[k]) ? (b[k] as unknown[]).map(String) : typeof b[k] === 'string' && b[k] !== '' ? [b[k] as string] : []);

function pageErrors(e: unknown, field: string): { status: number; errors: FieldError[] } | null {
  if (!isHttpError(e) || ![400, 403, 409].includes(e.status)) return null;
  const errors: FieldError[] = [];
  if (e.detailKey) errors.push({ field, reason: e.detailKey });
  for (const f of e.fields) errors.push({ ...f, field: f.field === 'quorum' ? field : f.field.replace(/\.\d+$/, '') });
  if (!errors.length) errors.push({ field, reason: e.titleKey });
  return { status: e.status, errors };
}

export async function secretRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const secrets = secretSecrets(app.config);

  async function kovOf(code: string) {
    const k = await loadTenant(db, code);
    if (!k) throw notFound();
    return { code, name: k.name };
  }
  const ids = (req: FastifyRequest) => {
    const p = paramsOf(req);
    if (!isId(p.id) || (p.voteId !== undefined && !isId(p.voteId))) throw notFound();
    return { kov: p.kov, id: p.id, voteId: p.voteId ?? '' };
  };

  // ------------------------------------------------------------ the console's secret-ballot page
  async function consolePage(req: FastifyRequest, reply: FastifyReply, errors?: FieldError[], values?: Record<string, string | string[]>, status = 200) {
    const { kov: code, id } = ids(req);
    const kov = await kovOf(code);
    const s = await liveState(db, code, id);
    const rows = [];
    for (const v of s.votes.filter((x) => x.kind === 'secret')) {
      const commission = await commissionOf(db, code, id, v.id);
      rows.push({ v, commission, turnout: v.state === 'open' ? await secretTurnout(db, code, commission.votingVoteId) : null });
    }
    return reply.page(SecretConsolePage({ ctx: await req.pageCtx(), kov, s, rows, errors, values }), status);
  }

  app.get('/kov/:kov/council/admin/sittings/:id/secret', async (req, reply) => {
    const { kov, id } = ids(req);
    await liveState(db, kov, id); // 404 before 403 for an unknown sitting
    await requireRunner(req, db, kov, id);
    return consolePage(req, reply);
  });

  app.post('/kov/:kov/council/admin/sittings/:id/secret/open', async (req, reply) => {
    const { kov, id } = ids(req);
    await liveState(db, kov, id);
    const actor = await requireRunner(req, db, kov, id);
    const b = bodyOf(req);
    const repeatOf = str(b, 'repeatOf') || null;
    try {
      await openSecretVote(
        db,
        kov,
        id,
        {
          itemId: str(b, 'itemId'),
          subject: str(b, 'subject'),
          majority: str(b, 'majority') as Majority,
          candidates: str(b, 'candidates').split(/\r?\n/),
          commission: list(b, 'commission'),
          threshold: /^\d{1,2}$/.test(str(b, 'threshold').trim()) ? Number(str(b, 'threshold').trim()) : Number.NaN,
          repeatOf,
          reason: repeatOf ? str(b, 'reason') : null,
        },
        actor,
        secrets,
      );
    } catch (e) {
      const bad = pageErrors(e, 'subject');
      if (!bad) throw e;
      return consolePage(req, reply, bad.errors, { subject: str(b, 'subject'), majority: str(b, 'majority'), candidates: str(b, 'candidates'), commission: list(b, 'commission'), threshold: str(b, 'threshold'), reason: str(b, 'reason') }, bad.status);
    }
    reply.flash({ kind: 'success', key: 'council.secret.flash.done' });
    return reply.redirect(`/kov/${kov}/council/admin/sittings/${id}/secret`, 303);
  });

  app.post('/kov/:kov/council/admin/sittings/:id/secret/close', async (req, reply) => {
    const { kov, id } = ids(req);
    await liveState(db, kov, id);
    const actor = await requireRunner(req, db, kov, id);
    try {
      await closeSecretVote(db, kov, id, str(bodyOf(req), 'voteId'), actor);
    } catch (e) {
      const bad = pageErrors(e, 'subject');
      if (!bad) throw e;
      return consolePage(req, reply, bad.errors, {}, bad.status);
    }
    reply.flash({ kind: 'success', key: 'council.secret.flash.done' });
    return reply.redirect(`/kov/${kov}/council/admin/sittings/${id}/secret`, 303);
  });

  // ------------------------------------------------------------ the member's ballot
  app.get('/kov/:kov/council/sittings/:id/me/secret/:voteId', async (req, reply) => {
    const { kov: code, id, voteId } = ids(req);
    const me = await requireMember(req, db, code, id);
    const ballot = await secretBallotFor(db, code, id, voteId, me);
    return reply.page(SecretBallotPage({ ctx: await req.pageCtx(), kov: await kovOf(code), sittingId: id, ballot }));
  });

  app.post('/kov/:kov/council/sittings/:id/me/secret/:voteId', { config: { personRateLimit: MEMBER_RATE } }, async (req, reply) => {
    const { kov: code, id, voteId } = ids(req);
    const me = await requireMember(req, db, code, id);
    let cast: { tracker: string; replaced: boolean } | null = null;
    let errors: FieldError[] | undefined;
    let status = 200;
    try {
      cast = await castSecretBallot(db, code, id, voteId, me, str(bodyOf(req), 'candidate'));
    } catch (e) {
      const bad = pageErrors(e, 'candidate');
      if (!bad) throw e;
      errors = bad.errors;
      status = bad.status;
    }
    const ballot = await secretBallotFor(db, code, id, voteId, me);
    // the tracker is shown on this answer only (no redirect: the platform does not keep it for her)
    reply.header('cache-control', 'no-store');
    return reply.page(SecretBallotPage({ ctx: await req.pageCtx(), kov: await kovOf(code), sittingId: id, ballot, cast, errors }), status);
  });

  // ------------------------------------------------------------ the counting commission
  async function commissionPage(req: FastifyRequest, reply: FastifyReply, share: string | null, errors?: FieldError[], status = 200) {
    const { kov: code, id, voteId } = ids(req);
    const c = await commissionOf(db, code, id, voteId);
    const me = req.user && !req.apiKey ? await commissionMemberOf(db, code, id, voteId, req.user.idcodeHash) : null;
    return reply.page(SecretCommissionPage({ ctx: await req.pageCtx(), kov: await kovOf(code), sittingId: id, c, me, share, publicUrl: app.config.publicUrl, errors }), status);
  }

  app.get('/kov/:kov/council/sittings/:id/secret/:voteId/commission', async (req, reply) => commissionPage(req, reply, null));

  /** The commission member herself (signed in, never an API key). */
  async function requireCommissionMember(req: FastifyRequest) {
    const { kov, id, voteId } = ids(req);
    if (req.apiKey) throw forbidden('council.error.personOnly');
    const user = requireUser(req);
    const me = await commissionMemberOf(db, kov, id, voteId, user.idcodeHash);
    if (!me) throw forbidden();
    return { user, me };
  }

  app.post('/kov/:kov/council/sittings/:id/secret/:voteId/commission/pickup', { config: { personRateLimit: MEMBER_RATE } }, async (req, reply) => {
    const { kov, id, voteId } = ids(req);
    const { user } = await requireCommissionMember(req);
    try {
      const got = await pickUpSecretShare(db, kov, id, voteId, user.idcodeHash, personActor(user), secrets);
      reply.header('cache-control', 'no-store');
      return commissionPage(req, reply, got.share);
    } catch (e) {
      const bad = pageErrors(e, 'share');
      if (!bad) throw e;
      return commissionPage(req, reply, null, bad.errors, bad.status);
    }
  });

  app.post('/kov/:kov/council/sittings/:id/secret/:voteId/commission/share', { config: { personRateLimit: MEMBER_RATE } }, async (req, reply) => {
    const { kov, id, voteId } = ids(req);
    const { user, me } = await requireCommissionMember(req);
    const field = `share-${me.member}`;
    try {
      await submitSecretShare(db, kov, id, voteId, user.idcodeHash, str(bodyOf(req), field), personActor(user));
    } catch (e) {
      const bad = pageErrors(e, field);
      if (!bad) throw e;
      for (const f of bad.errors) if (f.field === 'share') f.field = field;
      return commissionPage(req, reply, null, bad.errors, bad.status);
    }
    reply.flash({ kind: 'success', key: 'council.secret.flash.done' });
    return reply.redirect(`/kov/${kov}/council/sittings/${id}/secret/${voteId}/commission`, 303);
  });
}
