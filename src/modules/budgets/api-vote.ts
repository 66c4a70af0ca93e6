// The budgets vote and results JSON API. Thin: parse (schema-vote.ts) → authorize → vote.ts → present.
//
//   open the vote (committee k of n), close it, record an override     KOV admin (a person; overrides: API key `write` too)
//   the vote's state (committee, roll, ballot)                         budgets official or KOV admin; API key `read`
//   cast a ballot                                                      a signed-in resident on the roll (session + CSRF)
//   enter a paper ballot at an office                                  budgets official or KOV admin; API key `write`
//   pick up my share, give it for the count, sign the result off       a committee member herself (session + CSRF)
//   the results                                                        everyone once certified; officials from the count on
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { may, personActor, requireAction, requirePersonFor, requireUser } from '../../kernel/auth.js';
import { badRequest, forbidden, notFound } from '../../kernel/errors.js';
import { hashIdcode, parseIdcode } from '../../kernel/idcode.js';
import { commonErrors, problem } from '../../kernel/schema.js';
import { BUDGETS_CONFIGURE, BUDGETS_READ, BUDGETS_REVIEW } from './permissions.js';
import type { ResultView } from './results.js';
import type { BudgetResult } from './vote.js';
import { resultOf } from './results.js';
import { BallotBody, CastOut, PaperBallotBody, PaperOut, CertifyBody, CertifyOut, CloseOut, DecryptionBody, DecryptionOut, OpenVoteBody, OverrideBody, OverrideOut, ResultOut, ShareOut, VoteStateOut } from './schema-vote.js';
import { ProcessParams } from './schema.js';
import {
  ballotOf,
  budgetCommittee,
  budgetsSecrets,
  castBudgetBallot,
  castPaperBudgetBallot,
  certifyBudget,
  closeBudgetVote,
  openBudgetVote,
  overrideResult,
  pickUpBudgetShare,
  submitBudgetShare,
} from './vote.js';

const errors = { ...commonErrors, 409: problem('Conflict: not in a phase or state that allows this (the reason is named), or done already') };
const api = { tags: ['budgets'], security: [{ apiKey: [] }] };
const session = { tags: ['budgets'] };

/** The vote's state for officials. */
export async function voteState(app: FastifyInstance, kov: string, id: string) {
  const { vote, areas } = await ballotOf(app.db, kov, id);
  return {
    voteId: vote.id,
    status: vote.status,
    opensAt: vote.opensAt.toISOString(),
    closesAt: vote.closesAt.toISOString(),
    rollSize: vote.rollSize,
    turnout: vote.turnout,
    threshold: vote.key?.threshold ?? null,
    committee: await budgetCommittee(app.db, kov, id),
    areas: areas.map((a) => ({ id: a.id, name: a.name, budget: a.budget, ideas: a.ideas.map((i) => ({ number: i.number, title: i.title, cost: i.cost })) })),
  };
}

/** The results a caller may see: everyone once certified; officials (read) from the count on; else 404. */
export async function visibleResultOf(req: FastifyRequest, kov: string, id: string): Promise<{ r: BudgetResult; view: ResultView }> {
  const got = await resultOf(req.server.db, kov, id);
  if (!got) throw notFound('budgets.vote.notOpen');
  if (got.view.certified) return got;
  const official = req.apiKey ? req.apiKey.kov === kov && req.apiKey.scopes.includes('read') : may(req.user, kov, BUDGETS_READ);
  if (official && got.view.turnout !== null) return got;
  throw notFound('budgets.vote.notCertified');
}

export async function visibleResult(req: FastifyRequest, kov: string, id: string): Promise<ResultView> {
  return (await visibleResultOf(req, kov, id)).view;
}

export function resultJson(v: ResultView) {
  return {
    ...v,
    signatures: v.signatures.map((s) => ({ name: s.name, signedAt: s.signedAt.toISOString() })),
    areas: v.areas.map((a) => ({ ...a, ideas: a.ideas.map(({ id: _id, ...i }) => i) })),
    overrides: v.overrides.map((o) => ({ ...o, at: o.at.toISOString() })),
  };
}

