// The multipart garbage test (issue 9, item 4): every route that accepts multipart bodies, found in
// the app's own route table (so a route added later is covered without editing this file), gets
// garbage multipart bodies — a bad boundary, a truncated body, a wrong content type, a huge field —
// signed in (as the KOV's admin, with a CSRF token) and not. Every answer must be a 4xx
// (400/401/403/404/413/415, or 429 from a public form's rate limit), never a 500. Which routes accept multipart is found out by asking each
// unsafe route with a well-formed multipart body: a route that does not parse it answers 415.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../src/kernel/db.js';
import type { RouteInfo } from './helpers.js';
import { Agent, csrfTokenOf, engine, listRoutes, loginAs, testApp, testDb } from './helpers.js';
import { grantRole } from '../src/modules/admin/index.js';
import { loadDemoTerritory } from '../src/modules/territory/index.js';
import { DEMO_PEOPLE } from '../src/dev/demo-people.js';

const KOV = '0784';
const ID = '01890a5d-ac96-774b-bcce-b302099a8057';
const ADMIN = DEMO_PEOPLE.find((p) => p.givenName === 'Jaan')!;
const BOUNDARY = '----vallamajaGarbage7MA4YWxkTrZu0gW';
const ALLOWED = [400, 401, 403, 404, 413, 415, 429];

let db: Db;
let app: FastifyInstance;
let admin: Agent;
let csrf = '';

const urlOf = (r: RouteInfo) => r.url.replace(/:kov\b/g, KOV).replace(/:id\b/g, ID).replace(/:(\w+)/g, 'x').replace(/\*$/, 'x');

function wellFormed(csrfToken: string): Buffer {
  return Buffer.from(
    [
      `--${BOUNDARY}`,
      'Content-Disposition: form-data; name="_csrf"',
      '',
      csrfToken,
      `--${BOUNDARY}`,
      'Content-Disposition: form-data; name="file"; filename="a.csv"',
      'Content-Type: text/csv',
      '',
      'isikukood,eesnimi,perenimi,maakond,kov,asustusyksus,elukoht_alates',
      `--${BOUNDARY}--`,
      '',
    ].join('\r\n'),
  );
}

/** The garbage: name → [content-type, body]. */
function garbage(csrfToken: string): Record<string, [string, Buffer]> {
  const good = wellFormed(csrfToken);
  return {
    'no boundary': ['multipart/form-data', good],
    'a boundary the body does not use': ['multipart/form-data; boundary=nope', good],
    'an empty boundary': ['multipart/form-data; boundary=', good],
    'a truncated body': [`multipart/form-data; boundary=${BOUNDARY}`, good.subarray(0, Math.floor(good.length * 0.6))],
    'cut inside the part headers': [`multipart/form-data; boundary=${BOUNDARY}`, Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-da`)],
    'no closing boundary': [`multipart/form-data; boundary=${BOUNDARY}`, Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nabc`)],
    'random bytes': [`multipart/form-data; boundary=${BOUNDARY}`, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))],
    'an empty body': [`multipart/form-data; boundary=${BOUNDARY}`, Buffer.alloc(0)],
    'a wrong content type (multipart body sent as JSON)': ['application/json', good],
    'a wrong content type (multipart/mixed)': [`multipart/mixed; boundary=${BOUNDARY}`, good],
    'a huge field': [
      `multipart/form-data; boundary=${BOUNDARY}`,
      Buffer.concat([Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrfToken}\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="acceptGoodRows"\r\n\r\n`), Buffer.alloc(3 * 1024 * 1024, 0x61), Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]),
    ],
    'too many fields': [
      `multipart/form-data; boundary=${BOUNDARY}`,
      Buffer.from(Array.from({ length: 50 }, (_, i) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nv\r\n`).join('') + `--${BOUNDARY}--\r\n`),
    ],
    'two files': [
      `multipart/form-data; boundary=${BOUNDARY}`,
      Buffer.from(
        [1, 2].map((i) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file${i}"; filename="${i}.csv"\r\nContent-Type: text/csv\r\n\r\nx\r\n`).join('') + `--${BOUNDARY}--\r\n`,
      ),
    ],
  };
}

/** One request; an answer that does not come within 30 s counts as a failure (status 0), not a hung test. */
async function send(agent: Agent | null, method: string, url: string, contentType: string, body: Buffer, token = ''): Promise<{ statusCode: number; body: string }> {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (token) headers['x-csrf-token'] = token;
  const answer = agent ? agent.req({ method, url, payload: body, headers }) : app.inject({ method: method as 'POST', url, payload: body, headers });
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<{ statusCode: number; body: string }>((resolve) => {
    timer = setTimeout(() => resolve({ statusCode: 0, body: 'no answer within 30 s' }), 30_000);
  });
  try {
    return await Promise.race([answer, hung]);
  } finally {
    clearTimeout(timer);
  }
}

beforeAll(async () => {
  db = await testDb();
  app = await testApp(db);
  await loadDemoTerritory(db);
  await grantRole(db, app.config.idcodeHmacKey, { kov: KOV, idcode: ADMIN.idcode, role: 'kov-admin', actor: { kind: 'system', id: null, name: 'test setup' } });
  admin = new Agent(app);
  await loginAs(admin, db, ADMIN.idcode, { givenName: 'Jaan', familyName: 'Tamm' });
  csrf = await csrfTokenOf(admin);
}, 300_000);
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe(`multipart garbage (${engine})`, () => {
  const multipart: RouteInfo[] = [];

  it('finds the routes that accept multipart in the route table', async () => {
    const unsafe = listRoutes(app).filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && !r.url.startsWith('/dev/'));
    expect(unsafe.length).toBeGreaterThan(10);
    for (const r of unsafe) {
      const res = await send(admin, r.method, urlOf(r), `multipart/form-data; boundary=${BOUNDARY}`, wellFormed(csrf), csrf);
      expect(res.statusCode, `${r.method} ${r.url}: ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(200);
      expect(res.statusCode, `${r.method} ${r.url}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
      if (res.statusCode !== 415) multipart.push(r);
    }
    // the residents page's upload is one of them (so this test is never about nothing)
    expect(multipart.map((r) => `${r.method} ${r.url}`)).toContain('POST /kov/:kov/admin/residents/import');
  }, 600_000);

  it('answers garbage with a 4xx on every one of them, signed in and not, never a 500', async () => {
    expect(multipart.length).toBeGreaterThan(0);
    const bad: string[] = [];
    for (const r of multipart) {
      for (const [name, [type, body]] of Object.entries(garbage(csrf))) {
        for (const who of ['signed in', 'anonymous'] as const) {
          const res = who === 'signed in' ? await send(admin, r.method, urlOf(r), type, body, csrf) : await send(null, r.method, urlOf(r), type, body);
          if (!ALLOWED.includes(res.statusCode)) bad.push(`${r.method} ${r.url}, ${name}, ${who}: ${res.statusCode} ${res.body.slice(0, 200)}`);
          // a multipart body is not even read for someone not signed in: 401, or on a form anyone may send
          // (a problem report) 403 for a caller without the CSRF cookie of our form page, or 429 from its rate limit
          if (who === 'anonymous' && type.startsWith('multipart/form-data') && ![401, 403, 429].includes(res.statusCode)) bad.push(`${r.method} ${r.url}, ${name}: reachable without signing in (${res.statusCode})`);
        }
      }
    }
    expect(bad).toEqual([]);
  }, 900_000);
});
