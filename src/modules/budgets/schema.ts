// TypeBox schemas of the budgets JSON API: the SHAPE of requests and answers (OpenAPI). The rules
// (phase order, sums, areas within the total, eligibility scopes…) are service.ts's validateProcess,
// the same the setup page uses; they come back as 400 naming each field.
import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T, description?: string) => Type.Union([s, Type.Null()], description ? { description } : {});
const DateTime = (description: string) => Type.String({ format: 'date-time', description });
const Euros = (description: string) => Type.Integer({ description: `${description} (whole euros)` });

export const KovParams = Type.Object({ kov: Type.String({ description: 'EHAK code of the KOV (4 digits)' }) });
export const ProcessParams = Type.Object({ kov: Type.String(), id: Type.String({ description: 'Process id (UUID)' }) });
export const IdeaParams = Type.Object({ kov: Type.String(), id: Type.String({ description: 'Process id (UUID)' }), n: Type.String({ description: 'Idea number in the process (1, 2, …)' }) });

const Scope = Type.Union([Type.Literal('anyone'), Type.Literal('kov'), Type.Literal('area')], {
  description: '`anyone`: everyone signed in; `kov`: in the KOV’s residents register; `area`: registered in a settlement unit of the area',
});

const AreaIn = Type.Object(
  {
    id: Type.Optional(Type.String({ description: 'An existing area’s id (edit); absent: a new area' })),
    name: Type.String({ description: 'Name (unique in the process), up to 200 characters' }),
    budget: Euros('The area’s budget'),
    unitCodes: Type.Optional(Type.Array(Type.String(), { description: 'EHAK settlement unit codes of the KOV the area covers' })),
    minVoters: Type.Optional(Nullable(Type.Integer(), 'Minimum number of voters for the area’s result to be valid')),
  },
  { additionalProperties: false },
);

export const ProcessBody = Type.Object(
  {
    title: Type.Object({ et: Type.String(), en: Type.Optional(Type.String()), ru: Type.Optional(Type.String()) }, { additionalProperties: false, description: 'Title (Estonian required; up to 200 characters each)' }),
    description: Type.Optional(Type.String({ description: 'Up to 4,000 characters' })),
    phases: Type.Object(
      {
        ideas: DateTime('Idea collection starts'),
        review: DateTime('Review starts (authors can no longer edit)'),
        voting: DateTime('Voting starts (the setup and the ballot are fixed)'),
        results: DateTime('Results'),
        implementation: DateTime('Implementation'),
      },
      { additionalProperties: false, description: 'Start of each phase (ISO 8601 with offset), in this order' },
    ),
    totalBudget: Euros('Total budget'),
    maxIdeaCost: Type.Optional(Nullable(Type.Integer(), 'Largest cost of one idea (whole euros); null: no limit but the area’s budget')),
    submit: Type.Object({ minAge: Type.Integer(), scope: Scope }, { additionalProperties: false, description: 'Who may submit ideas' }),
    vote: Type.Object({ minAge: Type.Integer(), scope: Scope }, { additionalProperties: false, description: 'Who may vote (stored for the vote phase)' }),
    ballot: Type.Object(
      {
        kind: Type.Union([Type.Literal('count'), Type.Literal('budget')], { description: '`count`: up to `max` ideas; `budget`: ideas whose costs fit the area’s budget' }),
        max: Type.Optional(Nullable(Type.Integer(), 'K (1–50): required for `count`, an optional extra cap for `budget`')),
        areas: Type.Union([Type.Literal('one'), Type.Literal('every')], { description: '`one`: a ballot names ideas of one area only; `every`: one ballot per area' }),
      },
      { additionalProperties: false },
    ),
    winnerRule: Type.Union([Type.Literal('greedy'), Type.Literal('equal_shares')], { description: '`greedy`: by votes within each area’s budget; `equal_shares`: the Method of Equal Shares' }),
    areas: Type.Optional(Type.Array(AreaIn, { description: 'Areas with their own budgets (their sum at most the total)' })),
  },
  { additionalProperties: false },
);

const AreaOut = Type.Object({ id: Type.String(), name: Type.String(), budget: Type.Integer(), unitCodes: Type.Array(Type.String()), minVoters: Nullable(Type.Integer()) });

export const ProcessOut = Type.Object({
  id: Type.String(),
  kov: Type.String(),
  title: Type.Object({ et: Type.String(), en: Type.String(), ru: Type.String() }),
  description: Type.String(),
  phase: Type.String({ description: 'The current phase by the clock: upcoming | ideas | review | voting | results | implementation' }),
  phases: Type.Object({ ideas: Type.String(), review: Type.String(), voting: Type.String(), results: Type.String(), implementation: Type.String() }),
  totalBudget: Type.Integer(),
  maxIdeaCost: Nullable(Type.Integer()),
  submit: Type.Object({ minAge: Type.Integer(), scope: Type.String() }),
  vote: Type.Object({ minAge: Type.Integer(), scope: Type.String() }),
  ballot: Type.Object({ kind: Type.String(), max: Nullable(Type.Integer()), areas: Type.String() }),
  winnerRule: Type.String(),
  areas: Type.Array(AreaOut),
});
export const ProcessList = Type.Object({ items: Type.Array(ProcessOut) });

export const IdeaOut = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  areaId: Nullable(Type.String()),
  category: Type.String(),
  lat: Nullable(Type.Number()),
  lon: Nullable(Type.Number()),
  estimatedCost: Type.Integer(),
  officialCost: Nullable(Type.Integer()),
  status: Type.String({ description: 'submitted | published | rejected | merged' }),
  rejectReason: Nullable(Type.String()),
  mergedInto: Nullable(Type.Integer({ description: 'The number of the idea it was merged into' })),
  feasibility: Type.String({ description: 'unknown | feasible | infeasible' }),
  feasibilityNote: Nullable(Type.String()),
  onBallot: Type.Boolean({ description: 'Published and feasible: goes to the vote' }),
  authors: Type.Array(Type.String(), { description: 'First names only' }),
  createdAt: Type.String({ format: 'date-time' }),
});
export const IdeaList = Type.Object({ items: Type.Array(IdeaOut) });

export const ReviewBody = Type.Object(
  {
    action: Type.Union([Type.Literal('publish'), Type.Literal('reject'), Type.Literal('merge'), Type.Literal('assess')]),
    reason: Type.Optional(Type.String({ description: '`reject`: the reason shown (and mailed) to the authors' })),
    into: Type.Optional(Type.Integer({ description: '`merge`: the number of the published idea that takes it over (and its authors)' })),
    feasibility: Type.Optional(Type.Union([Type.Literal('unknown'), Type.Literal('feasible'), Type.Literal('infeasible')], { description: '`assess`' })),
    note: Type.Optional(Nullable(Type.String(), '`assess`: a public note')),
    officialCost: Type.Optional(Nullable(Type.Integer(), '`assess`: the officials’ own cost estimate (whole euros)')),
  },
  { additionalProperties: false },
);

export const BallotOut = Type.Object({
  items: Type.Array(Type.Object({ id: Type.String(), number: Type.Integer(), title: Type.String(), areaId: Nullable(Type.String()), cost: Type.Integer(), category: Type.String() })),
});
