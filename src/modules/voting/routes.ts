// HTTP for the voting core: only its public routes. The resident's cast at
// /api/v1/votes/:voteId/ballots and the public ballot boards under /api/v1/boards. Officials run a
// vote through the module that owns it (polls: /api/v1/kov/:kov/polls/…), which calls this core
// through index.ts. Thin: parse → authorize → call the service → present.
//
// Who may do what:
//   cast      a signed-in resident on the roll (session + CSRF header; never an API key)
//   boards    everyone
import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../kernel/auth.js';
import { forbidden, notFound } from '../../kernel/errors.js';
import { BoardDocumentText, BoardList, CastResult, ChoicesBody, TrackerCheck, TrackerParams, VoteParams, WinnersDocumentText } from './schema.js';
import { getWinnersText } from './winners/store.js';
import { commonErrors, notModifiedResponse, problem } from '../../kernel/schema.js';
import { closeEncryptPool, encryptionStatus, setEncryptFallback, warmEncryptPool } from './encrypt-pool.js';
import { boardSource, cast, listBoards, trackerOnBoard } from './service.js';
import { VoteCheckHelpPage } from './views/help.js';
import { cacheHeaders, etagOfBody, strongEtag } from '../../kernel/http-cache.js';

/** Seconds a cache may serve a published board without asking (it never changes; the ETag stays valid). */
const BOARD_MAX_AGE = 3600;

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
        description: 'Exactly the bytes that were published (VOTING.md), streamed from the stored entries. Strong ETag (the SHA-256 of the document); If-None-Match answers 304.',
        params: VoteParams,
        response: { 200: BoardDocumentText, ...notModifiedResponse, 404: problem('No published board for this vote') },
      },
    },
    async (req, reply) => {
      const src = await boardSource(db, req.params.voteId);
      if (!src) throw notFound();
      // a published board never changes: its SHA-256 is a strong validator, any cache may keep it
      if (cacheHeaders(req, reply, strongEtag(src.sha256), { maxAge: BOARD_MAX_AGE, shared: true })) return reply.code(304).send();
      // Streamed from the entry rows a batch at a time (memory stays flat); the bytes are the
      // published ones (field order and all), never re-serialized.
      const chunks = src.chunks();
      const bytes = Readable.from((async function* () {
        for await (const c of chunks) yield Buffer.from(c, 'utf8');
      })(), { objectMode: false });
      return reply.type('application/json; charset=utf-8').header('content-length', String(src.bytes)).send(bytes);
    },
  );

  r.get(
    '/api/v1/boards/:voteId/winners',
    {
      schema: {
        tags: ['voting'],
        summary: 'The winners document of a vote counted by a winner rule (vallamaja-winners/1)',
        description:
          'Exactly the kept bytes (docs/voting-winners.md), once the vote is certified: the rule’s inputs, the binding to the board (its SHA-256), the winners and, apart from them, the overrides. Strong ETag (its SHA-256); it changes only when an override is recorded. 404 for a vote without a winner rule or not yet certified.',
        params: VoteParams,
        response: { 200: WinnersDocumentText, ...notModifiedResponse, 404: problem('No winners document for this vote') },
      },
    },
    async (req, reply) => {
      const text = await getWinnersText(db, req.params.voteId);
      if (text === null) throw notFound();
      if (cacheHeaders(req, reply, etagOfBody(text), { maxAge: 60, shared: true })) return reply.code(304).send();
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
