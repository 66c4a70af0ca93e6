// TypeBox schemas of the services module's JSON API (api.ts): a service's content (CPSV-AP 3.2 terms,
// model.ts ServiceContent), in and out, and the service with its version state.
import { Type } from 'typebox';
import { AUDIENCES, CHANNEL_KINDS, LIFE_EVENTS, MAX } from './model.js';

const Str = (max: number, description?: string) => Type.String({ maxLength: max, ...(description ? { description } : {}) });
const L3Out = (description: string) => Type.Object({ et: Type.String(), en: Type.String(), ru: Type.String() }, { description });
const L3In = (max: number, description: string) =>
  Type.Object({ et: Str(max), en: Type.Optional(Str(max)), ru: Type.Optional(Str(max)) }, { additionalProperties: false, description: `${description} (et required where the text is; en, ru may be left out)` });

export const ChannelKind = Type.Enum([...CHANNEL_KINDS], { description:  'e-service (URL), web page (URL), office (address, opening hours), phone, e-mail, post (address), at home' });
export const Audience = Type.Enum([...AUDIENCES], { description: 'Target group' });
export const LifeEvent = Type.Enum([...LIFE_EVENTS], { description: 'Life event (sündmusteenus), stable code' });
const Duration = Type.String({ maxLength: 40, description: "ISO 8601 duration (xsd:duration), e.g. P10D, P2W, PT4H; '' = not stated" });

const legalBasisProps = { act: Str(MAX.short, 'The act, e.g. Sotsiaalhoolekande seadus'), section: Str(MAX.short, 'Section, e.g. § 14'), url: Str(2000, 'Link (Riigi Teataja)') };
const channelProps = {
  kind: ChannelKind,
  url: Str(2000, 'Address of the e-service or web page'),
  address: Str(MAX.short, 'Office or postal address'),
  openingHours: Str(MAX.short, 'Opening hours, free text'),
  phone: Str(40),
  email: Str(254),
  costCents: Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'Cost through this channel in euro cents; 0 = free' }),
  processingTime: Duration,
};
const stepProps = { who: Str(MAX.short, 'Role or unit'), what: Str(MAX.text), system: Str(MAX.short, 'Information system used'), duration: Duration };
const stateProps = { name: Str(MAX.short), url: Str(2000) };

export const ContentOut = Type.Object({
  name: L3Out('Name'),
  description: L3Out('Description'),
  legalBases: Type.Array(Type.Object(legalBasisProps)),
  unit: Type.String({ description: 'Competent KOV unit' }),
  ownerName: Type.String({ description: 'Named owner of the service' }),
  ownerEmail: Type.String(),
  audiences: Type.Array(Audience),
  channels: Type.Array(Type.Object(channelProps)),
  requirements: L3Out('Requirements'),
  evidence: Type.Array(L3Out('Input document (CPSV-AP Evidence)')),
  output: L3Out('What the resident gets (CPSV-AP Output)'),
  lifeEvents: Type.Array(LifeEvent),
  relatedState: Type.Array(Type.Object(stateProps), { description: 'Related state services' }),
  relatedServices: Type.Array(Type.String(), { description: 'Ids of related services of the same KOV' }),
  keywords: Type.Array(Type.String()),
  steps: Type.Array(Type.Object(stepProps), { description: 'Process steps in order' }),
});

const opt = <T extends Parameters<typeof Type.Optional>[0]>(t: T) => Type.Optional(t);
const closed = { additionalProperties: false } as const;

export const ContentIn = Type.Object(
  {
    name: L3In(MAX.name, 'Name'),
    description: L3In(MAX.text, 'Description'),
    legalBases: opt(Type.Array(Type.Object({ act: legalBasisProps.act, section: opt(legalBasisProps.section), url: opt(legalBasisProps.url) }, closed), { maxItems: MAX.list })),
    unit: opt(Str(MAX.short, 'Competent KOV unit')),
    ownerName: opt(Str(MAX.short, 'Named owner of the service')),
    ownerEmail: opt(Str(254)),
    audiences: opt(Type.Array(Audience, { maxItems: AUDIENCES.length })),
    channels: opt(
      Type.Array(
        Type.Object(
          {
            kind: channelProps.kind,
            url: opt(channelProps.url),
            address: opt(channelProps.address),
            openingHours: opt(channelProps.openingHours),
            phone: opt(channelProps.phone),
            email: opt(channelProps.email),
            costCents: opt(channelProps.costCents),
            processingTime: opt(channelProps.processingTime),
          },
          closed,
        ),
        { maxItems: MAX.list },
      ),
    ),
    requirements: opt(L3In(MAX.text, 'Requirements')),
    evidence: opt(Type.Array(L3In(MAX.short, 'Input document'), { maxItems: MAX.list })),
    output: opt(L3In(MAX.text, 'Output')),
    lifeEvents: opt(Type.Array(LifeEvent, { maxItems: LIFE_EVENTS.length })),
    relatedState: opt(Type.Array(Type.Object(stateProps, closed), { maxItems: MAX.list })),
    relatedServices: opt(Type.Array(Type.String({ maxLength: 64 }), { maxItems: MAX.list })),
    keywords: opt(Type.Array(Str(MAX.keyword), { maxItems: MAX.list })),
    steps: opt(Type.Array(Type.Object({ who: opt(stepProps.who), what: stepProps.what, system: opt(stepProps.system), duration: opt(stepProps.duration) }, closed), { maxItems: MAX.list })),
  },
  { ...closed, description: 'A service’s content; left-out lists are empty, left-out texts empty' },
);

const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Optional>[0]>(t: T) => Type.Union([t, Type.Null()]);
export const Status = Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('archived')]);

export const ServiceSummaryOut = Type.Object({
  id: Type.String(),
  slug: Type.String({ description: 'Stable public identifier (never changes)' }),
  status: Status,
  name: L3Out('Name (of the working version)'),
  unit: Nullable(Type.String()),
  ownerName: Nullable(Type.String()),
  templateId: Nullable(Type.String()),
  currentNo: Nullable(Type.Integer({ description: 'The published version the public sees' })),
  draftNo: Nullable(Type.Integer({ description: 'The open draft version, if any' })),
  updatedAt: DateTime,
});

export const ServiceOut = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  status: Status,
  templateId: Nullable(Type.String()),
  currentNo: Nullable(Type.Integer()),
  draftNo: Nullable(Type.Integer()),
  versionNo: Type.Integer({ description: 'The version whose content follows (the draft if one is open, else the current)' }),
  content: ContentOut,
  firstPublishedAt: Nullable(DateTime),
  publishedAt: Nullable(DateTime),
  archivedAt: Nullable(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const VersionOut = Type.Object({
  versionNo: Type.Integer(),
  createdAt: DateTime,
  createdBy: Type.String(),
  updatedAt: DateTime,
  updatedBy: Type.String(),
  publishedAt: Nullable(DateTime),
  publishedBy: Nullable(Type.String()),
  current: Type.Boolean(),
  draft: Type.Boolean(),
});

export const VersionFullOut = Type.Object({ ...VersionOut.properties, content: ContentOut });

export const TemplateOut = Type.Object({
  id: Type.String(),
  code: Type.String(),
  stateOverlap: Type.Boolean({ description: 'The service overlaps a state service' }),
  content: ContentOut,
  updatedAt: DateTime,
});
