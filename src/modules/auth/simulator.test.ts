// The TARA simulator itself: TARA's addresses and claims, the person picker (language, validation,
// accessibility basics, CSP), and that it refuses to exist in production.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTaraSimulator } from '../../dev/tara-simulator.js';
import type { Db } from '../../kernel/db.js';
import { Agent, engine, testApp, testDb } from '../../../test/helpers.js';
import type { TaraHandle } from '../../../test/tara.js';
import { CookieJar, runTaraFlow, startTara, taraConfig } from '../../../test/tara.js';

let db: Db;
let tara: TaraHandle;
let app: FastifyInstance;

beforeAll(async () => {
  db = await testDb();
  tara = await startTara();
  app = await testApp(db, { tara: taraConfig(tara), rateLimit: { signInPerMinute: 1000, publicWritePerMinute: 1000 } });
});
afterAll(async () => {
  await app.close();
  await tara.close();
  await db.close();
});

/** Opens the picker for a fresh authorization request of the app; returns its URL, HTML and jar. */
async function openPicker(lang?: 'et' | 'en' | 'ru') {
  const agent = new Agent(app);
  const login = await agent.get(`/auth/login?return=%2Fme${lang ? `&lang=${lang}` : ''}`);
  const jar = new CookieJar();
  const res = await jar.fetch(String(login.headers.location));
  const url = new URL(res.headers.get('location')!, tara.issuer);
  const page = await jar.fetch(url);
  return { agent, jar, url, page, html: await page.text() };
}

async function post(jar: CookieJar, url: URL, fields: Record<string, string>) {
  return jar.fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
}

