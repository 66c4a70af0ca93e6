// The polls JSON API under /api/v1/kov/:kov/polls: every official action of the polls pages, for a
// KOV's own systems and scripts. Thin: parse (schema.ts) → authorize → call the service → present
// (present.ts). This is the official API of a poll's vote: the voting core (../voting/index.ts) has
// no official routes of its own. Residents cast through the voting core's public
// POST /api/v1/votes/{voteId}/ballots.
//
// Who may do what (the polls pages' rules; API keys where no person's act is needed):
//   list, read, eligible-count preview, results (JSON, CSV, PDF)   election committee or KOV admin; API key `read`
//   create, edit and delete a draft, close                         KOV admin; API key `write`
//   paper ballot (replaces the person's e-ballot)                  election committee or KOV admin; API key `write`
//   publish (deals each member's share to her alone; confirm)     KOV admin, signed in (never an API key)
//   committee (who has picked up her share)                        election committee or KOV admin; API key `read`
//   shares, certify                                                election committee, KOV admin or a member named on the poll,
//                                                                  signed in (never an API key)
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import { may, personActor, requireAction, requirePersonFor, requireUser } from '../../kernel/auth.js';
import { POLLS_CERTIFY, POLLS_CLOSE, POLLS_CREATE, POLLS_PAPER, POLLS_PUBLISH, POLLS_READ, POLLS_SHARE } from './permissions.js';
import { badRequest, conflict, forbidden } from '../../kernel/errors.js';
import { hashIdcode, parseIdcode } from '../../kernel/idcode.js';
import { commonErrors, problem } from '../../kernel/schema.js';
import { CertifyResult, PaperResult, resultsPdf } from '../voting/index.js';
import { pollInputFromJson } from './input.js';
import { committeeMemberOut, eligibleOut, pollOut, resultsCsv, resultsJson } from './present.js';
import {
  CertifyBody,
  CloseBody,
  CommitteeOut,
  CreatePollBody,
  EligibleOut,
  KovParams,
  KovPollParams,
  PaperBody,
  PollList,
  PollOut,
  PublishBody,
  PublishedOut,
  ResultsCsv,
  ResultsOut,
  ResultsPdf,
  ShareBody,
  ShareOut,
} from './schema.js';
import type { Poll } from './service.js';
import { API_NAMES } from './input.js';
import { pollsMessages } from './messages.js';
import { castPaperBallot, certifyPoll, closePoll, committeeOf, createPoll, deleteDraftPoll, getPoll, listPolls, memberOf, periodBounds, pollResults, pollSecrets, previewEligible, publishPoll, submitShare, updateDraftPoll } from './service.js';

const errors = { ...commonErrors, 409: problem('Conflict: the poll is not at a stage that allows this, or it was done already') };
const api = { tags: ['polls'], security: [{ apiKey: [] }] };

/** A signed-in person who may take the action; API keys are refused with the reason (key shares go to people). */
function requirePerson(req: FastifyRequest, kov: string, action: string): Actor {
  return requirePersonFor(req, kov, action, 'polls.error.personOnly');
}

/**
 * A committee act (bringing a share, signing the result off): a signed-in person who holds the
 * action's role in the KOV (the election committee, KOV admins) or who is named on this poll's
 * committee. API keys are refused with the reason.
 */
export async function requireCommitteeAct(req: FastifyRequest, db: FastifyInstance['db'], kov: string, pollId: string, action: string): Promise<Actor> {
  if (req.apiKey) throw forbidden('polls.error.personOnly');
  const user = requireUser(req);
  if (may(user, kov, action)) return requirePersonFor(req, kov, action, 'polls.error.personOnly');
  if (await memberOf(db, kov, pollId, user.idcodeHash)) return personActor(user);
  throw forbidden();
}

