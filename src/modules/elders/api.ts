// The elders JSON API: officials under /api/v1/kov/:kov/elders/elections (KOV admins, the election
// committee, a KOV's API keys where no person's act is needed), residents' nominations and consents
// (signed in; rate-limited), and the public reads (current elders, elections, certified results).
// Thin: parse (schema.ts) → authorize → call the service → present (present.ts). Residents vote
// through the voting core's public POST /api/v1/votes/{voteId}/ballots.
//
//   list, read                                       election committee or KOV admin; API key `read`
//   create, close                                    KOV admin; API key `write`
//   confirm the candidates (deals the key), run-off  KOV admin, signed in (never an API key)
//   share pick-up, shares, certify                   the committee (role or named on the election), signed in
//   nominate, consent                                a signed-in person (the rules are the election's)
//   /api/v1/kov/:kov/elders, results (once certified) everyone
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import { may, personActor, requireAction, requirePersonFor, requireUser } from '../../kernel/auth.js';
import { forbidden, notFound } from '../../kernel/errors.js';
import type { Locale } from '../../kernel/i18n.js';
import { commonErrors, problem } from '../../kernel/schema.js';
import { resultsPdf } from '../voting/index.js';
import { ELDERS_CERTIFY, ELDERS_CLOSE, ELDERS_CONFIRM, ELDERS_CREATE, ELDERS_READ, ELDERS_SHARE } from './permissions.js';
import { electionOut, resultsCsv, resultsJson } from './present.js';
import { protocolLines } from './views/protocol.js';
import {
  CertifyBody,
  CertifyOut,
  CandidateOut,
  CloseOut,
  CreateElectionBody,
  ElectionList,
  ElectionOut,
  KovCandidateParams,
  KovElectionParams,
  KovEldersOut,
  KovParams,
  NominateBody,
  ResultsOut,
  RunoffBody,
  ShareBody,
  ShareOut,
  ShareResult,
} from './schema.js';
import type { Results } from '../voting/index.js';
import type { Election } from './service.js';
import {
  certifyElection,
  closeElection,
  confirmCandidates,
  consent,
  createElection,
  currentElders,
  electionResults,
  eldersSecrets,
  getElection,
  listElections,
  memberOf,
  nominate,
  pickUpShare,
  startRunoff,
  submitShare,
  unitNamesOf,
} from './service.js';

const errors = { ...commonErrors, 409: problem('Conflict: the election is not at a stage that allows this, or it was done already') };
const api = { tags: ['elders'], security: [{ apiKey: [] }] };
const pub = { tags: ['elders'] };

/** A committee act: a signed-in person with the action's role in the KOV, or named on this election's committee. */
export async function requireCommitteeAct(req: FastifyRequest, db: FastifyInstance['db'], kov: string, id: string, action: string): Promise<Actor> {
  if (req.apiKey) throw forbidden('elders.error.personOnly');
  const user = requireUser(req);
  if (may(user, kov, action)) return requirePersonFor(req, kov, action, 'elders.error.personOnly');
  if (await memberOf(db, kov, id, user.idcodeHash)) return personActor(user);
  throw forbidden();
}

/** A resident's own act (nominating, consenting): a signed-in person, never an API key. */
export function requireResident(req: FastifyRequest) {
  if (req.apiKey) throw forbidden('elders.error.personOnly');
  return requireUser(req);
}

/** An election officials may see always, everyone once its candidate list is confirmed or nominations are open. */
export async function visibleElection(req: FastifyRequest, db: FastifyInstance['db'], kov: string, id: string): Promise<Election> {
  return getElection(db, kov, id);
}

/** The certified result (everyone) or, before, the result so far (officials only). */
async function resultsFor(req: FastifyRequest, db: FastifyInstance['db'], kov: string, id: string) {
  const e = await getElection(db, kov, id);
  if (!e.outcome) requireAction(req, kov, ELDERS_READ);
  const res = await electionResults(db, e);
  if (!res) throw notFound();
  return { e, res };
}

/** The results protocol PDF of a decided election: the voting core's protocol with the election's own lines after the counts. */
export function protocolPdf(e: Election, res: Results, locale: Locale, unitNames: Map<string, string>, publicUrl: string): Promise<Buffer> {
  return resultsPdf(e.vote!, res, locale, { boardUrl: `${publicUrl}/api/v1/boards/${e.voteId}`, extra: protocolLines(e, locale, { unitNames, publicUrl }) });
}