export async function budgetsVoteApiRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;
  const secrets = budgetsSecrets(app.config);

  r.post(
    '/api/v1/kov/:kov/budgets/:id/vote',
    {
      schema: {
        ...session,
        summary: 'Open the vote: fix the ballot, freeze the roll, deal the key to the committee (a KOV admin herself)',
        description:
          'In the review or voting phase. The ballot is the published, feasible ideas; the roll the residents the process’s voting rules name; each member’s key share is sealed for her to pick up once. With the Method of Equal Shares the vote is of board format 2 (docs/voting-board-v2.md: ballots of K slots, mixed and decrypted as whole ballots). 409 names the reason: too early or too late, already open, a vote open to anyone (no roll), no idea on the ballot, nobody on the roll. Audited.',
        params: ProcessParams,
        body: OpenVoteBody,
        response: { 201: VoteStateOut, ...errors },
      },
    },
    async (req, reply) => {
      const { kov, id } = req.params;
      const actor = requirePersonFor(req, kov, BUDGETS_CONFIGURE);
      await openBudgetVote(db, kov, id, req.body, actor, secrets);
      return reply.code(201).send(await voteState(app, kov, id));
    },
  );

  r.get('/api/v1/kov/:kov/budgets/:id/vote', { schema: { ...api, summary: 'The vote’s state: window, roll size, turnout, the committee’s pick-ups, the ballot', params: ProcessParams, response: { 200: VoteStateOut, ...errors } } }, async (req) => {
    const { kov, id } = req.params;
    requireAction(req, kov, BUDGETS_READ);
    return voteState(app, kov, id);
  });

  r.post(
    '/api/v1/kov/:kov/budgets/:id/vote/close',
    { schema: { ...api, summary: 'Close the vote (in the results phase); the voting core shuffles, unlinks and sums the ballots', params: ProcessParams, response: { 200: CloseOut, ...errors } } },
    async (req) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, BUDGETS_CONFIGURE);
      return closeBudgetVote(db, kov, id, actor);
    },
  );

  r.post(
    '/api/v1/kov/:kov/budgets/:id/ballots',
    {
      schema: {
        ...session,
        summary: 'Cast a ballot: the numbers of the chosen ideas (a signed-in resident on the roll; session + x-csrf-token)',
        description: '400 names what breaks the rules: an idea not on the ballot, ideas of two areas when one area only is allowed, another area’s ideas, more than K, over the area’s budget. Re-voting replaces the earlier ballot. 403 not on the roll; 409 outside the window.',
        params: ProcessParams,
        body: BallotBody,
        response: { 201: CastOut, ...errors, 403: problem('Not on the roll, or an API key') },
      },
    },
    async (req, reply) => {
      if (req.apiKey) throw forbidden();
      const user = requireUser(req);
      const { kov, id } = req.params;
      return reply.code(201).send(await castBudgetBallot(db, kov, id, user.idcodeHash, req.body.ideas));
    },
  );

  r.post(
    '/api/v1/kov/:kov/budgets/:id/paper-ballots',
    {
      schema: {
        ...api,
        summary: 'Enter a paper or assisted ballot at a KOV office while the vote is open (replaces the person’s e-ballots)',
        description:
          'By the same rules as an electronic ballot (400 names what is wrong). The paper ballot replaces her electronic ballots and she can no longer vote electronically (409); a second paper ballot for her is refused (409). The audit log records who entered it, never what it holds. 400 on `idcode` for an invalid code, 403 when she is not on the roll, 409 when the vote is not open.',
        params: ProcessParams,
        body: PaperBallotBody,
        response: { 201: PaperOut, ...errors },
      },
    },
    async (req, reply) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, BUDGETS_REVIEW);
      const code = req.body.idcode.trim();
      if (!parseIdcode(code).ok) throw badRequest([{ field: 'idcode', reason: 'voting.field.idcode' }]);
      return reply.code(201).send(await castPaperBudgetBallot(db, kov, id, hashIdcode(app.config.idcodeHmacKey, code), req.body.ideas, actor));
    },
  );

  const member = (req: FastifyRequest) => {
    if (req.apiKey) throw forbidden('error.personOnly');
    const user = requireUser(req);
    return { user, actor: personActor(user) };
  };

  r.post(
    '/api/v1/kov/:kov/budgets/:id/committee/share',
    { schema: { ...session, summary: 'A committee member picks up her key share (once; it is then gone from the server)', params: ProcessParams, response: { 200: ShareOut, ...errors } } },
    async (req) => {
      const { kov, id } = req.params;
      const { user, actor } = member(req);
      return pickUpBudgetShare(db, kov, id, user.idcodeHash, actor, secrets);
    },
  );

  r.post(
    '/api/v1/kov/:kov/budgets/:id/committee/decryption',
    { schema: { ...session, summary: 'A committee member gives her key share for the count (after close); with k of n the board is published', params: ProcessParams, body: DecryptionBody, response: { 200: DecryptionOut, ...errors } } },
    async (req) => {
      const { kov, id } = req.params;
      const { user, actor } = member(req);
      return submitBudgetShare(db, kov, id, user.idcodeHash, req.body.share, actor);
    },
  );

  r.post(
    '/api/v1/kov/:kov/budgets/:id/committee/certify',
    { schema: { ...session, summary: 'A committee member signs off the results digest; with k sign-offs the winners are decided by the rule', params: ProcessParams, body: CertifyBody, response: { 200: CertifyOut, ...errors } } },
    async (req) => {
      const { kov, id } = req.params;
      const { user, actor } = member(req);
      return certifyBudget(db, kov, id, user.idcodeHash, req.body.digest, actor);
    },
  );

  r.get(
    '/api/v1/kov/:kov/budgets/:id/results',
    { schema: { tags: ['budgets'], summary: 'The results: per area the voters and the funded ideas, per idea its votes; draws, overrides, sign-offs (everyone once certified)', params: ProcessParams, response: { 200: ResultOut, ...errors } } },
    async (req) => {
      const { kov, id } = req.params;
      return resultJson(await visibleResult(req, kov, id));
    },
  );

  r.post(
    '/api/v1/kov/:kov/budgets/:id/overrides',
    {
      schema: {
        ...api,
        summary: 'Record an override of the certified winners: fund an idea that did not win, or not fund a winner, with a reason (published)',
        params: ProcessParams,
        body: OverrideBody,
        response: { 201: OverrideOut, ...errors },
      },
    },
    async (req, reply) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, BUDGETS_CONFIGURE);
      const o = await overrideResult(db, kov, id, req.body, actor);
      return reply.code(201).send({ id: o.id, idea: req.body.idea, action: o.action, reason: o.reason, createdAt: o.createdAt.toISOString() });
    },
  );
}
