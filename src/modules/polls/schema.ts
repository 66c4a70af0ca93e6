// TypeBox schemas of the polls JSON API. They check the SHAPE of requests and document the API in
// OpenAPI; the rules (texts in three languages, 2–20 options, K within the options, the window,
// k ≤ n, …) are input.ts's validatePollInput — the same the "new poll" form uses — and come back
// as field errors named by JSON path (questions.0.options.1.text.en).
import { Type } from 'typebox';
import { QuestionOut, TextsOut, TurnoutCellOut, VoteKeyOut } from '../voting/index.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T, description?: string) => Type.Union([s, Type.Null()], description ? { description } : {});
const DateTime = (description?: string) => Type.String({ format: 'date-time', ...(description ? { description } : {}) });

export const KovParams = Type.Object({ kov: Type.String({ description: 'EHAK code of the KOV (4 digits)' }) });
export const KovPollParams = Type.Object({ kov: Type.String(), id: Type.String({ description: 'Poll id (UUID)' }) });

const Texts = (what: string) =>
  Type.Object(
    { et: Type.String({ description: `${what} in Estonian` }), en: Type.String({ description: `${what} in English` }), ru: Type.String({ description: `${what} in Russian` }) },
    { additionalProperties: false },
  );

const Rule = Type.Object(
  {
    kind: Type.Union([Type.Literal('one'), Type.Literal('upTo'), Type.Literal('budget')], {
      description: '`one`: one choice; `upTo`: up to `max` choices; `budget`: choices whose `cost`s add up to at most `budget`',
    }),
    max: Type.Optional(Type.Integer({ description: '`upTo` only: most choices (1 … number of options)' })),
    budget: Type.Optional(Type.Integer({ description: '`budget` only: the budget (whole euros)' })),
  },
  { additionalProperties: false },
);

export const CreatePollBody = Type.Object(
  {
    title: Texts('Title (required, up to 200 characters)'),
    description: Type.Optional(Texts('Description (optional, up to 4,000 characters)')),
    questions: Type.Array(
      Type.Object(
        {
          text: Texts('Question (required, up to 500 characters)'),
          rule: Rule,
          options: Type.Array(
            Type.Object(
              { text: Texts('Option (required, up to 200 characters)'), cost: Type.Optional(Type.Integer({ description: '`budget` rule only: the option’s cost (whole euros, 0 or more)' })) },
              { additionalProperties: false },
            ),
            { maxItems: 100, description: '2–20 options; their ids are o1, o2, … in this order' },
          ),
        },
        { additionalProperties: false },
      ),
      { maxItems: 50, description: '1–3 questions; their ids are q1, q2, … in this order' },
    ),
    opensAt: Type.String({ maxLength: 40, description: 'ISO 8601 instant with its offset, e.g. 2026-11-23T10:00:00+02:00' }),
    closesAt: Type.String({ maxLength: 40, description: 'ISO 8601 instant with its offset, after opensAt' }),
    revote: Type.Boolean({ description: 'Voters may change their vote (only the last electronic ballot counts)' }),
    eligibility: Type.Optional(
      Type.Object(
        {
          units: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 1000, description: 'Settlement unit codes (EHAK); none: the whole KOV' })),
          minAge: Type.Optional(Type.Union([Type.Integer(), Type.Null()], { description: 'Minimum age (0–130) reached on `on`; null: no age limit' })),
          on: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Null()], { description: 'Reference date of the age, YYYY-MM-DD (needed with minAge)' })),
          residentSince: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Null()], { description: 'Resident in the KOV since this date (YYYY-MM-DD) or earlier' })),
          extraLists: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100, description: 'Names of the residents register’s extra lists whose members may vote too' })),
        },
        { additionalProperties: false, description: 'Who may vote, from the residents register (absent: every resident of the KOV)' },
      ),
    ),
    threshold: Type.Integer({ description: 'k: committee members needed to open and certify the result (1 … members)' }),
    members: Type.Optional(Type.Integer({ description: 'n: committee members, each gets one key share (1–50); when given, the number of `committee` codes' })),
    committee: Type.Array(Type.String({ maxLength: 20 }), {
      maxItems: 50,
      description:
        'The election committee by personal ID code, one per member (member i is the i-th; each person once). Each member picks up her own key share after publication, ' +
        'signed in; the codes are stored only as keyed hashes with their last four digits.',
    }),
  },
  { additionalProperties: false },
);

