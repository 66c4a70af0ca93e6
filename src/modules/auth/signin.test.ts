// Sign-in through the TARA simulator: the whole OpenID Connect flow over real HTTP, and every way
// it must be refused. Each refusal is checked to create no session.
import type http from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { createTaraSimulator } from '../../dev/tara-simulator.js';
import type { Db } from '../../kernel/db.js';
import { hashIdcode } from '../../kernel/idcode.js';
import { SESSION_COOKIE } from '../../kernel/session.js';
import { Agent, engine, testConfig, testDb, asOwner } from '../../../test/helpers.js';
import type { TaraHandle } from '../../../test/tara.js';
import { CookieJar, runTaraFlow, signInThroughTara, startTara, taraConfig } from '../../../test/tara.js';
import { safeReturnPath, taraDiscoveryCache } from './service.js';
import { STATE_COOKIE } from './routes.js';
import { nowMs } from '../../kernel/clock.js';

const MARI = '47502124911';
const JAAN = '39002102761';

let db: Db;
let tara: TaraHandle;
let app: FastifyInstance;
const logLines: string[] = [];
let discoveryRequests = 0;

const sessionCount = async () => (await asOwner(db, (t) => t.one<{ n: number }>('SELECT count(*)::int AS n FROM core_session')))!.n;
const personCount = async () => (await asOwner(db, (t) => t.one<{ n: number }>('SELECT count(*)::int AS n FROM core_person')))!.n;

/** An app for this test file's simulator; its log lines go to `logs`. */
async function makeApp(over: Parameters<typeof testConfig>[0] = {}, logs: string[] = logLines): Promise<FastifyInstance> {
  const config = testConfig({
    rateLimit: { signInPerMinute: 1000, publicWritePerMinute: 1000 },
    logLevel: 'info',
    ...over,
    tara: { ...taraConfig(tara), ...(over.tara ?? {}) },
  });
  const logStream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(...chunk.toString().split('\n').filter(Boolean));
      cb();
    },
  });
  return buildApp({ config, db, logStream });
}

/** The reason and detail of the refusals logged in `logs`. */
function refusals(logs: string[]): string[] {
  return logs
    .filter((l) => l.includes('sign-in refused'))
    .map((l) => {
      const o = JSON.parse(l) as { reason: string; detail: string };
      return `${o.reason} | ${o.detail}`;
    });
}

beforeAll(async () => {
  // the cache is the process's: an earlier test file in this worker may have filled it
  taraDiscoveryCache.clear();
  db = await testDb();
  tara = await startTara(undefined, {
    intercept: (req) => {
      if (req.url?.endsWith('/.well-known/openid-configuration')) discoveryRequests++;
      return false;
    },
  });
  app = await makeApp();
});
afterAll(async () => {
  await app.close();
  await tara.close();
  await db.close();
});

