// TypeBox schemas of the residents JSON API: shapes only; the service checks the rules (known units
// and lists, dates, ages) and answers 400 naming the field.
import { Type } from 'typebox';
import type { Static } from 'typebox';

export const KovParams = Type.Object({ kov: Type.String({ description: 'EHAK code of the KOV (4 digits)' }) });


const Nullable = <S extends ReturnType<typeof Type.String>>(s: S) => Type.Union([s, Type.Null()]);

export const RowProblem = Type.Object({
  line: Type.Integer({ description: 'Line number in the file (the header is line 1)' }),
  field: Type.String(),
  code: Type.String({ description: 'columns, idcode, name, unknown-ehak, outside-kov, county-mismatch, date, duplicate, header, empty' }),
  message: Type.String(),
});

export const Batch = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: Type.String({ description: 'loading, current, superseded or failed' }),
  source: Type.String(),
  fileName: Nullable(Type.String()),
  ehakVersion: Nullable(Type.String()),
  acceptGoodRows: Type.Boolean(),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  rowsRead: Type.Integer(),
  rowsImported: Type.Integer(),
  rowsBad: Type.Integer(),
  importedBy: Type.String(),
  problems: Type.Array(RowProblem, { description: 'The first bad rows (at most 1,000 are kept)' }),
});
export type BatchOut = Static<typeof Batch>;

export const Status = Type.Object({
  current: Type.Union([Batch, Type.Null()]),
  latest: Type.Union([Batch, Type.Null()], { description: 'The latest import when it is not the current one (failed or loading)' }),
  lists: Type.Array(Type.Object({ name: Type.String(), members: Type.Integer(), importedAt: Type.String({ format: 'date-time' }) })),
});

export const Rules = Type.Object(
  {
    units: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9]{4}$' }), { maxItems: 500, description: 'Settlement unit EHAK codes; none: the whole KOV' })),
    minAge: Type.Optional(Type.Integer({ minimum: 0, maximum: 130, description: 'Minimum age on the reference date (a birthday on the date counts)' })),
    on: Type.Optional(Type.String({ description: 'Reference date YYYY-MM-DD (default: today in Europe/Tallinn)' })),
    residentSince: Type.Optional(Type.String({ description: 'Residence started on or before this date (YYYY-MM-DD)' })),
    extraLists: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20, description: 'Names of extra lists whose members are eligible too (age rule applies)' })),
  },
  { additionalProperties: false },
);

export const Counts = Type.Object({
  total: Type.Integer(),
  byUnit: Type.Array(
    Type.Object({
      code: Nullable(Type.String({ description: 'Settlement unit; null: on an extra list only' })),
      name: Nullable(Type.String()),
      count: Type.Integer(),
    }),
  ),
});

export const ImportQuery = Type.Object({
  acceptGoodRows: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'true: import the good rows and keep the report; false (default): any bad row rejects the file' })),
  fileName: Type.Optional(Type.String({ maxLength: 200 })),
});

/** The register import's query: ImportQuery and the confirmation of an import that empties or shrinks the register. */
export const RegisterImportQuery = Type.Object({
  acceptGoodRows: ImportQuery.properties.acceptGoodRows,
  fileName: ImportQuery.properties.fileName,
  confirmShrink: Type.Optional(
    Type.Union([Type.Literal('true'), Type.Literal('false')], {
      description: 'true: import even when the file has no rows or would leave the register more than RESIDENTS_SHRINK_CONFIRM_PERCENT % smaller (otherwise 409)',
    }),
  ),
});

export const ImportResultSchema = Type.Object({
  status: Type.String({ description: 'imported' }),
  batchId: Type.String({ format: 'uuid' }),
  rowsRead: Type.Integer(),
  rowsImported: Type.Integer(),
  rowsBad: Type.Integer(),
  problems: Type.Array(RowProblem),
});

export const XteeImportBody = Type.Object(
  {
    date: Type.Optional(Type.String({ description: 'Reference date YYYY-MM-DD (default: today in Europe/Tallinn)' })),
    acceptGoodRows: Type.Optional(Type.Boolean({ description: 'true: import the good rows and keep the report; false (default): any bad row rejects the answer' })),
  },
  { additionalProperties: false },
);

export const FetchParams = Type.Object({
  kov: Type.String({ description: 'EHAK code of the KOV (4 digits)' }),
  id: Type.String({ description: 'The fetch’s id (from the 202 answer)' }),
});

export const XteeFetch = Type.Object({
  id: Type.String({ format: 'uuid' }),
  state: Type.Union([Type.Literal('running'), Type.Literal('imported'), Type.Literal('rejected'), Type.Literal('failed'), Type.Literal('interrupted')], {
    description: 'running; imported; rejected (bad rows); failed (message says why); interrupted (the server stopped while it ran)',
  }),
  on: Type.String({ description: 'The reference date asked for (YYYY-MM-DD)' }),
  acceptGoodRows: Type.Boolean(),
  people: Type.Integer({ description: 'Living people read from the answer so far' }),
  bad: Type.Integer({ description: 'Bad rows among them so far' }),
  bytes: Type.Integer({ description: 'Bytes of the answer received so far' }),
  notLiving: Type.Integer({ description: 'People in the answer not living on the date (left out), once finished' }),
  rowsImported: Type.Integer(),
  batchId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'The import’s batch once imported or rejected (its report: GET …/residents/status)' }),
  message: Type.Union([Type.String(), Type.Null()], { description: 'Why it failed' }),
  startedAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  startedBy: Type.String(),
  statusUrl: Type.String(),
});

export const ListParams = Type.Object({
  kov: Type.String({ description: 'EHAK code of the KOV (4 digits)' }),
  name: Type.String({ maxLength: 100, description: 'Name of the list, e.g. üliõpilased' }),
});

export const ListImported = Type.Object({
  name: Type.String(),
  members: Type.Integer(),
  problems: Type.Array(Type.Object({ line: Type.Integer(), message: Type.String() }), { description: 'Bad lines left out (with acceptGoodRows=true)' }),
});