/** Publishing deals the key and freezes the roll: it must be confirmed. */
export const PublishBody = Type.Object(
  { confirm: Type.Optional(Type.Boolean({ description: 'Must be true: publishing freezes the roll and deals the key, and cannot be undone (400 on `confirm` otherwise)' })) },
  { additionalProperties: false },
);

export const CloseBody = Type.Object(
  {
    confirm: Type.Optional(Type.Boolean({ description: 'Must be true: closing ends voting and cannot be undone (400 on `confirm` otherwise)' })),
    reason: Type.Optional(Type.String({ maxLength: 2000, description: 'Required when closing before the planned end (1–500 characters); it goes into the audit log' })),
  },
  { additionalProperties: false },
);

export const CommitteeMemberOut = Type.Object({
  member: Type.Integer({ description: 'Her share’s number (1 … n): she names it when she brings her share at close' }),
  hint: Type.String({ description: 'The last four digits of her personal ID code' }),
  share: Type.Union([Type.Literal('named'), Type.Literal('waiting'), Type.Literal('pickedUp')], {
    description: 'named: the key is not dealt yet; waiting: her share waits for her to pick it up; pickedUp: she has it and the server no longer does',
  }),
  pickedUpAt: Nullable(DateTime()),
});

export const CommitteeOut = Type.Object({ items: Type.Array(CommitteeMemberOut) });

// A member's share, a sign-off and a paper ballot have the voting core's own bodies.
export { CertifyBody, DecryptBody as ShareBody, PaperBody } from '../voting/index.js';

// ---------------------------------------------------------------- answers (present.ts shapes them)

export const PollStatusOut = Type.Union(
  [Type.Literal('draft'), Type.Literal('scheduled'), Type.Literal('open'), Type.Literal('ended'), Type.Literal('closed'), Type.Literal('published'), Type.Literal('certified')],
  { description: 'draft; scheduled (published, window not started); open; ended (window over, not closed yet); closed; published (the board); certified' },
);

export const EligibilityOut = Type.Object(
  {
    units: Type.Array(Type.String(), { description: 'Settlement unit codes (EHAK); empty: the whole KOV' }),
    minAge: Nullable(Type.Integer(), 'Minimum age reached on `on`; null: no age limit'),
    on: Nullable(Type.String({ format: 'date' }), 'Reference date of the age'),
    residentSince: Nullable(Type.String({ format: 'date' }), 'Resident in the KOV since this date or earlier'),
    extraLists: Type.Array(Type.String(), { description: 'Extra lists of the residents register whose members may vote too' }),
  },
  { description: 'Who may vote, from the residents register' },
);

export const PollOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kov: Type.String({ description: 'EHAK code of the KOV' }),
  voteId: Type.String({ format: 'uuid', description: 'The vote of the voting core: residents cast at POST /api/v1/votes/{voteId}/ballots; its board is /api/v1/boards/{voteId}' }),
  status: PollStatusOut,
  title: TextsOut,
  description: TextsOut,
  questions: Type.Array(QuestionOut),
  opensAt: DateTime(),
  closesAt: DateTime(),
  revote: Type.Boolean({ description: 'Voters may change their vote (only the last electronic ballot counts)' }),
  eligibility: EligibilityOut,
  threshold: Type.Integer({ description: 'k: committee members needed to open and certify the result' }),
  members: Type.Integer({ description: 'n: committee members, each with one key share' }),
  createdAt: DateTime(),
  publishedAt: Nullable(DateTime(), 'When the poll was published (roll frozen, key dealt)'),
  closedAt: Nullable(DateTime()),
  boardPublishedAt: Nullable(DateTime(), 'When the ballot board was published (k shares brought)'),
  certifiedAt: Nullable(DateTime()),
  rollSize: Type.Integer({ description: 'People on the frozen roll (0 before publishing)' }),
  turnout: Nullable(Type.Integer(), 'Ballots counted, from close on'),
  decrypted: Type.Array(Type.Integer(), { description: 'Committee members whose key shares have been brought (after close)' }),
  key: Nullable(VoteKeyOut),
  links: Type.Object({
    page: Nullable(Type.String(), 'The public page, once published'),
    board: Nullable(Type.String(), 'The ballot board, once published'),
    results: Type.String(),
    resultsCsv: Type.String(),
    resultsPdf: Type.String({ description: 'The results protocol for officials (PDF), once the board is published' }),
    publicResultsPdf: Nullable(Type.String(), 'The public results protocol, once certified'),
  }),
});