export async function eldersApiRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;
  const secrets = eldersSecrets(app.config);
  const writeLimit = { max: app.config.rateLimit.publicWritePerMinute, timeWindow: '1 minute' };

  r.get('/api/v1/kov/:kov/elders', { schema: { ...pub, summary: 'The KOV’s village elders in office and its elections (public)', params: KovParams, response: { 200: KovEldersOut, ...errors } } }, async (req) => {
    const { kov } = req.params;
    const [elders, elections] = await Promise.all([currentElders(db, kov), listElections(db, kov)]);
    return { elders, elections: elections.map(electionOut) };
  });

  r.get('/api/v1/kov/:kov/elders/elections', { schema: { ...api, summary: 'Village elder elections of the KOV, newest first', params: KovParams, response: { 200: ElectionList, ...errors } } }, async (req) => {
    const { kov } = req.params;
    requireAction(req, kov, ELDERS_READ);
    return { items: (await listElections(db, kov)).map(electionOut) };
  });

  r.post(
    '/api/v1/kov/:kov/elders/elections',
    {
      schema: {
        ...api,
        summary: 'Set up a village elder election',
        description:
          'Title in et, en and ru; 1–50 settlement units of the KOV; nomination opens < nomination closes ≤ voting opens < voting closes (in the future); ' +
          'ages 0–130 on the day voting opens; tie rule `lot` (a public draw seeded by the published board’s SHA-256) or `runoff`; term 1–10 years; ' +
          '1 ≤ threshold ≤ members ≤ 50 and as many committee ID codes. Voters: residents of the units of the minimum age, plus an existing extra list ' +
          '(`extraList`) or a new one (`voterListCsv`). Bad input: 400 naming each field.',
        params: KovParams,
        body: CreateElectionBody,
        response: { 201: ElectionOut, ...errors },
      },
    },
    async (req, reply) => {
      const { kov } = req.params;
      const actor = requireAction(req, kov, ELDERS_CREATE);
      const b = req.body;
      const { id } = await createElection(
        db,
        kov,
        {
          title: b.title,
          units: b.units,
          nominationOpens: new Date(b.nominationOpens),
          nominationCloses: new Date(b.nominationCloses),
          votingOpens: new Date(b.votingOpens),
          votingCloses: new Date(b.votingCloses),
          candidateMinAge: b.candidateMinAge,
          candidateResident: b.candidateResident,
          voterMinAge: b.voterMinAge,
          extraList: b.extraList ?? null,
          tieRule: b.tieRule,
          termYears: b.termYears,
          threshold: b.threshold,
          members: b.members,
          committee: b.committee,
        },
        actor,
        secrets,
        b.voterListCsv,
      );
      return reply.code(201).header('location', `/api/v1/kov/${kov}/elders/elections/${id}`).send(electionOut(await getElection(db, kov, id)));
    },
  );

  r.get('/api/v1/kov/:kov/elders/elections/:id', { schema: { ...pub, summary: 'One election: settings, candidates, status and outcome (public)', params: KovElectionParams, response: { 200: ElectionOut, ...errors } } }, async (req) => {
    const { kov, id } = req.params;
    return electionOut(await visibleElection(req, db, kov, id));
  });

  r.post(
    '/api/v1/kov/:kov/elders/elections/:id/nominations',
    {
      schema: { ...pub, summary: 'Nominate a candidate (oneself, or another person who then consents)', params: KovElectionParams, body: NominateBody, response: { 201: CandidateOut, ...errors } },
      config: { rateLimit: writeLimit },
    },
    async (req, reply) => {
      const { kov, id } = req.params;
      const user = requireResident(req);
      const c = await nominate(db, kov, id, { idcodeHash: user.idcodeHash, birthDate: user.birthDate, name: `${user.givenName} ${user.familyName}` }, personActor(user), secrets, req.body.candidateIdcode, req.body.statement ?? '');
      return reply.code(201).send(c);
    },
  );

  r.post(
    '/api/v1/kov/:kov/elders/elections/:id/nominations/:cid/consent',
    { schema: { ...pub, summary: 'The candidate consents to her nomination', params: KovCandidateParams, response: { 204: Type.Null(), ...errors } }, config: { rateLimit: writeLimit } },
    async (req, reply) => {
      const { kov, id, cid } = req.params;
      const user = requireResident(req);
      await consent(db, kov, id, cid, user.idcodeHash, personActor(user));
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/api/v1/kov/:kov/elders/elections/:id/confirm',
    { schema: { ...api, summary: 'Confirm the candidate list: creates and opens the vote, deals the key to the committee (a person; never an API key)', params: KovElectionParams, response: { 200: ElectionOut, ...errors } } },
    async (req) => {
      const { kov, id } = req.params;
      const actor = requirePersonFor(req, kov, ELDERS_CONFIRM, 'elders.error.personOnly');
      return electionOut(await confirmCandidates(db, kov, id, actor, secrets));
    },
  );

  r.post('/api/v1/kov/:kov/elders/elections/:id/close', { schema: { ...api, summary: 'Close the vote', params: KovElectionParams, response: { 200: CloseOut, ...errors } } }, async (req) => {
    const { kov, id } = req.params;
    const actor = requireAction(req, kov, ELDERS_CLOSE);
    return closeElection(db, kov, id, actor);
  });

  r.post(
    '/api/v1/kov/:kov/elders/elections/:id/share-pickup',
    { schema: { ...api, summary: 'A committee member picks up her own key share, once (signed in)', params: KovElectionParams, response: { 200: ShareOut, ...errors } } },
    async (req, reply) => {
      const { kov, id } = req.params;
      const user = requireResident(req);
      reply.header('cache-control', 'no-store');
      return pickUpShare(db, kov, id, user.idcodeHash, personActor(user), secrets);
    },
  );

  r.post('/api/v1/kov/:kov/elders/elections/:id/shares', { schema: { ...api, summary: 'A committee member’s key share (partial decryption)', params: KovElectionParams, body: ShareBody, response: { 200: ShareResult, ...errors } } }, async (req) => {
    const { kov, id } = req.params;
    const actor = await requireCommitteeAct(req, db, kov, id, ELDERS_SHARE);
    return submitShare(db, kov, id, req.body.member, req.body.share, actor);
  });

  r.post('/api/v1/kov/:kov/elders/elections/:id/certify', { schema: { ...api, summary: 'Sign the result off (the results digest); with k sign-offs the winner is decided and the term starts', params: KovElectionParams, body: CertifyBody, response: { 200: CertifyOut, ...errors } } }, async (req) => {
    const { kov, id } = req.params;
    const actor = await requireCommitteeAct(req, db, kov, id, ELDERS_CERTIFY);
    return certifyElection(db, kov, id, req.body.digest, actor);
  });

  r.post('/api/v1/kov/:kov/elders/elections/:id/runoff', { schema: { ...api, summary: 'Start the run-off after a tie (tie rule run-off; a person)', params: KovElectionParams, body: RunoffBody, response: { 201: ElectionOut, ...errors } } }, async (req, reply) => {
    const { kov, id } = req.params;
    const actor = requirePersonFor(req, kov, ELDERS_CONFIRM, 'elders.error.personOnly');
    const e = await startRunoff(db, kov, id, { opensAt: new Date(req.body.opensAt), closesAt: new Date(req.body.closesAt) }, actor, secrets);
    return reply.code(201).send(electionOut(e));
  });

  r.get('/api/v1/kov/:kov/elders/elections/:id/results', { schema: { ...pub, summary: 'The result as JSON (everyone once certified; officials before)', params: KovElectionParams, response: { 200: ResultsOut, ...errors } } }, async (req) => {
    const { kov, id } = req.params;
    const { e, res } = await resultsFor(req, db, kov, id);
    return resultsJson(e, res);
  });

  r.get(
    '/api/v1/kov/:kov/elders/elections/:id/results.csv',
    { schema: { ...pub, summary: 'The result as CSV', params: KovElectionParams, response: { 200: Type.String({ description: 'text/csv' }), ...errors } } },
    async (req, reply) => {
      const { kov, id } = req.params;
      const { e, res } = await resultsFor(req, db, kov, id);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="elders-${id.slice(0, 8)}.csv"`).send(resultsCsv(e, res));
    },
  );

  r.get(
    '/api/v1/kov/:kov/elders/elections/:id/protocol.pdf',
    { schema: { ...pub, summary: 'The certified results protocol as PDF: the counts, turnout, the winner and the tie break (the public draw’s seed, keys and order, or the run-off), the sign-offs', params: KovElectionParams, querystring: Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('et'), Type.Literal('en'), Type.Literal('ru')])) }), response: { 200: Type.String({ description: 'application/pdf' }), ...errors } } },
    async (req, reply) => {
      const { kov, id } = req.params;
      const { e, res } = await resultsFor(req, db, kov, id);
      if (!e.outcome || !e.vote || !e.voteId) throw notFound();
      const pdf = await protocolPdf(e, res, (req.query.lang ?? req.locale ?? 'et') as Locale, await unitNamesOf(db, kov), app.config.publicUrl);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="elders-${id.slice(0, 8)}-protocol.pdf"`).send(pdf);
    },
  );
}
