// HTTP for the voting core: the officials' JSON API under /api/v1/kov/:kov/votes, the resident's
// cast at /api/v1/votes/:voteId/ballots, and the public board under /api/v1/boards. Thin: parse →
// authorize → call the service → present. Pages come with the polls module.
//
// Who may do what:
//   create, roll, open, close, paper ballot   election committee or KOV admin (session), or an API key of the KOV with `write`
//   deal key, decrypt, certify                 election committee or KOV admin, signed in (never an API key)
//   list, read, results                        the same people, or an API key of the KOV with `read`
//   cast                                       a signed-in resident on the roll (session + CSRF header)
//   boards                                     everyone
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import { requireKov, requireUser } from '../../kernel/auth.js';
import { badRequest, conflict, forbidden, notFound } from '../../kernel/errors.js';
import { hashIdcode, parseIdcode } from '../../kernel/idcode.js';
import { Type } from 'typebox';
import { CertifyBody, ChoicesBody, CreateVoteBody, DealBody, DecryptBody, KovParams, KovVoteParams, PaperBody, RollBody, TrackerParams, VoteParams } from './schema.js';
import { commonErrors, problem } from '../../kernel/schema.js';
import type { VoteView } from './service.js';
import { resultsPdf } from './views/results-pdf.js';
import { closeEncryptPool, warmEncryptPool } from './encrypt-pool.js';
import {
  cast,
  castPaper,
  certify,
  closeVote,
  createVote,
  dealKey,
  getBoardText,
  getVote,
  listBoards,
  listVotes,
  openVote,
  publishBoard,
  results,
  setRoll,
  submitDecryption,
  trackerOnBoard,
} from './service.js';

export const COMMITTEE = 'election-committee';

const errors = { ...commonErrors, 409: problem('Conflict: outside the window, re-voting off, or the vote is not in a state that allows this') };
/** Success bodies are shaped by the presenters here; documented loosely. */
const ok200 = { 200: Type.Any(), ...errors };
const ok201 = { 201: Type.Any(), ...errors };
const api = { tags: ['voting'], security: [{ apiKey: [] }] };

function voteOut(v: VoteView) {
  return {
    id: v.id,
    kov: v.kov,
    title: v.title,
    questions: v.questions,
    revote: v.revote,
    opensAt: v.opensAt.toISOString(),
    closesAt: v.closesAt.toISOString(),
    status: v.status,
    key: v.key,
    rollSize: v.rollSize,
    turnout: v.turnout,
    closedAt: v.closedAt?.toISOString() ?? null,
    publishedAt: v.publishedAt?.toISOString() ?? null,
    certifiedAt: v.certifiedAt?.toISOString() ?? null,
    board: v.publishedAt ? `/api/v1/boards/${v.id}` : null,
  };
}

/** A committee member or KOV admin who is a signed-in person (API keys refused). */
function requireCommitteePerson(req: FastifyRequest, kov: string): Actor {
  if (req.apiKey) throw forbidden();
  return requireKov(req, kov, [COMMITTEE]);
}

