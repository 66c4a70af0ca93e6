// The committed OpenAPI document (openapi.json) is what the code produces, on either engine, and
// every operation of the JSON API documents typed answers:
//  - the document generated now (src/openapi.ts, the same code as `npm run openapi`) equals the
//    committed file byte for byte; otherwise: "openapi.json is out of date: run npm run openapi";
//  - it is the document the app serves at /api/openapi.json (only `servers` differs: the committed
//    file names the address as a variable, the served one this installation's PUBLIC_URL);
//  - every /api/v1 route of the built app is in it (none hidden), and nothing else is;
//  - every operation has a 2xx answer; each 2xx answer other than 204 has a media type with a schema;
//  - no schema anywhere in an operation (parameters, bodies, answers, the components they refer to)
//    lacks a type: a Type.Any() or Type.Unknown() shows up as `{}` and fails here. An object may
//    allow further fields (`additionalProperties: true`: the audit log's free-form snapshots), but it
//    is still an object.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/kernel/db.js';
import { OPENAPI_FILE, OPENAPI_SERVERS, openApiDocument, openApiText } from '../src/openapi.js';
import { engine, listRoutes, testApp, testDb } from './helpers.js';

type Schema = Record<string, unknown> | boolean;
interface Operation {
  tags?: string[];
  summary?: string;
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
  servers?: unknown;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const COMPOSITES = ['anyOf', 'oneOf', 'allOf'] as const;

/** Every place in the schema that has no type, as JSON-pointer-like paths (empty: all typed). */
function untyped(schema: Schema | undefined, at: string, doc: Doc, seen = new Set<string>()): string[] {
  if (schema === undefined) return [`${at}: no schema`];
  if (typeof schema === 'boolean') return [`${at}: boolean schema ${schema}`];
  const out: string[] = [];
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
    const target = name ? doc.components?.schemas?.[name] : undefined;
    if (!target) return [`${at}: unresolved $ref ${ref}`];
    if (seen.has(ref)) return [];
    seen.add(ref);
    return untyped(target, `${at}→${ref}`, doc, seen);
  }
  const composite = COMPOSITES.filter((k) => Array.isArray(schema[k]));
  if (!('type' in schema) && !('const' in schema) && !('enum' in schema) && composite.length === 0) out.push(`${at}: no type`);
  for (const k of composite) (schema[k] as Schema[]).forEach((s, i) => out.push(...untyped(s, `${at}/${k}/${i}`, doc, seen)));
  if (schema.properties && typeof schema.properties === 'object') {
    for (const [name, s] of Object.entries(schema.properties as Record<string, Schema>)) out.push(...untyped(s, `${at}/properties/${name}`, doc, seen));
  }
  if (schema.patternProperties && typeof schema.patternProperties === 'object') {
    for (const [p, s] of Object.entries(schema.patternProperties as Record<string, Schema>)) out.push(...untyped(s, `${at}/patternProperties/${p}`, doc, seen));
  }
  // an object open to further fields stays an object; a schema for those fields must be typed
  if (schema.additionalProperties !== undefined && typeof schema.additionalProperties !== 'boolean') out.push(...untyped(schema.additionalProperties as Schema, `${at}/additionalProperties`, doc, seen));
  if (schema.type === 'array' || schema.items !== undefined) {
    if (Array.isArray(schema.items)) (schema.items as Schema[]).forEach((s, i) => out.push(...untyped(s, `${at}/items/${i}`, doc, seen)));
    else if (schema.items !== undefined) out.push(...untyped(schema.items as Schema, `${at}/items`, doc, seen));
    else if (!Array.isArray(schema.prefixItems)) out.push(`${at}: array without items`);
  }
  if (Array.isArray(schema.prefixItems)) (schema.prefixItems as Schema[]).forEach((s, i) => out.push(...untyped(s, `${at}/prefixItems/${i}`, doc, seen)));
  if (schema.not !== undefined) out.push(...untyped(schema.not as Schema, `${at}/not`, doc, seen));
  return out;
}

/** Every operation of the document as [label, operation]. */
function operations(doc: Doc): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).filter(([m]) => METHODS.includes(m)).map(([m, op]): [string, Operation] => [`${m.toUpperCase()} ${path}`, op]));
}