describe(`sign-in through TARA (${engine})`, () => {
  it('signs a person in: stores the person by ID-code hash only, creates a session, greets by name', async () => {
    const agent = new Agent(app);
    const before = await sessionCount();
    const to = await signInThroughTara(agent, tara, JAAN, { returnTo: '/me' });
    expect(to).toBe('/me');
    expect(await sessionCount()).toBe(before + 1);

    const me = await agent.get('/me');
    expect(me.statusCode).toBe(200);
    expect(me.body).toContain('Jaan Tamm');
    expect(me.body).toContain('10.02.1990');
    expect(me.body).toContain('Tere, Jaan Tamm!');

    const person = await asOwner(db, (t) =>
      t.one<{ idcode_hash: string; given_name: string; family_name: string; birth_date: string }>(
        'SELECT idcode_hash, given_name, family_name, birth_date FROM core_person WHERE idcode_hash = $1',
        [hashIdcode(app.config.idcodeHmacKey, JAAN)],
      ),
    );
    expect(person).toMatchObject({ given_name: 'Jaan', family_name: 'Tamm', birth_date: '1990-02-10' });
    const session = await asOwner(db, (t) =>
      t.one<{ acr: string; amr: string; is_official: boolean }>(
        'SELECT s.acr, s.amr, s.is_official FROM core_session s JOIN core_person p ON p.id = s.person_id WHERE p.idcode_hash = $1',
        [person!.idcode_hash],
      ),
    );
    expect(session).toMatchObject({ acr: 'high', amr: 'mID', is_official: false });

    // The plaintext code is nowhere in the rows of people and sessions.
    const dump = await asOwner(db, (t) =>
      t.query<{ j: string }>(
        `SELECT row_to_json(p)::text AS j FROM core_person p UNION ALL SELECT row_to_json(s)::text FROM core_session s`,
      ),
    );
    expect(dump.length).toBeGreaterThan(1);
    for (const r of dump) expect(r.j).not.toContain(JAAN);
  });

  it('sends state (≥ 8 chars), nonce, acr_values, ui_locales and the registered redirect_uri, and binds state to an HttpOnly cookie', async () => {
    const agent = new Agent(app);
    const login = await agent.get('/auth/login?return=%2Fme&lang=ru');
    expect(login.statusCode).toBe(302);
    const u = new URL(String(login.headers.location));
    expect(`${u.origin}${u.pathname}`).toBe(`${tara.issuer}/oidc/authorize`);
    expect(u.searchParams.get('client_id')).toBe(tara.clientId);
    expect(u.searchParams.get('response_type')).toBe('code');
    expect(u.searchParams.get('scope')).toBe('openid');
    expect(u.searchParams.get('redirect_uri')).toBe(tara.redirectUri);
    expect(u.searchParams.get('acr_values')).toBe('high');
    expect(u.searchParams.get('ui_locales')).toBe('ru');
    expect(u.searchParams.get('state')!.length).toBeGreaterThanOrEqual(8);
    expect(u.searchParams.get('nonce')!.length).toBeGreaterThanOrEqual(8);
    const setCookie = ([] as string[]).concat(login.headers['set-cookie'] as string | string[]).find((c) => c.startsWith(`${STATE_COOKIE}=`))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\/auth/);
    // Signed: the browser cannot change it.
    expect(app.unsignCookie(decodeURIComponent(agent.cookies.get(STATE_COOKIE)!)).valid).toBe(true);
  });

  it('discovers TARA once per process, not per request', async () => {
    const agent = new Agent(app);
    await signInThroughTara(agent, tara, MARI);
    await signInThroughTara(new Agent(app), tara, MARI);
    expect(discoveryRequests).toBe(1);
    expect(taraDiscoveryCache.size).toBe(1);
  });

  it('updates the person on the next sign-in instead of creating a second one', async () => {
    const n = await personCount();
    await signInThroughTara(new Agent(app), tara, MARI, { givenName: 'Mari-Liis', familyName: 'Maasikas' });
    expect(await personCount()).toBe(n);
    const p = await asOwner(db, (t) =>
      t.one<{ given_name: string }>('SELECT given_name FROM core_person WHERE idcode_hash = $1', [hashIdcode(app.config.idcodeHmacKey, MARI)]),
    );
    expect(p!.given_name).toBe('Mari-Liis');
  });

  it('refuses a callback whose state differs from the browser’s (login CSRF), and creates no session', async () => {
    // The attacker completes TARA as himself but hands the callback to the victim's browser.
    const attacker = new Agent(app);
    const flow = await runTaraFlow(attacker, tara, MARI, { stopBeforeCallback: true });
    const victim = new Agent(app);
    expect((await victim.get('/auth/login?return=%2F')).statusCode).toBe(302); // the victim's own state cookie
    const before = await sessionCount();
    const r = await victim.get(flow.callbackPath);
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('Sisselogimist ei saanud lõpetada');
    expect(victim.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await sessionCount()).toBe(before);
  });

  it('refuses a callback with a tampered state parameter', async () => {
    const agent = new Agent(app);
    const before = await sessionCount();
    const r = await runTaraFlow(agent, tara, MARI, { tamperCallbackUrl: (u) => u.searchParams.set('state', 'x'.repeat(32)) });
    expect(r.callback!.statusCode).toBe(400);
    expect(agent.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await sessionCount()).toBe(before);
  });

  it('refuses a callback without the state cookie, and one with a forged (unsigned) state cookie', async () => {
    const flow = await runTaraFlow(new Agent(app), tara, MARI, { stopBeforeCallback: true });
    const before = await sessionCount();
    const fresh = new Agent(app);
    const r = await fresh.get(flow.callbackPath);
    expect(r.statusCode).toBe(400);
    expect(fresh.cookies.has(SESSION_COOKIE)).toBe(false);

    const state = new URL(flow.callbackPath, 'http://x').searchParams.get('state')!;
    const forger = new Agent(app);
    forger.cookies.set(STATE_COOKIE, encodeURIComponent(JSON.stringify({ s: state, n: 'whatever-nonce', r: '/', t: nowMs() })));
    const f = await forger.get(flow.callbackPath);
    expect(f.statusCode).toBe(400);
    expect(forger.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await sessionCount()).toBe(before);
  });

  it('redeems a code once: replaying the same callback (same state cookie) fails at the token endpoint', async () => {
    const first = new Agent(app);
    const flow = await runTaraFlow(first, tara, MARI, { stopBeforeCallback: true });
    const stolen = new Agent(app);
    stolen.cookies = new Map(first.cookies); // a copy of the state cookie
    const ok = await first.get(flow.callbackPath);
    expect(ok.statusCode).toBe(302);
    const before = await sessionCount();
    const replay = await stolen.get(flow.callbackPath);
    expect(replay.statusCode).toBe(401);
    expect(replay.body).toContain('Sisselogimist ei õnnestunud kinnitada');
    expect(stolen.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await sessionCount()).toBe(before);
    expect(refusals(logLines).at(-1)).toBe('token-invalid | token endpoint: invalid_grant');
  });

  it('shows a cancelled sign-in (TARA error=user_cancel) in the person’s language', async () => {
    const agent = new Agent(app);
    const before = await sessionCount();
    const r = await runTaraFlow(agent, tara, MARI, { cancel: true, lang: 'en' });
    expect(r.callback!.statusCode).toBe(401);
    expect(r.callback!.body).toContain('The sign-in was cancelled');
    expect(r.callback!.body).toContain('lang="en"');
    expect(r.callback!.body).toContain('/auth/login?return=%2Fme');
    expect(agent.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await sessionCount()).toBe(before);
  });

  it('refuses an acr below the minimum (eIDAS low while the app requires high)', async () => {
    const agent = new Agent(app);
    const before = await sessionCount();
    const r = await runTaraFlow(agent, tara, MARI, { method: 'eidas-low' });
    expect(r.callback!.statusCode).toBe(403);
    expect(r.callback!.body).toContain('Selle autentimisvahendi tase ei ole piisav');
    const s = await runTaraFlow(new Agent(app), tara, MARI, { method: 'eidas-substantial' });
    expect(s.callback!.statusCode).toBe(403);
    expect(agent.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await sessionCount()).toBe(before);
  });

  it('accepts substantial when the configured minimum is substantial', async () => {
    const lenient = await makeApp({ tara: { ...taraConfig(tara, 'substantial') } });
    try {
      const agent = new Agent(lenient);
      await signInThroughTara(agent, tara, MARI, { method: 'eidas-substantial' });
      const low = await runTaraFlow(new Agent(lenient), tara, MARI, { method: 'eidas-low' });
      expect(low.callback!.statusCode).toBe(403);
    } finally {
      await lenient.close();
    }
  });

  it('refuses an ID code with a wrong check digit (sub EE39002102762)', async () => {
    const agent = new Agent(app);
    const before = await sessionCount();
    const persons = await personCount();
    const r = await runTaraFlow(agent, tara, '39002102762', { unchecked: true, givenName: 'Vale', familyName: 'Kood' });
    expect(r.callback!.statusCode).toBe(403);
    expect(r.callback!.body).toContain('Selle isikukoodiga ei saa sisse logida');
    expect(agent.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await sessionCount()).toBe(before);
    expect(await personCount()).toBe(persons);
  });

  it('never writes an ID code to the log, but logs why a sign-in was refused', async () => {
    await runTaraFlow(new Agent(app), tara, '39002102762', { unchecked: true, givenName: 'Vale', familyName: 'Kood' });
    const seen = refusals(logLines);
    expect(seen).toContain('idcode-invalid | personal ID code fails validation (checksum)');
    expect(seen).toContain('acr-too-low | acr low below high');
    expect(seen).toContain('cancelled | TARA error user_cancel');
    expect(seen).toContain('state-missing | no valid state cookie');
    expect(seen).toContain('state-mismatch | state differs from the cookie');
    for (const l of logLines) {
      expect(l).not.toMatch(/3900210276[12]|47502124911/);
      expect(l).not.toContain('[isikukood]'); // nothing even needed scrubbing
    }
  });

  it('refuses an open redirect: only same-site relative return paths are followed', async () => {
    for (const evil of ['https://evil.example/x', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/auth/login?return=/x']) {
      const agent = new Agent(app);
      const to = await signInThroughTara(agent, tara, MARI, { returnTo: evil });
      expect(to).toBe('/');
    }
    const agent = new Agent(app);
    expect(await signInThroughTara(agent, tara, MARI, { returnTo: '/kov/0784?tab=polls#x' })).toBe('/kov/0784?tab=polls#x');
    // Already signed in: /auth/login goes straight back, and still only to a safe path.
    const again = await agent.get('/auth/login?return=https%3A%2F%2Fevil.example');
    expect(again.statusCode).toBe(302);
    expect(again.headers.location).toBe('/');
  });

  it('safeReturnPath keeps relative paths and drops everything else', () => {
    expect(safeReturnPath('/me')).toBe('/me');
    expect(safeReturnPath('/kov/0784/polls?page=2')).toBe('/kov/0784/polls?page=2');
    expect(safeReturnPath('https://evil.example')).toBe('/');
    expect(safeReturnPath('//evil.example')).toBe('/');
    expect(safeReturnPath('/\\evil.example')).toBe('/');
    expect(safeReturnPath('/%0d%0aSet-Cookie:x')).toBe('/%0d%0aSet-Cookie:x');
    expect(safeReturnPath('/a\r\nb')).toBe('/');
    expect(safeReturnPath('me')).toBe('/');
    expect(safeReturnPath(['/a', '/b'])).toBe('/');
    expect(safeReturnPath(undefined)).toBe('/');
    expect(safeReturnPath('/auth/callback?code=x')).toBe('/');
  });

  it('rate-limits starting a sign-in per IP (429)', async () => {
    const limited = await makeApp({ rateLimit: { signInPerMinute: 3, publicWritePerMinute: 30 } });
    try {
      const codes: number[] = [];
      // its own address: the counters live in the database, shared with this file's other apps
      const login = () => limited.inject({ url: '/auth/login?return=%2F', remoteAddress: '192.0.2.10' });
      for (let i = 0; i < 4; i++) codes.push((await login()).statusCode);
      expect(codes).toEqual([302, 302, 302, 429]);
      const r = await login();
      expect(r.statusCode).toBe(429);
      expect(r.headers['retry-after']).toBeDefined();
      expect(r.body).toContain('Liiga palju päringuid');
    } finally {
      await limited.close();
    }
  });
});

