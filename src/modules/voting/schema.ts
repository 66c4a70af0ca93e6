// TypeBox schemas of the voting core's public JSON API (the cast, the ballot boards) and the shapes
// that modules running votes (polls; budgets, elders and council next) use in their own official
// APIs: the ballot bodies, a vote's questions, turnout cells, the certification answer. They check
// the shape of requests, document the API in OpenAPI and, for responses, filter what is sent (the
// serializer drops anything not declared). The service checks the rules and answers with field errors.
//
// Response schemas avoid unions of objects (the serializer would pick the first branch that
// validates and drop the other branch's fields): a variant is one object with optional fields.
import { Type } from 'typebox';

export const VoteParams = Type.Object({ voteId: Type.String({ description: 'Vote id (UUID)' }) });
export const TrackerParams = Type.Object({ voteId: Type.String({ description: 'Vote id (UUID)' }), tracker: Type.String({ maxLength: 100, description: 'The tracker (64 hex digits; case is ignored)' }) });

const Choices = Type.Array(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 100 }), { maxItems: 50, description: 'Chosen option ids, one list per question in order' });

export const ChoicesBody = Type.Object({ choices: Choices }, { additionalProperties: false });

export const PaperBody = Type.Object(
  {
    idcode: Type.String({ maxLength: 20, description: 'Personal ID code of the voter (she must be on the roll); stored only as a keyed hash' }),
    choices: Choices,
  },
  { additionalProperties: false },
);

export const DecryptBody = Type.Object(
  { member: Type.Integer({ minimum: 1 }), share: Type.String({ maxLength: 100, description: 'The member’s share, 64 hex digits (never stored)' }) },
  { additionalProperties: false },
);

export const CertifyBody = Type.Object(
  {
    digest: Type.String({
      maxLength: 100,
      description: 'The results digest the member confirms (64 hex digits): `digest` of GET …/results. Refused (409) if it is not the current result’s.',
    }),
  },
  { additionalProperties: false },
);

// ---------------------------------------------------------------- shapes of answers

const Hex64 = (description: string) => Type.String({ pattern: '^[0-9a-f]{64}$', description });

export const TextsOut = Type.Object({ et: Type.String(), en: Type.String(), ru: Type.String() }, { description: 'The text in Estonian, English and Russian' });

export const VoteStatusOut = Type.Union([Type.Literal('draft'), Type.Literal('open'), Type.Literal('closed'), Type.Literal('published'), Type.Literal('certified')]);

export const QuestionOut = Type.Object({
  id: Type.String({ description: 'Question id (q1, q2, …): a ballot answers the questions in this order' }),
  text: TextsOut,
  rule: Type.Object(
    {
      kind: Type.Union([Type.Literal('one'), Type.Literal('upTo'), Type.Literal('budget')], {
        description: '`one`: one choice; `upTo`: up to `max` choices; `budget`: choices whose `cost`s add up to at most `budget`',
      }),
      max: Type.Optional(Type.Integer({ description: '`upTo` only' })),
      budget: Type.Optional(Type.Integer({ description: '`budget` only' })),
    },
    { description: 'What a ballot may choose in this question' },
  ),
  options: Type.Array(
    Type.Object({
      id: Type.String({ description: 'Option id (o1, o2, …), as a ballot names it' }),
      text: TextsOut,
      cost: Type.Optional(Type.Integer({ description: '`budget` rule only: the option’s cost' })),
    }),
  ),
});

export const VoteKeyOut = Type.Object(
  {
    threshold: Type.Integer({ description: 'k: shares needed to decrypt the result' }),
    members: Type.Integer({ description: 'n: committee members holding a share' }),
    commitments: Type.Array(Hex64('Feldman commitment Cⱼ (a ristretto255 point)'), { description: 'C₀ … C(k−1); C₀ is the election key Y' }),
  },
  { description: 'The election key, dealt k of n (VOTING.md)' },
);

export const TurnoutCellOut = Type.Object({
  key: Type.String({ description: 'Settlement unit code, or age group (16–17, 18–24, …, 65+)' }),
  eligible: Type.Union([Type.Integer(), Type.String()], { description: 'People on the roll; "<5" when under five' }),
  voted: Type.Union([Type.Integer(), Type.String()], { description: 'People who voted; "<5" when under five, "–" when hidden to protect another cell' }),
});

