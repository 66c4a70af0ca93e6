// HTTP for the voting core: only its public routes. The resident's cast at
// /api/v1/votes/:voteId/ballots and the public ballot boards under /api/v1/boards. Officials run a
// vote through the module that owns it (polls: /api/v1/kov/:kov/polls/…), which calls this core
// through index.ts. Thin: parse → authorize → call the service → present.
//
// Who may do what:
//   cast      a signed-in resident on the roll (session + CSRF header; never an API key)
//   boards    everyone
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../kernel/auth.js';
import { forbidden, notFound } from '../../kernel/errors.js';
import { BoardDocumentText, BoardList, CastResult, ChoicesBody, TrackerCheck, TrackerParams, VoteParams } from './schema.js';
import { commonErrors, problem } from '../../kernel/schema.js';
import { closeEncryptPool, encryptionStatus, setEncryptFallback, warmEncryptPool } from './encrypt-pool.js';
import { cast, getBoardText, listBoards, trackerOnBoard } from './service.js';
import { VoteCheckHelpPage } from './views/help.js';

export const COMMITTEE = 'election-committee';

/** The cast's refusals: 403 also when not on the roll, 409 outside the window or with re-voting off. */
const castErrors = {
  ...commonErrors,
  403: problem('Not allowed: not signed in as a person (API keys are refused), no CSRF header, or not on the roll'),
  409: problem('Conflict: outside the window, re-voting is off, a paper ballot was entered for the person, or the vote is not open'),
  429: problem('Too many casts by this person in this vote in a short while (Retry-After says when to try again)'),
  503: problem('Ballot encryption is refused: the native addon is not available and VALLAMAJA_ENCRYPT_FALLBACK=refuse (nothing was stored)'),
};

export async function votingRoutes(app: FastifyInstance): Promise<void> {
  // Which path encrypts ballots in this process; said once at start-up (refused: an error).
  setEncryptFallback(app.config.encryptFallback);
  const enc = encryptionStatus(app.config.encryptFallback);
  if (enc.path === 'refused') app.log.error({ encryption: enc.path, reason: enc.reason }, enc.line);
  else app.log.info({ encryption: enc.path, reason: enc.reason }, enc.line);
  app.addHook('onListen', async () => warmEncryptPool());
  app.addHook('onClose', closeEncryptPool);
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;

  // ------------------------------------------------------------------ help (a page, public)
  app.get('/help/vote-check', { schema: { hide: true } }, async (req, reply) => reply.page(VoteCheckHelpPage({ ctx: await req.pageCtx() })));

  // ------------------------------------------------------------------ residents

  r.post(
    '/api/v1/votes/:voteId/ballots',
    {
      // (a person's casts are limited to a burst inside the cast itself: CAST_BURST, cast.ts)
      schema: {
        tags: ['voting'],
        summary: 'Cast a ballot (signed-in resident; session + x-csrf-token)',
        description:
          'Answers the tracker to check on the board after the vote. 403 not on the roll, 409 outside the window or re-voting not allowed, 503 ballot encryption refused (no native addon and VALLAMAJA_ENCRYPT_FALLBACK=refuse).',
        params: VoteParams,
        body: ChoicesBody,
        response: { 201: CastResult, ...castErrors },
      },
    },
    async (req, reply) => {
      if (req.apiKey) throw forbidden();
      const user = requireUser(req);
      return reply.code(201).send(await cast(db, req.params.voteId, user.idcodeHash, req.body.choices));
    },
  );

  // ------------------------------------------------------------------ the public board

  r.get('/api/v1/boards', { schema: { tags: ['voting'], summary: 'Published boards', response: { 200: BoardList } } }, async () => listBoards(db, ''));

  r.get(
    '/api/v1/boards/:voteId',
    {
      schema: {
        tags: ['voting'],
        summary: 'One board document (vallamaja-board/1)',
        description: 'Exactly the bytes that were published (VOTING.md): the stored JSON text is sent as it is, never re-serialized.',
        params: VoteParams,
        response: { 200: BoardDocumentText, 404: problem('No published board for this vote') },
      },
    },
    async (req, reply) => {
      const text = await getBoardText(db, req.params.voteId);
      if (!text) throw notFound();
      // A string with a JSON media type bypasses the serializer: the schema documents the shape,
      // the bytes stay the stored ones (field order and all).
      return reply.type('application/json; charset=utf-8').send(text);
    },
  );

  r.get(
    '/api/v1/boards/:voteId/trackers/:tracker',
    {
      schema: {
        tags: ['voting'],
        summary: 'Is this tracker on the board?',
        params: TrackerParams,
        response: { 200: TrackerCheck, 404: problem('No published board for this vote') },
      },
    },
    async (req) => {
      const found = await trackerOnBoard(db, req.params.voteId, req.params.tracker);
      if (found === null) throw notFound();
      return { voteId: req.params.voteId, tracker: req.params.tracker.trim().toLowerCase(), found };
    },
  );
}