describe(`TARA simulator (${engine})`, () => {
  it('publishes TARA’s endpoints under the issuer path, with client_secret_basic and RS256 only', async () => {
    const doc = (await (await fetch(`${tara.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(tara.issuer);
    expect(doc.authorization_endpoint).toBe(`${tara.issuer}/oidc/authorize`);
    expect(doc.token_endpoint).toBe(`${tara.issuer}/oidc/token`);
    expect(doc.jwks_uri).toBe(`${tara.issuer}/oidc/jwks`);
    expect(doc.token_endpoint_auth_methods_supported).toEqual(['client_secret_basic']);
    expect(doc.id_token_signing_alg_values_supported).toEqual(['RS256']);
    expect(doc.acr_values_supported).toEqual(['low', 'substantial', 'high']);
    expect(doc.ui_locales_supported).toEqual(['et', 'en', 'ru']);
    const jwks = (await (await fetch(`${tara.issuer}/oidc/jwks`)).json()) as { keys: { kty: string; alg: string; kid: string; d?: string }[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256' });
    expect(jwks.keys[0]!.d).toBeUndefined(); // the public half only
  });

  it('issues ID tokens with TARA’s claims: sub EE+code, profile_attributes, amr, acr, nonce', async () => {
    // Drive the flow by hand and redeem the code as a client would, to look at the token itself.
    const state = 'state-0123456789';
    const nonce = 'nonce-0123456789';
    const authorize = new URL(`${tara.issuer}/oidc/authorize`);
    for (const [k, v] of Object.entries({ client_id: tara.clientId, response_type: 'code', scope: 'openid', redirect_uri: tara.redirectUri, state, nonce, acr_values: 'high', ui_locales: 'et' })) {
      authorize.searchParams.set(k, v);
    }
    const jar = new CookieJar();
    let res = await jar.fetch(authorize);
    const url = new URL(res.headers.get('location')!, tara.issuer);
    await jar.fetch(url);
    res = await post(jar, url, { person: '39002102761', method: 'smartid' });
    res = await jar.fetch(new URL(res.headers.get('location')!, tara.issuer));
    const back = new URL(res.headers.get('location')!);
    expect(back.searchParams.get('state')).toBe(state);
    const basic = `Basic ${Buffer.from(`${tara.clientId}:${tara.clientSecret}`).toString('base64')}`;
    const body = new URLSearchParams({ grant_type: 'authorization_code', code: back.searchParams.get('code')!, redirect_uri: tara.redirectUri });
    const tok = await fetch(`${tara.issuer}/oidc/token`, { method: 'POST', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(tok.status).toBe(200);
    const json = (await tok.json()) as { id_token: string; expires_in: number };
    expect(json.expires_in).toBeLessThanOrEqual(40);
    const [h, p] = json.id_token.split('.').slice(0, 2).map((x) => JSON.parse(Buffer.from(x, 'base64url').toString()) as Record<string, unknown>);
    expect(h!.alg).toBe('RS256');
    expect(p).toMatchObject({
      iss: tara.issuer,
      aud: tara.clientId,
      sub: 'EE39002102761',
      profile_attributes: { date_of_birth: '1990-02-10', given_name: 'Jaan', family_name: 'Tamm' },
      amr: ['smartid'],
      acr: 'high',
      nonce,
    });
    expect((p!.exp as number) - (p!.iat as number)).toBeLessThanOrEqual(40);
    // The code is single-use.
    const again = await fetch(`${tara.issuer}/oidc/token`, { method: 'POST', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('refuses an authorization request without a state of at least 8 characters', async () => {
    const u = new URL(`${tara.issuer}/oidc/authorize`);
    for (const [k, v] of Object.entries({ client_id: tara.clientId, response_type: 'code', scope: 'openid', redirect_uri: tara.redirectUri, state: 'short', ui_locales: 'en' })) {
      u.searchParams.set(k, v);
    }
    const r = await fetch(u, { redirect: 'manual' });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('state is mandatory');
  });

  it('shows the picker in English for ui_locales=en, in Russian for ru, in Estonian by default', async () => {
    const en = await openPicker('en');
    expect(new URL(String((await en.agent.get('/auth/login?return=%2F&lang=en')).headers.location)).searchParams.get('ui_locales')).toBe('en');
    expect(en.page.status).toBe(200);
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain('Who is signing in?');
    expect(en.html).toContain('Mari Maasikas, 47502124911 (resident, Tallinn; council member)');
    const ru = await openPicker('ru');
    expect(ru.html).toContain('<html lang="ru">');
    expect(ru.html).toContain('Кто входит?');
    const et = await openPicker();
    expect(et.html).toContain('<html lang="et">');
    expect(et.html).toContain('Kes logib sisse?');
  });

  it('serves an accessible picker in the site’s style, marked as a development tool, under a strict CSP: one h1, labelled fields, no scripts', async () => {
    const { page, html } = await openPicker('en');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("form-action 'self' http://127.0.0.1:3999");
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script|<style|style=|onclick=/i);
    // the site's own stylesheet, served by the simulator (it may run on a port of its own), and the banner
    const issuerPath = new URL(tara.issuer).pathname.replace(/\/$/, '');
    expect(html).toContain(`<link rel="stylesheet" href="${issuerPath}/static/styles.css">`);
    expect(html).toContain('<header class="site-header">');
    expect(html).toContain('<strong>For development only.</strong> This is not the real TARA');
    const css = await fetch(new URL(`${issuerPath}/static/styles.css`, tara.issuer));
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toContain('.site-header');
    const et = await openPicker('et');
    expect(et.html).toContain('<strong>Ainult arendamiseks.</strong>');
    for (const id of [...html.matchAll(/<input[^>]* id="([^"]+)"/g)].map((m) => m[1]!)) {
      expect(html).toContain(`<label for="${id}">`);
    }
    expect(html).toContain('<legend>');
  });

  it('checks a typed ID code’s check digit and says so clearly (in the picker’s language)', async () => {
    const { jar, url } = await openPicker('en');
    const r = await post(jar, url, { person: 'other', idcode: '39002102762', given_name: 'Vale', family_name: 'Kood', method: 'mID', action: 'login' });
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toContain('The check digit of the personal ID code is wrong');
    expect(html).toContain('role="alert"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('value="39002102762"'); // what was typed is kept
    const empty = await post(jar, url, { person: 'other', idcode: '', given_name: '', family_name: '', method: 'mID' });
    const e = await empty.text();
    expect(e).toContain('A personal ID code has 11 digits');
    expect(e).toContain('Enter the given name');
  });

  it('issues a typed valid ID code with the typed name', async () => {
    const agent = new Agent(app);
    const r = await runTaraFlow(agent, tara, '60001019906', { givenName: 'Anne-Ly', familyName: 'Õun' });
    expect(r.callback!.statusCode).toBe(302);
    expect((await agent.get('/me')).body).toContain('Anne-Ly Õun');
  });

  it('ignores unchecked=1 unless created for tests with allowInvalidIdcodes', async () => {
    const strict = await startTara(undefined, { allowInvalidIdcodes: false });
    try {
      const a = await testApp(db, { tara: taraConfig(strict), rateLimit: { signInPerMinute: 1000, publicWritePerMinute: 1000 } });
      try {
        await expect(runTaraFlow(new Agent(a), strict, '39002102762', { unchecked: true, givenName: 'Vale', familyName: 'Kood' })).rejects.toThrow(
          /simulator answered 400/,
        );
      } finally {
        await a.close();
      }
    } finally {
      await strict.close();
    }
  });

  it('limits the methods shown when the scope names them (scope=openid mid)', async () => {
    const a = await testApp(db, { tara: { ...taraConfig(tara), scope: 'openid mid smartid' }, rateLimit: { signInPerMinute: 1000, publicWritePerMinute: 1000 } });
    try {
      const agent = new Agent(a);
      const login = await agent.get('/auth/login?return=%2F');
      const jar = new CookieJar();
      const res = await jar.fetch(String(login.headers.location));
      const html = await (await jar.fetch(new URL(res.headers.get('location')!, tara.issuer))).text();
      expect(html).toContain('value="mID"');
      expect(html).toContain('value="smartid"');
      expect(html).not.toContain('value="idcard"');
      expect(html).not.toContain('value="eidas-low"');
    } finally {
      await a.close();
    }
  });

  it('never runs with NODE_ENV=production', async () => {
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(createTaraSimulator({ issuer: 'http://127.0.0.1:1/dev/tara', clients: [] })).rejects.toThrow(/never runs with NODE_ENV=production/);
    } finally {
      process.env.NODE_ENV = saved;
    }
  });
});