export const CastResult = Type.Object({
  tracker: Hex64('The ballot’s tracker: check it on the board after the vote'),
  replaced: Type.Boolean({ description: 'The ballot took the place of the person’s earlier one (re-voting)' }),
});

export const PaperResult = Type.Object({ tracker: Hex64('The paper ballot’s tracker') });

export const CertifyResult = Type.Object({
  certifications: Type.Integer({ description: 'Sign-offs so far' }),
  needed: Type.Integer({ description: 'Sign-offs needed to certify (k)' }),
  status: VoteStatusOut,
  digest: Hex64('The results digest confirmed'),
});

// ---------------------------------------------------------------- the public board (VOTING.md)

export const BoardListItemOut = Type.Object({
  voteId: Type.String(),
  kov: Type.String({ description: 'EHAK code of the KOV' }),
  title: TextsOut,
  url: Type.String({ description: 'Where the board document is: /api/v1/boards/{voteId}' }),
});

export const BoardList = Type.Array(BoardListItemOut, { description: 'Published boards, in the order they were published' });

const Ciphertext = Type.Array(Hex64('A point (hex)'), { minItems: 2, maxItems: 2, description: '["A hex", "B hex"]: an exponential-ElGamal ciphertext' });
const PerQuestionOption = <T extends Parameters<typeof Type.Array>[0]>(item: T, description: string) => Type.Array(Type.Array(item), { description });

export const BoardDocumentOut = Type.Object(
  {
    format: Type.Literal('vallamaja-board/1'),
    voteId: Type.String(),
    kov: Type.String(),
    title: TextsOut,
    questions: Type.Array(Type.Object({ id: Type.String(), options: Type.Array(Type.Object({ id: Type.String() })) })),
    key: Type.Object({
      Y: Hex64('The election key Y = C₀'),
      threshold: Type.Integer(),
      members: Type.Integer(),
      commitments: Type.Array(Hex64('Cⱼ')),
    }),
    entries: Type.Array(
      Type.Object({
        seq: Type.Integer({ description: '1 … N' }),
        kind: Type.Union([Type.Literal('e'), Type.Literal('paper')]),
        tracker: Hex64('The ballot’s tracker'),
        ciphertexts: PerQuestionOption(Ciphertext, '[question][option]'),
        prev: Hex64('The previous entry’s hash (entry 1: sha256hex("vallamaja/board/v1\\n" ‖ voteId))'),
        hash: Hex64('sha256hex(prev ‖ seq as 8 bytes big-endian ‖ kind ‖ tracker)'),
      }),
      { description: 'Counted ballots, shuffled at close' },
    ),
    turnout: Type.Integer({ description: 'Number of entries' }),
    tally: Type.Object({
      sums: PerQuestionOption(Ciphertext, '[question][option] = (ΣA, ΣB)'),
      decryptions: Type.Array(
        Type.Object({
          member: Type.Integer(),
          shares: PerQuestionOption(Hex64('Dᵢ = sᵢ·ΣA'), '[question][option]'),
          proofs: PerQuestionOption(Type.Object({ c: Hex64('challenge'), s: Hex64('response') }), '[question][option]: Chaum–Pedersen proofs'),
        }),
      ),
      counts: PerQuestionOption(Type.Integer(), '[question][option] = votes'),
    }),
  },
  {
    description:
      'The board document of VOTING.md, served byte for byte as it was published (its SHA-256 is part of the results digest): ' +
      'read it as bytes when you hash it, never re-serialize it. A vote of K-slot ballots (the Method of Equal Shares) publishes ' +
      'format `vallamaja-board/2` instead (docs/voting-board-v2.md: entries with `slots`, a `mix` section in place of `tally`).',
  },
);

/**
 * The board route's answer: the schema of the document, while the route sends the stored JSON text
 * (a string, so the serializer leaves it as it is: same bytes, same field order).
 */
export const BoardDocumentText = Type.Unsafe<string>(BoardDocumentOut);

// ---------------------------------------------------------------- the winners document (docs/voting-winners.md)

const Cents = (description: string) => Type.Integer({ minimum: 0, description: `${description} (integer cents)` });