export const PollList = Type.Object({ items: Type.Array(PollOut) });

export const EligibleOut = Type.Object({
  poll: Type.String({ format: 'uuid' }),
  eligibility: EligibilityOut,
  total: Type.Integer(),
  byUnit: Type.Array(
    Type.Object({
      code: Nullable(Type.String(), 'Settlement unit; null: on an extra list only'),
      name: Nullable(Type.String()),
      count: Type.Integer(),
    }),
  ),
});

export const PublishedOut = Type.Object({
  poll: PollOut,
  rollSize: Type.Integer(),
  committee: Type.Array(CommitteeMemberOut, { description: 'Each member’s share waits for her alone (she picks it up signed in); no share is in this answer' }),
});

export const ShareOut = Type.Object({
  member: Type.Integer(),
  received: Type.Integer({ description: 'Shares brought so far' }),
  needed: Type.Integer({ description: 'Shares needed (k)' }),
  published: Type.Boolean({ description: 'This share was the k-th: the board is published' }),
});

export const ResultsOut = Type.Object({
  poll: Type.String({ format: 'uuid' }),
  voteId: Type.String({ format: 'uuid' }),
  kov: Type.String(),
  title: TextsOut,
  status: PollStatusOut,
  opensAt: DateTime(),
  closesAt: DateTime(),
  certifiedAt: Nullable(DateTime()),
  rollSize: Type.Integer(),
  turnout: Type.Integer(),
  questions: Type.Array(
    Type.Object({
      id: Type.String(),
      text: TextsOut,
      options: Type.Array(Type.Object({ id: Type.String(), text: TextsOut, count: Nullable(Type.Integer(), 'Votes; null until the board is published') })),
    }),
  ),
  turnoutByUnit: Type.Array(TurnoutCellOut, { description: 'By settlement unit (cells under 5 suppressed)' }),
  turnoutByAge: Type.Array(TurnoutCellOut, { description: 'By age group on the closing day (cells under 5 suppressed)' }),
  board: Nullable(Type.String(), 'The ballot board, once published'),
  digest: Nullable(Type.String({ pattern: '^[0-9a-f]{64}$' }), 'The results digest (docs/api.md, "Results digest") once the board is published: what a sign-off confirms'),
  certifications: Type.Integer(),
  threshold: Nullable(Type.Integer(), 'Sign-offs needed to certify (k)'),
  signatures: Type.Array(
    Type.Object({
      name: Type.String(),
      signedAt: DateTime(),
      signedAtLocal: Type.String({ description: 'The same instant in Europe/Tallinn, DD.MM.YYYY HH:MM' }),
      digest: Nullable(Type.String(), 'The results digest she confirmed'),
    }),
  ),
  verify: Type.String({ description: 'The command that re-checks the board' }),
});

export const ResultsCsv = {
  description: 'The counts as CSV (UTF-8 with BOM, CRLF): question_id,question,option_id,option,votes; then the roll size and turnout',
  content: { 'text/csv': { schema: Type.String() } },
};

export const ResultsPdf = {
  description: 'The results protocol (PDF) with the committee’s sign-offs',
  content: { 'application/pdf': { schema: Type.Unsafe<Buffer>(Type.String({ format: 'binary' })) } },
};