/** The first line where two texts differ, to say where the committed file is stale. */
function firstDifference(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i]) return `line ${i + 1}: committed ${JSON.stringify(x[i] ?? '(end of file)')}, generated ${JSON.stringify(y[i] ?? '(end of file)')}`;
  }
  return 'no line differs';
}

let db: Db;
let doc: Doc;
let text: string;

beforeAll(async () => {
  db = await testDb();
  doc = (await openApiDocument(db)) as unknown as Doc;
  text = openApiText(doc as unknown as Record<string, unknown>);
});
afterAll(async () => {
  await db?.close();
});

describe(`the OpenAPI document (${engine})`, () => {
  it('is committed as openapi.json exactly as the code produces it', () => {
    expect(fs.existsSync(OPENAPI_FILE), 'openapi.json is missing: run npm run openapi').toBe(true);
    const committed = fs.readFileSync(OPENAPI_FILE, 'utf8');
    if (committed !== text) expect.fail(`openapi.json is out of date: run npm run openapi (${firstDifference(committed, text)})`);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(committed).servers).toEqual(OPENAPI_SERVERS);
  });

  it('is the document the app serves at /api/openapi.json, but for the servers', async () => {
    const app = await testApp(db, { publicUrl: 'https://kov.example.test' });
    try {
      const served = (await app.inject('/api/openapi.json')).json<Doc>();
      expect(served.servers).toEqual([{ url: 'https://kov.example.test' }]);
      expect({ ...served, servers: OPENAPI_SERVERS }).toEqual(doc);
      // every /api/v1 route is documented, and the document holds nothing else
      const routes = listRoutes(app)
        .filter((r) => r.url.startsWith('/api/v1/'))
        .map((r) => `${r.method} ${r.url.replace(/:([A-Za-z_]+)/g, '{$1}')}`)
        .sort();
      expect(operations(doc).map(([label]) => label).sort()).toEqual(routes);
    } finally {
      await app.close();
    }
  });

  it('gives every operation a summary, a tag and a typed 2xx answer', () => {
    const problems: string[] = [];
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(30);
    for (const [label, op] of ops) {
      if (!op.summary) problems.push(`${label}: no summary`);
      if (!op.tags?.length) problems.push(`${label}: no tag`);
      const ok = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
      if (ok.length === 0) problems.push(`${label}: no 2xx answer`);
      for (const [status, res] of ok) {
        if (status === '204') {
          if (res.content) problems.push(`${label} ${status}: a 204 has no body`);
          continue;
        }
        const media = Object.entries(res.content ?? {});
        if (media.length === 0) problems.push(`${label} ${status}: no media type and schema`);
        for (const [type, m] of media) problems.push(...untyped(m.schema, `${label} ${status} ${type}`, doc));
      }
    }
    expect(problems).toEqual([]);
  });

  it('has no schema without a type anywhere in an operation (no Any, no Unknown)', () => {
    const problems: string[] = [];
    for (const [label, op] of operations(doc)) {
      for (const p of op.parameters ?? []) problems.push(...untyped(p.schema, `${label} ${p.in} ${p.name}`, doc));
      for (const [type, m] of Object.entries(op.requestBody?.content ?? {})) problems.push(...untyped(m.schema, `${label} body ${type}`, doc));
      for (const [status, res] of Object.entries(op.responses ?? {})) {
        for (const [type, m] of Object.entries(res.content ?? {})) problems.push(...untyped(m.schema, `${label} ${status} ${type}`, doc));
      }
    }
    expect(problems).toEqual([]);
    // the walk does catch them
    expect(untyped({}, 'any', doc)).toEqual(['any: no type']);
    expect(untyped({ type: 'object', properties: { x: {} } }, 'o', doc)).toEqual(['o/properties/x: no type']);
    expect(untyped({ type: 'array' }, 'a', doc)).toEqual(['a: array without items']);
    expect(untyped({ anyOf: [{ type: 'string' }, {}] }, 'u', doc)).toEqual(['u/anyOf/1: no type']);
  });
});