export const WinnersDocumentOut = Type.Object(
  {
    format: Type.Literal('vallamaja-winners/1'),
    voteId: Type.String(),
    kov: Type.String(),
    board: Type.Object({ format: Type.String({ description: 'vallamaja-board/1 or vallamaja-board/2' }), sha256: Hex64('SHA-256 of the board document’s bytes: the binding, and the seed of the tie draws') }),
    rule: Type.Object(
      {
        kind: Type.Union([Type.Literal('greedy'), Type.Literal('equal-shares')]),
        utility: Type.Optional(Type.Union([Type.Literal('cost'), Type.Literal('approval')], { description: 'equal-shares only' })),
        stepPerVoter: Type.Optional(Type.Integer({ description: 'equal-shares only: the add1 step per voter in cents' })),
      },
      { description: '{"kind":"greedy"} or {"kind":"equal-shares","utility":…,"stepPerVoter":…}' },
    ),
    count: Type.Object(
      {
        from: Type.Union([Type.Literal('totals'), Type.Literal('ballots')]),
        votersOption: Type.Optional(Type.String({ description: 'totals: the option of each area question whose total is the area’s voters' })),
        question: Type.Optional(Type.String({ description: 'ballots: the board’s one question, whose options the slots number 1…m' })),
      },
      { description: 'Where the rule reads the ballots on the board: the decrypted totals (format 1) or the decrypted mixed ballots (format 2)' },
    ),
    areas: Type.Array(
      Type.Object({
        id: Type.String(),
        budget: Cents('The area’s budget'),
        minVoters: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: 'Fewer voters: the area’s result is invalid' }),
        ideas: Type.Array(Type.Object({ id: Type.String(), cost: Cents('The idea’s cost the vote counts') })),
      }),
      { description: 'The rule’s inputs besides the board' },
    ),
    result: Type.Array(
      Type.Object({
        areaId: Type.String(),
        budget: Cents('Budget'),
        voters: Type.Integer(),
        valid: Type.Boolean(),
        invalidReason: Type.Optional(Type.Literal('too-few-voters')),
        winners: Type.Array(Type.String(), { description: 'Funded idea ids in the order funded' }),
        spent: Cents('Spent'),
        ideas: Type.Array(
          Type.Object({
            id: Type.String(),
            votes: Type.Integer(),
            cost: Cents('Cost'),
            funded: Type.Boolean(),
            how: Type.String({ description: 'greedy | equal-shares | fill | does-not-fit | not-affordable | no-votes | area-invalid' }),
          }),
        ),
        draws: Type.Array(
          Type.Object({
            areaId: Type.String(),
            label: Type.String(),
            seed: Hex64('The board’s SHA-256'),
            order: Type.Array(Type.String()),
            keys: Type.Record(Type.String(), Type.String(), { description: 'Each tied idea’s draw key, in the drawn order' }),
            reason: Type.String(),
          }),
        ),
        equalShares: Type.Optional(
          Type.Object({
            utility: Type.String(),
            stepPerVoter: Type.Integer(),
            perVoterBudget: Type.String({ description: 'Exact, "num/den" cents' }),
            add1Steps: Type.Integer(),
            runs: Type.Integer(),
            mesWinners: Type.Array(Type.String()),
          }),
        ),
      }),
      { description: 'The rule’s result per area, recomputable from the board and the inputs' },
    ),
    overrides: Type.Array(
      Type.Object({ idea: Type.String(), action: Type.Union([Type.Literal('fund'), Type.Literal('unfund')]), reason: Type.String(), at: Type.String({ description: 'ISO 8601 UTC' }) }),
      { description: 'Officials’ overrides, in order, apart from the rule’s result' },
    ),
  },
  { description: 'The winners document (docs/voting-winners.md), served byte for byte as kept; `vallamaja verify BOARD-FILE WINNERS-FILE` checks it against the board.' },
);

/** The winners route's answer: the document's schema, while the route sends the kept text as it is. */
export const WinnersDocumentText = Type.Unsafe<string>(WinnersDocumentOut);

export const TrackerCheck = Type.Object({
  voteId: Type.String(),
  tracker: Type.String({ description: 'The tracker asked for, in lower case' }),
  found: Type.Boolean({ description: 'It is an entry of the board (a superseded ballot’s tracker is not)' }),
});