/** The results exist once the poll is closed (counts once the board is published); 409 before. */
function noResultsYet(poll: Poll) {
  // the stage in the reader's language, never its code
  return conflict('voting.error.wrongStatus', [{ field: 'status', reason: 'voting.error.wrongStatus', vars: { status: pollsMessages[`polls.status.${poll.status}`] } }]);
}

export async function pollsApiRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;

  r.get('/api/v1/kov/:kov/polls', { schema: { ...api, summary: 'Polls of the KOV, newest first (drafts included)', params: KovParams, response: { 200: PollList, ...errors } } }, async (req) => {
    const { kov } = req.params;
    requireAction(req, kov, POLLS_READ);
    return { items: (await listPolls(db, kov, false)).map(pollOut) };
  });

  r.post(
    '/api/v1/kov/:kov/polls',
    {
      schema: {
        ...api,
        summary: 'Create a poll (draft)',
        description:
          'The same rules as the “new poll” page: title and every question and option in et, en and ru; 1–3 questions of 2–20 options; ' +
          'texts up to 200 (title), 4,000 (description), 500 (question) and 200 (option) characters; ' +
          'the window (ISO 8601 with offset) opens no earlier than a few minutes ago (POLL_START_GRACE_MINUTES, default 5), closes after it opens, ' +
          'and lasts at most POLL_MAX_PERIOD_DAYS (default 90) days; eligibility from the residents register (units and extra lists must exist); ' +
          '1 ≤ threshold ≤ members ≤ 50. Bad input: 400 naming each field by its path (e.g. `questions.0.options.1.text.en`) and, in its reason, ' +
          'the question, option and language (“Question 1, option 2 (English): too long …”).',
        params: KovParams,
        body: CreatePollBody,
        response: { 201: PollOut, ...errors },
      },
    },
    async (req, reply) => {
      const { kov } = req.params;
      const actor = requireAction(req, kov, POLLS_CREATE);
      const { id } = await createPoll(db, kov, pollInputFromJson(req.body), actor, pollSecrets(app.config), API_NAMES, periodBounds(app.config.polls));
      return reply.code(201).header('location', `/api/v1/kov/${kov}/polls/${id}`).send(pollOut(await getPoll(db, kov, id)));
    },
  );

  r.put(
    '/api/v1/kov/:kov/polls/:id',
    {
      schema: {
        ...api,
        summary: 'Edit a draft poll (the whole definition, as when creating it)',
        description:
          'The same body and rules as creating a poll (400 naming each field). Only a draft: a published poll is refused with 409 ' +
          '(its roll is frozen and its key dealt). Audited with the definition before and after.',
        params: KovPollParams,
        body: CreatePollBody,
        response: { 200: PollOut, ...errors },
      },
    },
    async (req) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, POLLS_CREATE);
      await updateDraftPoll(db, kov, id, pollInputFromJson(req.body), actor, pollSecrets(app.config), API_NAMES, periodBounds(app.config.polls));
      return pollOut(await getPoll(db, kov, id));
    },
  );

  r.delete(
    '/api/v1/kov/:kov/polls/:id',
    {
      schema: {
        ...api,
        summary: 'Delete a draft poll',
        description: 'Only a draft: a published poll is refused with 409 (it can only be closed). Audited.',
        params: KovPollParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...errors },
      },
    },
    async (req, reply) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, POLLS_CREATE);
      await deleteDraftPoll(db, kov, id, actor);
      return reply.code(204).send(null);
    },
  );

  r.get('/api/v1/kov/:kov/polls/:id', { schema: { ...api, summary: 'One poll', params: KovPollParams, response: { 200: PollOut, ...errors } } }, async (req) => {
    const { kov, id } = req.params;
    requireAction(req, kov, POLLS_READ);
    return pollOut(await getPoll(db, kov, id));
  });

  r.post(
    '/api/v1/kov/:kov/polls/:id/eligible-count',
    { schema: { ...api, summary: 'How many the poll’s eligibility rules make eligible now, total and by settlement unit (nothing is stored)', params: KovPollParams, response: { 200: EligibleOut, ...errors } } },
    async (req) => {
      const { kov, id } = req.params;
      requireAction(req, kov, POLLS_READ);
      const poll = await getPoll(db, kov, id);
      return eligibleOut(poll, await previewEligible(db, kov, poll.rules));
    },
  );

  r.post(
    '/api/v1/kov/:kov/polls/:id/publish',
    {
      schema: {
        ...api,
        summary: 'Publish the poll: freeze the roll, deal the election key k of n to the named committee, open',
        description:
          'One transaction, and it cannot be undone: send `{"confirm": true}` (400 on `confirm` otherwise, and nothing happens). Each member’s key share is kept ' +
          'for her alone until she picks it up signed in (the pick-up page); the answer holds no share, the publisher sees none. ' +
          'A signed-in KOV admin only (API keys are refused). 400 when nobody is eligible, 409 when already published.',
        params: KovPollParams,
        body: PublishBody,
        response: { 201: PublishedOut, ...errors },
      },
    },
    async (req, reply) => {
      const { kov, id } = req.params;
      const actor = requirePerson(req, kov, POLLS_PUBLISH);
      if (req.body?.confirm !== true) throw badRequest([{ field: 'confirm', reason: 'polls.confirm.needed' }]);
      const out = await publishPoll(db, kov, id, actor, pollSecrets(app.config));
      return reply.code(201).send({ poll: pollOut(out.poll), rollSize: out.rollSize, committee: out.committee.map(committeeMemberOut) });
    },
  );

  r.post(
    '/api/v1/kov/:kov/polls/:id/paper-ballots',
    {
      schema: {
        ...api,
        summary: 'Enter a paper or assisted ballot while the vote is open (replaces the person’s e-ballot)',
        description:
          'For a person on the roll: `choices` name option ids per question in order, as a cast does. The paper ballot replaces her electronic ballots, and she ' +
          'can no longer cast electronically (409); a second paper ballot for her is refused (409). The audit log records who entered it, never what it holds. ' +
          '400 on `idcode` for an invalid code, 403 when she is not on the roll, 409 when the vote is not open.',
        params: KovPollParams,
        body: PaperBody,
        response: { 201: PaperResult, ...errors },
      },
    },
    async (req, reply) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, POLLS_PAPER);
      const code = req.body.idcode.trim();
      if (!parseIdcode(code).ok) throw badRequest([{ field: 'idcode', reason: 'voting.field.idcode' }]);
      return reply.code(201).send(await castPaperBallot(db, kov, id, hashIdcode(app.config.idcodeHmacKey, code), req.body.choices, actor));
    },
  );

  r.get(
    '/api/v1/kov/:kov/polls/:id/committee',
    { schema: { ...api, summary: 'The committee: each member’s number, the last four digits of her code, and whether she has picked up her key share', params: KovPollParams, response: { 200: CommitteeOut, ...errors } } },
    async (req) => {
      const { kov, id } = req.params;
      requireAction(req, kov, POLLS_READ);
      await getPoll(db, kov, id);
      return { items: (await committeeOf(db, kov, id)).map(committeeMemberOut) };
    },
  );

  r.post(
    '/api/v1/kov/:kov/polls/:id/close',
    {
      schema: {
        ...api,
        summary: 'Close the vote now: shuffle, unlink voters, sum',
        description:
          'Cannot be undone: send `{"confirm": true}` (400 on `confirm` otherwise, and nothing happens). Before the planned end a `reason` is required ' +
          '(1–500 characters, 400 on `reason` otherwise); it is written into the audit log entry of the close.',
        params: KovPollParams,
        body: CloseBody,
        response: { 200: PollOut, ...errors },
      },
    },
    async (req) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, POLLS_CLOSE);
      if (req.body?.confirm !== true) throw badRequest([{ field: 'confirm', reason: 'polls.confirm.needed' }]);
      await closePoll(db, kov, id, actor, req.body.reason ?? '');
      return pollOut(await getPoll(db, kov, id));
    },
  );

  r.post(
    '/api/v1/kov/:kov/polls/:id/shares',
    {
      schema: {
        ...api,
        summary: 'A committee member’s key share → her partial decryption (with proofs); with k shares the board is published',
        description:
          'The share is checked against the published commitments (400 on `share` if it does not match) and never stored. Signed-in committee members (the role, ' +
          'or named on this poll) and KOV admins only (API keys are refused).',
        params: KovPollParams,
        body: ShareBody,
        response: { 201: ShareOut, ...errors },
      },
    },
    async (req, reply) => {
      const { kov, id } = req.params;
      const actor = await requireCommitteeAct(req, db, kov, id, POLLS_SHARE);
      const out = await submitShare(db, kov, id, req.body.member, req.body.share, actor);
      return reply.code(201).send({ member: req.body.member, ...out });
    },
  );

  r.post(
    '/api/v1/kov/:kov/polls/:id/certify',
    {
      schema: {
        ...api,
        summary: 'Sign the published result off by confirming its digest (k members → certified)',
        description: 'Send the `digest` from GET …/results. A digest that is not the current result’s is refused with 409 and nothing is stored. Signed-in members only.',
        params: KovPollParams,
        body: CertifyBody,
        response: { 200: CertifyResult, ...errors },
      },
    },
    async (req) => {
      const { kov, id } = req.params;
      const actor = await requireCommitteeAct(req, db, kov, id, POLLS_CERTIFY);
      return certifyPoll(db, kov, id, req.body.digest, actor, app.config.publicUrl);
    },
  );

  r.get(
    '/api/v1/kov/:kov/polls/:id/results',
    {
      schema: {
        ...api,
        summary: 'Results: counts (once the board is published), turnout by unit and age group (cells under 5 suppressed), the results digest and the sign-offs',
        params: KovPollParams,
        response: { 200: ResultsOut, ...errors },
      },
    },
    async (req) => {
      const { kov, id } = req.params;
      requireAction(req, kov, POLLS_READ);
      const poll = await getPoll(db, kov, id);
      const res = await pollResults(db, poll);
      if (!res) throw noResultsYet(poll);
      return resultsJson(poll, res);
    },
  );

  r.get(
    '/api/v1/kov/:kov/polls/:id/results.csv',
    { schema: { ...api, summary: 'Results as CSV (UTF-8 with BOM): question, option, votes; roll size and turnout', params: KovPollParams, response: { 200: ResultsCsv, ...errors } } },
    async (req, reply) => {
      const { kov, id } = req.params;
      requireAction(req, kov, POLLS_READ);
      const poll = await getPoll(db, kov, id);
      const res = await pollResults(db, poll);
      if (!res) throw noResultsYet(poll);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="poll-${poll.id}-results.csv"`).send(resultsCsv(res));
    },
  );

  r.get(
    '/api/v1/kov/:kov/polls/:id/results.pdf',
    {
      schema: {
        ...api,
        summary: 'The results protocol as a PDF, from the board’s publication on (before certification too), with the sign-offs so far',
        params: KovPollParams,
        response: { 200: ResultsPdf, ...errors },
      },
    },
    async (req, reply) => {
      const { kov, id } = req.params;
      requireAction(req, kov, POLLS_READ);
      const poll = await getPoll(db, kov, id);
      const res = poll.status === 'published' || poll.status === 'certified' ? await pollResults(db, poll) : null;
      if (!res) throw noResultsYet(poll);
      const pdf = await resultsPdf(poll.vote, res, req.locale, { boardUrl: `${app.config.publicUrl}/api/v1/boards/${poll.voteId}` });
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="poll-${poll.id}-results.pdf"`).send(pdf);
    },
  );
}