export async function votingRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('onListen', async () => warmEncryptPool());
  app.addHook('onClose', closeEncryptPool);
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;
  const idKey = app.config.idcodeHmacKey;
  // A person may cast a few times a minute (re-voting); the key is the person, not the address
  // (many voters may share one), counted with the session lookup at no extra round trip.
  const castLimit = { max: 20, timeWindow: 60_000 };

  // ------------------------------------------------------------------ officials

  r.get('/api/v1/kov/:kov/votes', { schema: { ...api, summary: 'Votes of the KOV', params: KovParams, response: ok200 } }, async (req) => {
    requireKov(req, req.params.kov, [COMMITTEE], 'read');
    return { items: (await listVotes(db, req.params.kov)).map(voteOut) };
  });

  r.post('/api/v1/kov/:kov/votes', { schema: { ...api, summary: 'Create a vote (draft)', params: KovParams, body: CreateVoteBody, response: ok201 } }, async (req, reply) => {
    const kov = req.params.kov;
    const actor = requireKov(req, kov, [COMMITTEE], 'write');
    const { id } = await db.tx((t) => createVote(t, { ...req.body, kov, actor }), { kov });
    return reply.code(201).send(voteOut(await getVote(db, kov, id)));
  });

  r.get('/api/v1/kov/:kov/votes/:voteId', { schema: { ...api, summary: 'One vote', params: KovVoteParams, response: ok200 } }, async (req) => {
    requireKov(req, req.params.kov, [COMMITTEE], 'read');
    return voteOut(await getVote(db, req.params.kov, req.params.voteId));
  });

  r.put(
    '/api/v1/kov/:kov/votes/:voteId/roll',
    { bodyLimit: 64 * 1024 * 1024, schema: { ...api, summary: 'Set the roll of a draft vote (frozen when it opens)', params: KovVoteParams, body: RollBody, response: ok200 } },
    async (req) => {
      const { kov, voteId } = req.params;
      const actor = requireKov(req, kov, [COMMITTEE], 'write');
      const entries = req.body.entries.map((e, i) => {
        const p = parseIdcode(e.idcode.trim());
        if (!p.ok) throw badRequest([{ field: `entries.${i}.idcode`, reason: 'voting.field.idcode' }]);
        return { voterHash: hashIdcode(idKey, e.idcode.trim()), unit: e.unit, birthDate: e.birthDate };
      });
      return setRoll(db, voteId, entries, { kov, actor });
    },
  );

  r.post(
    '/api/v1/kov/:kov/votes/:voteId/key',
    {
      schema: {
        ...api,
        summary: 'Deal the election key (k of n); answers every member’s share ONCE',
        description: 'The shares are not stored anywhere: hand each member hers now. Only the commitments are kept and published.',
        params: KovVoteParams,
        body: DealBody,
        response: ok201,
      },
    },
    async (req, reply) => {
      const { kov, voteId } = req.params;
      const actor = requireCommitteePerson(req, kov);
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(await dealKey(db, voteId, req.body.threshold, req.body.members, { kov, actor }));
    },
  );

  r.post('/api/v1/kov/:kov/votes/:voteId/open', { schema: { ...api, summary: 'Open the vote (freezes the roll)', params: KovVoteParams, response: ok200 } }, async (req) => {
    const { kov, voteId } = req.params;
    const actor = requireKov(req, kov, [COMMITTEE], 'write');
    return voteOut(await openVote(db, voteId, { kov, actor }));
  });

  r.post('/api/v1/kov/:kov/votes/:voteId/close', { schema: { ...api, summary: 'Close the vote: shuffle, unlink voters, sum', params: KovVoteParams, response: ok200 } }, async (req) => {
    const { kov, voteId } = req.params;
    const actor = requireKov(req, kov, [COMMITTEE], 'write');
    return closeVote(db, voteId, { kov, actor });
  });

  r.post(
    '/api/v1/kov/:kov/votes/:voteId/paper-ballots',
    { schema: { ...api, summary: 'Enter a paper or assisted ballot (replaces the person’s e-ballot)', params: KovVoteParams, body: PaperBody, response: ok201 } },
    async (req, reply) => {
      const { kov, voteId } = req.params;
      const actor = requireKov(req, kov, [COMMITTEE], 'write');
      const code = req.body.idcode.trim();
      if (!parseIdcode(code).ok) throw badRequest([{ field: 'idcode', reason: 'voting.field.idcode' }]);
      return reply.code(201).send(await castPaper(db, voteId, hashIdcode(idKey, code), req.body.choices, { kov, actor }));
    },
  );

  r.post(
    '/api/v1/kov/:kov/votes/:voteId/decryptions',
    { schema: { ...api, summary: 'A committee member’s share: partial decryption of the sums with proofs', params: KovVoteParams, body: DecryptBody, response: ok201 } },
    async (req, reply) => {
      const { kov, voteId } = req.params;
      const actor = requireCommitteePerson(req, kov);
      return reply.code(201).send(await submitDecryption(db, voteId, req.body.member, req.body.share, { kov, actor }));
    },
  );

  r.post('/api/v1/kov/:kov/votes/:voteId/publish', { schema: { ...api, summary: 'Build and publish the board (needs k decryptions)', params: KovVoteParams, response: ok200 } }, async (req) => {
    const { kov, voteId } = req.params;
    const actor = requireKov(req, kov, [COMMITTEE], 'write');
    const b = await publishBoard(db, voteId, { kov, actor });
    return { voteId, turnout: b.turnout, counts: b.tally.counts, board: `/api/v1/boards/${voteId}` };
  });

  r.get('/api/v1/kov/:kov/votes/:voteId/results', { schema: { ...api, summary: 'Counts, turnout (small numbers suppressed), the results digest and the committee’s sign-offs', params: KovVoteParams, response: ok200 } }, async (req) => {
    const { kov, voteId } = req.params;
    requireKov(req, kov, [COMMITTEE], 'read');
    return results(db, kov, voteId);
  });

  r.get(
    '/api/v1/kov/:kov/votes/:voteId/results.pdf',
    { schema: { ...api, summary: 'The results protocol as a PDF (after publishing)', params: KovVoteParams, response: { 200: Type.Any(), ...errors } } },
    async (req, reply) => {
      const { kov, voteId } = req.params;
      requireKov(req, kov, [COMMITTEE], 'read');
      const [vote, res] = await Promise.all([getVote(db, kov, voteId), results(db, kov, voteId)]);
      if (vote.status !== 'published' && vote.status !== 'certified') throw conflict('voting.error.wrongStatus', [{ field: 'status', reason: 'voting.error.wrongStatus', vars: { status: vote.status } }]);
      const pdf = await resultsPdf(vote, res, req.locale, { boardUrl: `${app.config.publicUrl}/api/v1/boards/${voteId}` });
      return reply.type('application/pdf').header('content-disposition', `inline; filename="results-${voteId}.pdf"`).send(pdf);
    },
  );

  r.post(
    '/api/v1/kov/:kov/votes/:voteId/certify',
    {
      schema: {
        ...api,
        summary: 'Sign the published result off by confirming its digest (k members → certified)',
        description: 'Send the `digest` from GET …/results. A digest that is not the current result’s is refused with 409 and nothing is stored.',
        params: KovVoteParams,
        body: CertifyBody,
        response: ok200,
      },
    },
    async (req) => {
      const { kov, voteId } = req.params;
      const actor = requireCommitteePerson(req, kov);
      return certify(db, voteId, req.body.digest, { kov, actor });
    },
  );

  // ------------------------------------------------------------------ residents

  r.post(
    '/api/v1/votes/:voteId/ballots',
    {
      config: { personRateLimit: castLimit },
      schema: {
        tags: ['voting'],
        summary: 'Cast a ballot (signed-in resident; session + x-csrf-token)',
        description: 'Answers the tracker to check on the board after the vote. 403 not on the roll, 409 outside the window or re-voting not allowed.',
        params: VoteParams,
        body: ChoicesBody,
        response: ok201,
      },
    },
    async (req, reply) => {
      if (req.apiKey) throw forbidden();
      const user = requireUser(req);
      return reply.code(201).send(await cast(db, req.params.voteId, user.idcodeHash, req.body.choices));
    },
  );

  // ------------------------------------------------------------------ the public board

  r.get('/api/v1/boards', { schema: { tags: ['voting'], summary: 'Published boards' } }, async () => listBoards(db, ''));

  r.get('/api/v1/boards/:voteId', { schema: { tags: ['voting'], summary: 'One board document (vallamaja-board/1)', params: VoteParams } }, async (req, reply) => {
    const text = await getBoardText(db, req.params.voteId);
    if (!text) throw notFound();
    return reply.type('application/json; charset=utf-8').send(text);
  });

  r.get('/api/v1/boards/:voteId/trackers/:tracker', { schema: { tags: ['voting'], summary: 'Is this tracker on the board?', params: TrackerParams } }, async (req) => {
    const found = await trackerOnBoard(db, req.params.voteId, req.params.tracker);
    if (found === null) throw notFound();
    return { voteId: req.params.voteId, tracker: req.params.tracker.trim().toLowerCase(), found };
  });
}
