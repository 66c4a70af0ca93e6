// TypeBox schemas of the polls JSON API. They check the SHAPE of requests and document the API in
// OpenAPI; the rules (texts in three languages, 2–20 options, K within the options, the window,
// k ≤ n, …) are input.ts's validatePollInput — the same the "new poll" form uses — and come back
// as field errors named by JSON path (questions.0.options.1.text.en).
import { Type } from 'typebox';

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
    title: Texts('Title (required, up to 2,000 characters)'),
    description: Type.Optional(Texts('Description (optional, up to 2,000 characters)')),
    questions: Type.Array(
      Type.Object(
        {
          text: Texts('Question (required)'),
          rule: Rule,
          options: Type.Array(
            Type.Object(
              { text: Texts('Option (required)'), cost: Type.Optional(Type.Integer({ description: '`budget` rule only: the option’s cost (whole euros, 0 or more)' })) },
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
    members: Type.Integer({ description: 'n: committee members, each gets one key share (1–50)' }),
  },
  { additionalProperties: false },
);

// A member's share and a sign-off have the voting core's own bodies.
export { CertifyBody, DecryptBody as ShareBody } from '../voting/index.js';
