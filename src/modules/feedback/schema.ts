// TypeBox schemas of the feedback survey's JSON API (the widget's endpoints, invites, answers).
import { Type } from 'typebox';
import { CHANNELS, COMMENT_MAX, COMMENT_STATES, DRIVERS } from './model.js';

const L3 = Type.Object({ et: Type.String(), en: Type.String(), ru: Type.String() });
const Lang = Type.Union([Type.Literal('et'), Type.Literal('en'), Type.Literal('ru')]);
const DriverCode = Type.Union(DRIVERS.map((d) => Type.Literal(d)), { description: 'A driver of the fixed list (GSA A-11 style)' });

export const ServiceParams = Type.Object({
  kov: Type.String({ pattern: '^[0-9]{4}$', description: 'EHAK code of the KOV', examples: ['0784'] }),
  id: Type.String({ minLength: 1, maxLength: 200, description: 'The service: its id (uuid) or its slug' }),
});

export const FormQuery = Type.Object({ lang: Type.Optional(Lang) });

const Choice = Type.Object({ value: Type.Integer({ minimum: 1, maximum: 5 }), label: Type.String() });

export const FormOut = Type.Object(
  {
    service: Type.Object({ id: Type.String({ format: 'uuid' }), slug: Type.String(), name: Type.String({ description: 'In the requested language (Estonian if it has none)' }) }),
    lang: Lang,
    token: Type.String({ description: 'The signed form token to send back with the answer (valid from 3 s to 24 h after it was issued)' }),
    submitUrl: Type.String({ description: 'Where to POST the answer (JSON)' }),
    formUrl: Type.String({ description: 'The same survey as a page (no JavaScript needed)' }),
    commentMax: Type.Integer({ description: `The longest comment (${COMMENT_MAX} characters)` }),
    satisfaction: Type.Array(Choice, { minItems: 5, maxItems: 5 }),
    ease: Type.Array(Choice, { minItems: 5, maxItems: 5 }),
    drivers: Type.Array(Type.Object({ code: DriverCode, label: Type.String() })),
    texts: Type.Record(Type.String(), Type.String(), { description: 'The form’s texts in the requested language (title, intro, legends, hints, button, thanks, errors)' }),
  },
  { additionalProperties: false },
);

export const AnswerIn = Type.Object(
  {
    token: Type.String({ maxLength: 64, description: 'The token from GET …/feedback/form' }),
    // (the scales and drivers are checked by the service, so that a wrong value is named in the answer's language)
    satisfaction: Type.Optional(Type.Integer({ description: 'Required: 1 (very dissatisfied) … 5 (very satisfied)' })),
    ease: Type.Optional(Type.Integer({ description: 'Required: 1 (very difficult) … 5 (very easy)' })),
    wentWell: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20, description: `Driver codes: ${DRIVERS.join(', ')}` })),
    wentBadly: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20, description: 'Driver codes, none of them also in wentWell' })),
    comment: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()], { description: `Up to ${COMMENT_MAX} characters; moderated before anyone sees it` })),
    lang: Type.Optional(Lang),
    website: Type.Optional(Type.String({ maxLength: 200, description: 'Leave empty (a field people never see)' })),
  },
  { additionalProperties: false },
);

export const AnswerOut = Type.Object(
  {
    id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'The answer’s id (null: not stored — a filled hidden field)' }),
    commentPending: Type.Boolean({ description: 'The comment waits for moderation' }),
    message: Type.String({ description: 'The thank-you text in the answer’s language' }),
  },
  { additionalProperties: false },
);

export const InviteIn = Type.Object(
  {
    service: Type.String({ minLength: 1, maxLength: 200, description: 'The service: its id (uuid) or slug; it must be published' }),
    email: Type.Optional(Type.Union([Type.String({ maxLength: 254 }), Type.Null()], { description: 'If given, the invitation is mailed there; the address is not kept' })),
    reference: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()], { description: 'Your own reference of the transaction (no personal data)' })),
    lang: Type.Optional(Lang),
  },
  { additionalProperties: false },
);

export const InviteOut = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    url: Type.String({ description: 'The one-time answer link (holds the token; answered once)' }),
    expiresAt: Type.String({ format: 'date-time' }),
    mailed: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const AnswersQuery = Type.Object(
  {
    service: Type.Optional(Type.String({ format: 'uuid', description: 'One service’s answers only' })),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Answered at or after' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Answered before' })),
    cursor: Type.Optional(Type.String({ format: 'uuid', description: 'The previous page’s `next`' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);

export const ApiAnswerOut = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    serviceId: Type.String({ format: 'uuid' }),
    channel: Type.Union(CHANNELS.map((c) => Type.Literal(c))),
    satisfaction: Type.Integer({ minimum: 1, maximum: 5 }),
    ease: Type.Integer({ minimum: 1, maximum: 5 }),
    wentWell: Type.Array(DriverCode),
    wentBadly: Type.Array(DriverCode),
    comment: Type.Union([Type.String(), Type.Null()], { description: 'Only an approved comment’s text; null otherwise' }),
    commentState: Type.Union(COMMENT_STATES.map((s) => Type.Literal(s))),
    lang: Lang,
    answeredAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

export const AnswersOut = Type.Object({
  answers: Type.Array(ApiAnswerOut),
  next: Type.Union([Type.String(), Type.Null()], { description: 'The cursor of the next page (null: none)' }),
});

export const KovParams = Type.Object({ kov: Type.String({ pattern: '^[0-9]{4}$', description: 'EHAK code of the KOV', examples: ['0784'] }) });
export { L3 };