describe(`ID token checks (${engine})`, () => {
  it('refuses an ID token issued to another client (wrong aud)', async () => {
    // A second client at the same TARA; a hostile proxy swaps the client in both the authorization
    // request and the token request, so TARA issues a genuine token whose aud is the other client.
    const other = { clientId: 'someone-else', clientSecret: 'someone-else-secret' };
    let mine = { clientId: '', clientSecret: '' };
    const t = await startTara(undefined, {
      extraClients: [{ ...other, redirectUri: 'http://127.0.0.1:3999/auth/callback' }],
      intercept: (req) => {
        const url = new URL(req.url ?? '/', 'http://x');
        if (url.pathname.endsWith('/oidc/authorize') && url.searchParams.get('client_id') === mine.clientId) {
          url.searchParams.set('client_id', other.clientId);
          req.url = `${url.pathname}${url.search}`;
        }
        if (url.pathname.endsWith('/oidc/token')) {
          req.headers.authorization = `Basic ${Buffer.from(`${other.clientId}:${other.clientSecret}`).toString('base64')}`;
        }
        return false;
      },
    });
    mine = { clientId: t.clientId, clientSecret: t.clientSecret };
    const logs: string[] = [];
    const a = await makeApp({ tara: taraConfig(t) }, logs);
    try {
      const before = await sessionCount();
      const agent = new Agent(a);
      const r = await runTaraFlow(agent, t, MARI);
      expect(r.callback!.statusCode).toBe(401);
      expect(agent.cookies.has(SESSION_COOKIE)).toBe(false);
      expect(await sessionCount()).toBe(before);
      expect(refusals(logs)).toEqual([expect.stringMatching(/^token-invalid \| OAUTH_JWT_CLAIM_COMPARISON_FAILED \(aud\)/)]);
    } finally {
      await a.close();
      await t.close();
    }
  });

  it('refuses an ID token from another issuer (wrong iss), both in the redirect and in the token', async () => {
    // The app is configured for issuer …/mixed, whose discovery document points at the simulator's
    // endpoints: a mix-up. The simulator's tokens say iss …/dev/tara.
    let tRef: TaraHandle | null = null;
    const t = await startTara(undefined, {
      intercept: async (req, res) => {
        if (req.url === '/mixed/.well-known/openid-configuration') {
          const doc = (await (await fetch(`${tRef!.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
          doc.issuer = `${tRef!.origin}/mixed`;
          delete doc.authorization_response_iss_parameter_supported;
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(doc));
          return true;
        }
        return false;
      },
    });
    tRef = t;
    const logs: string[] = [];
    const a = await makeApp({ tara: { ...taraConfig(t), issuer: `${t.origin}/mixed` } }, logs);
    try {
      const before = await sessionCount();
      // As sent: the redirect's iss parameter names the other issuer.
      const agent = new Agent(a);
      const r = await runTaraFlow(agent, t, MARI);
      expect(r.callback!.statusCode).toBe(401);
      expect(agent.cookies.has(SESSION_COOKIE)).toBe(false);
      // Without the iss parameter (real TARA does not send one): the ID token's iss is checked.
      const agent2 = new Agent(a);
      const r2 = await runTaraFlow(agent2, t, MARI, { tamperCallbackUrl: (u) => u.searchParams.delete('iss') });
      expect(r2.callback!.statusCode).toBe(401);
      expect(agent2.cookies.has(SESSION_COOKIE)).toBe(false);
      expect(await sessionCount()).toBe(before);
      expect(refusals(logs)).toEqual([
        expect.stringMatching(/^token-invalid \| OAUTH_INVALID_RESPONSE: .*"iss"/),
        expect.stringMatching(/^token-invalid \| OAUTH_JWT_CLAIM_COMPARISON_FAILED \(iss\)/),
      ]);
    } finally {
      await a.close();
      await t.close();
    }
  });

  it('refuses an ID token with another nonce (the authorization request was tampered with)', async () => {
    const agent = new Agent(app);
    const before = await sessionCount();
    const r = await runTaraFlow(agent, tara, MARI, { tamperAuthorizeUrl: (u) => u.searchParams.set('nonce', 'attacker-chosen-nonce') });
    expect(r.callback!.statusCode).toBe(401);
    expect(agent.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await sessionCount()).toBe(before);
    expect(refusals(logLines).at(-1)).toMatch(/^token-invalid \| OAUTH_JWT_CLAIM_COMPARISON_FAILED \(nonce\)/);
  });

  it('refuses an ID token signed with a key TARA does not publish (forged signature)', async () => {
    // A rogue provider with the same issuer name but its own key answers authorization and token
    // requests; discovery and JWKS still come from the real one.
    let rogueHandler: http.RequestListener | null = null;
    const t = await startTara(undefined, {
      intercept: (req, res) => {
        const path = (req.url ?? '').split('?')[0]!;
        if (rogueHandler && (path.includes('/oidc/authorize') || path.includes('/oidc/token') || path.includes('/interaction/'))) {
          rogueHandler(req, res);
          return true;
        }
        return false;
      },
    });
    const rogue = await createTaraSimulator({ issuer: t.issuer, clients: [{ clientId: t.clientId, clientSecret: t.clientSecret, redirectUri: t.redirectUri }] });
    rogueHandler = rogue.handler;
    const logs: string[] = [];
    const a = await makeApp({ tara: taraConfig(t) }, logs);
    try {
      const before = await sessionCount();
      const agent = new Agent(a);
      const r = await runTaraFlow(agent, t, MARI);
      expect(r.callback!.statusCode).toBe(401);
      expect(agent.cookies.has(SESSION_COOKIE)).toBe(false);
      expect(await sessionCount()).toBe(before);
      expect(refusals(logs)).toEqual([expect.stringMatching(/^token-invalid \| OAUTH_KEY_SELECTION_FAILED/)]);
    } finally {
      await a.close();
      await t.close();
    }
  });

  it('shows a friendly page when TARA cannot be reached', async () => {
    const t = await startTara();
    await t.close();
    const a = await makeApp({ tara: taraConfig(t) });
    try {
      const r = await a.inject('/auth/login?return=%2Fme&lang=en');
      expect(r.statusCode).toBe(503);
      expect(r.body).toContain('TARA is not available right now');
    } finally {
      await a.close();
    }
  });

  it('keeps the simulator-side browser honest: the picker asks again on every sign-in (no single sign-on)', async () => {
    const jar = new CookieJar();
    const a1 = new Agent(app);
    await signInThroughTara(a1, tara, MARI, { jar });
    const a2 = new Agent(app);
    const r = await runTaraFlow(a2, tara, JAAN, { jar });
    expect(r.pickerHtml).toContain('<h1>');
    await a2.get('/me');
    const me = await a2.get('/me');
    expect(me.body).toContain('Jaan Tamm');
  });
});
