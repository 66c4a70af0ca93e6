// TypeBox schemas of the voting JSON API. They check the shape of requests and document the API in
// OpenAPI; the service checks the rules (ballot rules, ids, window) and answers with field errors.
import { Type } from 'typebox';

export const KovParams = Type.Object({ kov: Type.String({ description: 'EHAK code of the KOV (4 digits)' }) });
export const KovVoteParams = Type.Object({ kov: Type.String(), voteId: Type.String({ description: 'Vote id (UUID)' }) });
export const VoteParams = Type.Object({ voteId: Type.String({ description: 'Vote id (UUID)' }) });
export const TrackerParams = Type.Object({ voteId: Type.String(), tracker: Type.String({ maxLength: 100 }) });


const Texts = Type.Object({ et: Type.String({ maxLength: 2000 }), en: Type.String({ maxLength: 2000 }), ru: Type.String({ maxLength: 2000 }) }, { additionalProperties: false });

const Rule = Type.Union([
  Type.Object({ kind: Type.Literal('one') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('upTo'), max: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('budget'), budget: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
]);

export const CreateVoteBody = Type.Object(
  {
    title: Texts,
    questions: Type.Array(
      Type.Object(
        {
          id: Type.String({ maxLength: 40 }),
          text: Texts,
          rule: Rule,
          options: Type.Array(
            Type.Object({ id: Type.String({ maxLength: 40 }), text: Texts, cost: Type.Optional(Type.Integer({ minimum: 0 })) }, { additionalProperties: false }),
            { minItems: 1, maxItems: 100 },
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
    opensAt: Type.String({ format: 'date-time' }),
    closesAt: Type.String({ format: 'date-time' }),
    revote: Type.Boolean({ description: 'Allow re-voting (only the last electronic ballot counts)' }),
  },
  { additionalProperties: false },
);

export const RollBody = Type.Object(
  {
    entries: Type.Array(
      Type.Object(
        {
          idcode: Type.String({ maxLength: 20, description: 'Personal ID code; stored only as a keyed hash' }),
          unit: Type.String({ maxLength: 40, description: 'Settlement unit code' }),
          birthDate: Type.String({ maxLength: 10, description: 'YYYY-MM-DD' }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 500_000 },
    ),
  },
  { additionalProperties: false },
);

export const DealBody = Type.Object({ threshold: Type.Integer({ minimum: 1 }), members: Type.Integer({ minimum: 1, maximum: 50 }) }, { additionalProperties: false });

export const ChoicesBody = Type.Object(
  { choices: Type.Array(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 100 }), { maxItems: 50, description: 'Chosen option ids, one list per question in order' }) },
  { additionalProperties: false },
);

export const PaperBody = Type.Object(
  {
    idcode: Type.String({ maxLength: 20, description: 'Personal ID code of the voter' }),
    choices: Type.Array(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 100 }), { maxItems: 50 }),
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

export const Tracker = Type.Object({ tracker: Type.String() });
