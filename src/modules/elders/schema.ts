// Request and answer shapes of the elders JSON API (TypeBox; they make the OpenAPI description).
import { Type } from 'typebox';
import { KovCode } from '../../kernel/schema.js';

const TextsIn = Type.Object({ et: Type.String({ maxLength: 200 }), en: Type.String({ maxLength: 200 }), ru: Type.String({ maxLength: 200 }) });
const DateTime = Type.String({ format: 'date-time', description: 'ISO 8601 with offset' });

export const KovParams = Type.Object({ kov: KovCode });
export const KovElectionParams = Type.Object({ kov: KovCode, id: Type.String({ maxLength: 64 }) });
export const KovCandidateParams = Type.Object({ kov: KovCode, id: Type.String({ maxLength: 64 }), cid: Type.String({ maxLength: 64 }) });

export const CreateElectionBody = Type.Object(
  {
    title: TextsIn,
    units: Type.Array(Type.String({ maxLength: 8 }), { maxItems: 50, description: 'EHAK codes of the settlement units (villages) that elect one elder together' }),
    nominationOpens: DateTime,
    nominationCloses: DateTime,
    votingOpens: DateTime,
    votingCloses: DateTime,
    candidateMinAge: Type.Integer({ description: 'Candidates: minimum age on the day voting opens' }),
    candidateResident: Type.Boolean({ description: 'Candidates must live in the units (by the residents register)' }),
    voterMinAge: Type.Integer({ description: 'Voters: minimum age on the day voting opens (residents of the units)' }),
    extraList: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()], { description: 'Name of an existing extra list of the residents register whose members vote too' })),
    voterListCsv: Type.Optional(Type.String({ maxLength: 2_000_000, description: 'Or a new extra list: one personal ID code a line (e.g. property owners); imported under the election’s own name' })),
    tieRule: Type.Union([Type.Literal('lot'), Type.Literal('runoff')]),
    termYears: Type.Integer(),
    threshold: Type.Integer({ description: 'Committee members needed to open the result (k of n)' }),
    members: Type.Integer(),
    committee: Type.Array(Type.String({ maxLength: 20 }), { maxItems: 50, description: 'Personal ID codes of the committee; kept only as keyed hashes and last-4 hints' }),
  },
  { additionalProperties: false },
);

const CandidateOut = Type.Object({
  id: Type.String(),
  name: Type.String(),
  unit: Type.Union([Type.String(), Type.Null()]),
  statement: Type.String(),
  self: Type.Boolean(),
  consented: Type.Boolean(),
});
export { CandidateOut };

const ElderOut = Type.Object({ id: Type.String(), kov: Type.String(), electionId: Type.String(), name: Type.String(), units: Type.Array(Type.String()), termStart: Type.String(), termEnd: Type.String() });
export { ElderOut };

const DrawOut = Type.Object({ seed: Type.String(), label: Type.String(), order: Type.Array(Type.String()), keys: Type.Record(Type.String(), Type.String()) });
export const OutcomeOut = Type.Union([
  Type.Object({ kind: Type.Literal('elected'), candidateId: Type.String(), votes: Type.Integer(), draw: Type.Union([DrawOut, Type.Null()]) }),
  Type.Object({ kind: Type.Literal('runoff'), tied: Type.Array(Type.String()), votes: Type.Integer(), runoffId: Type.Union([Type.String(), Type.Null()]) }),
  Type.Object({ kind: Type.Literal('none') }),
]);

export const ElectionOut = Type.Object({
  id: Type.String(),
  kov: Type.String(),
  title: Type.Object({ et: Type.String(), en: Type.String(), ru: Type.String() }),
  units: Type.Array(Type.String()),
  nominationOpens: Type.String(),
  nominationCloses: Type.String(),
  votingOpens: Type.String(),
  votingCloses: Type.String(),
  candidateMinAge: Type.Integer(),
  candidateResident: Type.Boolean(),
  voterMinAge: Type.Integer(),
  extraList: Type.Union([Type.String(), Type.Null()]),
  tieRule: Type.String(),
  termYears: Type.Integer(),
  threshold: Type.Integer(),
  members: Type.Integer(),
  runoffOf: Type.Union([Type.String(), Type.Null()]),
  voteId: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  rollSize: Type.Union([Type.Integer(), Type.Null()]),
  candidates: Type.Array(CandidateOut),
  outcome: Type.Union([OutcomeOut, Type.Null()]),
  seed: Type.Union([Type.String(), Type.Null()]),
  elder: Type.Union([ElderOut, Type.Null()]),
});
export const ElectionList = Type.Object({ items: Type.Array(ElectionOut) });
export const KovEldersOut = Type.Object({ elders: Type.Array(ElderOut), elections: Type.Array(ElectionOut) });

export const NominateBody = Type.Object(
  {
    candidateIdcode: Type.Optional(Type.String({ maxLength: 20, description: 'The candidate’s personal ID code; absent or empty: the signed-in person nominates herself' })),
    statement: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export const RunoffBody = Type.Object({ opensAt: DateTime, closesAt: DateTime }, { additionalProperties: false });
export const ShareOut = Type.Object({ member: Type.Integer(), share: Type.String() });
export const ShareBody = Type.Object({ member: Type.Integer(), share: Type.String({ maxLength: 200 }) }, { additionalProperties: false });
export const ShareResult = Type.Object({ received: Type.Integer(), needed: Type.Integer(), published: Type.Boolean() });
export const CertifyBody = Type.Object({ digest: Type.String({ maxLength: 100 }) }, { additionalProperties: false });
export const CertifyOut = Type.Object({ certifications: Type.Integer(), needed: Type.Integer(), status: Type.String(), outcome: Type.Union([OutcomeOut, Type.Null()]) });
export const CloseOut = Type.Object({ turnout: Type.Integer() });
export const ResultsOut = Type.Object({
  election: ElectionOut,
  turnout: Type.Integer(),
  rollSize: Type.Integer(),
  digest: Type.Union([Type.String(), Type.Null()]),
  candidates: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), votes: Type.Union([Type.Integer(), Type.Null()]) })),
  winner: Type.Union([Type.Object({ id: Type.String(), name: Type.String(), votes: Type.Integer() }), Type.Null()], { description: 'The elected candidate (null before certification, on a run-off or when nobody was elected)' }),
  tieBreak: Type.Union(
    [
      Type.Object(
        {
          kind: Type.Literal('draw'),
          tied: Type.Array(Type.String()),
          seed: Type.String({ description: 'The public seed: SHA-256 of the published board' }),
          label: Type.String({ description: 'The draw’s label (one per election round)' }),
          order: Type.Array(Type.String(), { description: 'The tied candidates in drawn order; the first is elected' }),
          keys: Type.Record(Type.String(), Type.String(), { description: 'Each tied candidate’s draw key (recompute with the seed and label)' }),
        },
        { description: 'A tie broken by the public draw' },
      ),
      Type.Object({ kind: Type.Literal('runoff'), tied: Type.Array(Type.String()), runoffId: Type.Union([Type.String(), Type.Null()], { description: 'The run-off election, once started' }) }, { description: 'A tie sent to a run-off' }),
      Type.Null(),
    ],
    { description: 'How a tie of the top candidates was broken (null: no tie)' },
  ),
  signatures: Type.Array(Type.Object({ name: Type.String(), signedAt: Type.String(), digest: Type.Union([Type.String(), Type.Null()]) }), { description: 'The committee’s sign-offs of the results digest' }),
  board: Type.Union([Type.String({ description: 'The public ballot box (board) of the vote' }), Type.Null()]),
});
