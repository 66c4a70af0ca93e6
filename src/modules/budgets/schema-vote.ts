// TypeBox schemas of the budgets vote and results API (OpenAPI). The rules are vote.ts's; they come
// back as 400 naming each field, 409 naming the reason.
import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T, description?: string) => Type.Union([s, Type.Null()], description ? { description } : {});
const DateTime = (description: string) => Type.String({ format: 'date-time', description });

export const OpenVoteBody = Type.Object(
  {
    committee: Type.Array(Type.String({ maxLength: 20 }), { minItems: 1, maxItems: 50, description: 'Personal ID codes of the election committee (member i is the i-th); kept only as keyed hashes and last-4 hints' }),
    threshold: Type.Integer({ description: 'Members needed to open the result (k of n)' }),
  },
  { additionalProperties: false },
);

const Member = Type.Object({ member: Type.Integer(), hint: Type.String({ description: 'Last 4 digits of the ID code' }), share: Type.Union([Type.Literal('named'), Type.Literal('waiting'), Type.Literal('pickedUp')]) });

export const VoteStateOut = Type.Object({
  voteId: Type.String(),
  status: Type.String({ description: 'draft | open | closed | published | certified (the voting core’s)' }),
  opensAt: DateTime('Voting opens'),
  closesAt: DateTime('Voting closes'),
  rollSize: Type.Integer(),
  turnout: Nullable(Type.Integer(), 'Ballots counted (after close)'),
  threshold: Nullable(Type.Integer()),
  committee: Type.Array(Member),
  areas: Type.Array(
    Type.Object({
      id: Type.String({ description: 'The area’s id, or `all` for a process without areas' }),
      name: Nullable(Type.String()),
      budget: Type.Integer({ description: 'Whole euros' }),
      ideas: Type.Array(Type.Object({ number: Type.Integer(), title: Type.String(), cost: Type.Integer({ description: 'Whole euros' }) })),
    }),
  ),
});

export const CloseOut = Type.Object({ turnout: Type.Integer({ description: 'Ballots counted' }) });

export const BallotBody = Type.Object(
  { ideas: Type.Array(Type.Integer({ minimum: 0 }), { maxItems: 200, description: 'Numbers of the chosen ideas (of one area when the process says so)' }) },
  { additionalProperties: false },
);
export const PaperBallotBody = Type.Object(
  {
    idcode: Type.String({ maxLength: 20, description: 'Personal ID code of the voter (she must be on the roll); stored only as a keyed hash' }),
    ideas: Type.Array(Type.Integer({ minimum: 0 }), { maxItems: 200, description: 'Numbers of the chosen ideas, by the same rules as an electronic ballot' }),
  },
  { additionalProperties: false },
);
export const PaperOut = Type.Object({ tracker: Type.String({ description: 'The paper ballot’s tracker' }) });
export const CastOut = Type.Object({ tracker: Type.String({ description: 'The ballot’s tracker: find it on the board after the count' }), replaced: Type.Boolean({ description: 'An earlier ballot of yours was replaced' }) });

export const ShareOut = Type.Object({ member: Type.Integer(), share: Type.String({ description: 'Your key share (64 hex digits): shown once, keep it safe' }) });
export const DecryptionBody = Type.Object({ share: Type.String({ maxLength: 200, description: 'Your key share (64 hex digits)' }) }, { additionalProperties: false });
export const DecryptionOut = Type.Object({ received: Type.Integer(), needed: Type.Integer(), published: Type.Boolean({ description: 'The board was published with this share' }) });
export const CertifyBody = Type.Object({ digest: Type.String({ maxLength: 100, description: 'The results digest you checked (64 hex digits)' }) }, { additionalProperties: false });
export const CertifyOut = Type.Object({ certifications: Type.Integer(), needed: Type.Integer(), status: Type.String() });

export const OverrideBody = Type.Object(
  {
    idea: Type.Integer({ description: 'The idea’s number' }),
    action: Type.Union([Type.Literal('fund'), Type.Literal('unfund')]),
    reason: Type.String({ maxLength: 2000, description: 'Published with the results' }),
  },
  { additionalProperties: false },
);
export const OverrideOut = Type.Object({ id: Type.String(), idea: Type.Integer(), action: Type.String(), reason: Type.String(), createdAt: DateTime('When') });

const ResultIdea = Type.Object({
  number: Type.Integer(),
  title: Type.String(),
  cost: Type.Integer({ description: 'Whole euros' }),
  votes: Nullable(Type.Integer()),
  funded: Type.Boolean(),
  how: Nullable(Type.String({ description: 'greedy | fill | does-not-fit | no-votes | area-invalid | override' })),
  lat: Nullable(Type.Number()),
  lon: Nullable(Type.Number()),
});
const Draw = Type.Object({
  areaId: Type.String(),
  seed: Type.String(),
  label: Type.String(),
  reason: Type.String(),
  order: Type.Array(Type.String(), { description: 'The tied idea ids in the drawn order' }),
  keys: Type.Record(Type.String(), Type.String(), { description: 'Each idea’s draw key, to recompute' }),
});

export const ResultOut = Type.Object({
  processId: Type.String(),
  voteId: Type.String(),
  status: Type.String(),
  certified: Type.Boolean(),
  rollSize: Type.Integer(),
  turnout: Nullable(Type.Integer()),
  rule: Type.String({ description: 'greedy | equal_shares' }),
  seed: Nullable(Type.String({ description: 'The board’s SHA-256: the seed of the public draws that broke ties' })),
  digest: Nullable(Type.String({ description: 'The results digest the committee signs off' })),
  certifications: Type.Integer(),
  threshold: Nullable(Type.Integer()),
  signatures: Type.Array(Type.Object({ name: Type.String(), signedAt: DateTime('Signed') })),
  areas: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Nullable(Type.String()),
      budget: Type.Integer(),
      minVoters: Nullable(Type.Integer()),
      voters: Nullable(Type.Integer()),
      valid: Nullable(Type.Boolean()),
      funded: Type.Integer({ description: 'Whole euros funded after overrides' }),
      ideas: Type.Array(ResultIdea),
      draws: Type.Array(Draw),
    }),
  ),
  overrides: Type.Array(Type.Object({ number: Type.Integer(), title: Type.String(), action: Type.String(), reason: Type.String(), by: Type.String(), at: DateTime('When') })),
  fundedTotal: Type.Integer(),
});
