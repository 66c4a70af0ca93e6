// Encryption without the native addon (VALLAMAJA_ENCRYPT_FALLBACK): this file turns the addon off,
// then builds the app with 'refuse' (production's default) and with 'allow'. With refuse, the cast
// fails closed — HTTP 503 with the message in the resident's language, nothing stored — and the
// start-up log says encryption is refused; with allow, the start-up log names the fallback and the
// cast works.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// vitest: own process
// before anything loads the addon (native.ts reads this once, on first use)
const savedNative = process.env.VALLAMAJA_NATIVE;
process.env.VALLAMAJA_NATIVE = 'off';

const { buildApp } = await import('../../app.js');
const { ConfigError, encryptFallback, loadConfig } = await import('../../config.js');
const { hashIdcode, withCheckDigit } = await import('../../kernel/idcode.js');
const { nowMs } = await import('../../kernel/clock.js');
const { Agent, csrfTokenOf, engine, loginAs, seedTenant, testConfig, testDb } = await import('../../../test/helpers.js');
const { ready } = await import('./crypto/group.js');
const { castsOf, createVote, dealKey, openVote, setRoll } = await import('./index.js');
const { closeEncryptPool, setEncryptFallback } = await import('./encrypt-pool.js');
const { MARI, pollsIn, pollsWorld } = await import('../polls/fixtures.js');
const { csrfFrom } = await import('../../../test/helpers.js');

type Db = Awaited<ReturnType<typeof testDb>>;
type App = Awaited<ReturnType<typeof buildApp>>;

const A = '0784';
const by = { kov: A, actor: { kind: 'system' as const, id: null, name: 'test setup' } };
const T = (s: string) => ({ et: s, en: s, ru: s });
const code = withCheckDigit('3800101077');

let db: Db;

beforeAll(async () => {
  await ready();
  db = await testDb();
  await seedTenant(db, A, 'Tallinn', 'linn');
});
afterAll(async () => {
  await closeEncryptPool();
  await db.close();
  if (savedNative === undefined) delete process.env.VALLAMAJA_NATIVE;
  else process.env.VALLAMAJA_NATIVE = savedNative;
});

/** The app with this policy, and the log lines it wrote (JSON, level info and up). */
async function appWith(fallback: 'allow' | 'refuse'): Promise<{ app: App; logs: { level: number; msg: string; encryption?: string }[] }> {
  const logs: { level: number; msg: string; encryption?: string }[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line) as (typeof logs)[number]);
      done();
    },
  });
  const app = await buildApp({ config: testConfig({ encryptFallback: fallback, logLevel: 'info' }), db, logStream });
  return { app, logs };
}

/** An open vote of A whose roll holds the test person. */
async function openVoteFor(app: App): Promise<string> {
  const opensAt = new Date(nowMs() - 60_000);
  const questions = [{ id: 'q1', text: T('Build'), rule: { kind: 'one' as const }, options: [{ id: 'park', text: T('Park') }, { id: 'library', text: T('Library') }] }];
  const { id } = await db.tx((t) => createVote(t, { ...by, title: T('Park or library?'), questions, opensAt, closesAt: new Date(opensAt.getTime() + 3600_000), revote: true }), { kov: A });
  await setRoll(db, id, [{ voterHash: hashIdcode(app.config.idcodeHmacKey, code), unit: '1001', birthDate: '1980-01-01' }], by);
  await dealKey(db, id, 2, 3, by);
  await openVote(db, id, by);
  return id;
}

describe(`ballot encryption without the native addon (${engine})`, () => {
  it('VALLAMAJA_ENCRYPT_FALLBACK: refuse by default in production, allow elsewhere; nothing else accepted', () => {
    expect(encryptFallback({}, 'production')).toBe('refuse');
    expect(encryptFallback({}, 'development')).toBe('allow');
    expect(encryptFallback({}, 'test')).toBe('allow');
    expect(encryptFallback({ VALLAMAJA_ENCRYPT_FALLBACK: 'allow' }, 'production')).toBe('allow');
    expect(encryptFallback({ VALLAMAJA_ENCRYPT_FALLBACK: 'refuse' }, 'development')).toBe('refuse');
    expect(() => encryptFallback({ VALLAMAJA_ENCRYPT_FALLBACK: 'off' }, 'production')).toThrow(ConfigError);
    expect(loadConfig({ NODE_ENV: 'test', VALLAMAJA_ENCRYPT_FALLBACK: 'refuse' }).encryptFallback).toBe('refuse');
    expect(loadConfig({ NODE_ENV: 'test' }).encryptFallback).toBe('allow');
  });

  it('refuse: the start-up log says encryption is refused, and a cast answers 503 with the message in the resident\'s language, storing nothing', async () => {
    const { app, logs } = await appWith('refuse');
    try {
      const said = logs.filter((l) => l.encryption);
      expect(said).toHaveLength(1);
      expect(said[0]).toMatchObject({ encryption: 'refused', level: 50 });
      expect(said[0]!.msg).toMatch(/^Ballot encryption is REFUSED: the native addon cannot encrypt \(turned off by VALLAMAJA_NATIVE=off\) and VALLAMAJA_ENCRYPT_FALLBACK=refuse/);

      const id = await openVoteFor(app);
      const agent = new Agent(app);
      await loginAs(agent, db, code);
      const csrf = await csrfTokenOf(agent);
      const castIn = (lang: string) =>
        agent.req({ method: 'POST', url: `/api/v1/votes/${id}/ballots?lang=${lang}`, payload: { choices: [['park']] }, headers: { 'x-csrf-token': csrf } });
      const messages: Record<string, RegExp> = {
        et: /^Hääletamine ei ole praegu võimalik: server ei saa hääli turvaliselt krüpteerida.*Teie häält ei salvestatud/,
        en: /^Voting is not possible right now: the server cannot encrypt ballots safely.*Your ballot was not stored/,
        ru: /^Голосование сейчас невозможно: сервер не может надёжно зашифровать бюллетени.*Ваш бюллетень не сохранён/,
      };
      for (const [lang, text] of Object.entries(messages)) {
        const res = await castIn(lang);
        expect(res.statusCode, lang).toBe(503);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json()).toMatchObject({ type: 'https://vallamaja.ee/problems/encryption-refused', status: 503 });
        expect(res.json().detail, lang).toMatch(text);
      }
      // nothing was stored: she has not voted
      expect(await castsOf(db, hashIdcode(app.config.idcodeHmacKey, code), [id])).toEqual(new Map());
    } finally {
      await app.close();
    }
  });

  it('allow: the start-up log names the JavaScript fallback, and the cast is stored', async () => {
    const { app, logs } = await appWith('allow');
    try {
      const said = logs.filter((l) => l.encryption);
      expect(said).toHaveLength(1);
      expect(said[0]).toMatchObject({ encryption: 'fallback', level: 30 });
      expect(said[0]!.msg).toMatch(/^Ballot encryption: the JavaScript fallback \(branch-free on libsodium, slower\), because the native addon cannot encrypt \(turned off by VALLAMAJA_NATIVE=off\); VALLAMAJA_ENCRYPT_FALLBACK=allow\.$/);

      const id = await openVoteFor(app);
      const agent = new Agent(app);
      await loginAs(agent, db, code);
      const res = await agent.req({ method: 'POST', url: `/api/v1/votes/${id}/ballots`, payload: { choices: [['library']] }, headers: { 'x-csrf-token': await csrfTokenOf(agent) } });
      expect(res.statusCode).toBe(201);
      expect(res.json().tracker).toMatch(/^[0-9a-f]{64}$/);
      expect(await castsOf(db, hashIdcode(app.config.idcodeHmacKey, code), [id])).toEqual(new Map([[id, 1]]));
    } finally {
      await app.close();
    }
  });

  it('refuse: the ballot page answers the site\'s error page (503) with the message, and nothing is stored', async () => {
    const world = await pollsWorld();
    try {
      setEncryptFallback('refuse'); // as an app configured with VALLAMAJA_ENCRYPT_FALLBACK=refuse
      const { published } = await pollsIn(world.db, A);
      const mari = new Agent(world.app);
      await loginAs(mari, world.db, MARI.idcode);
      const url = `/kov/${A}/polls/${published}/ballot`;
      const form = await mari.get(url);
      expect(form.statusCode).toBe(200);
      const body = new URLSearchParams([['_csrf', csrfFrom(form.body)], ['q0', 'o1']]).toString();
      const res = await mari.req({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('Hääletamine ei ole praegu võimalik: server ei saa hääli turvaliselt krüpteerida');
      expect(res.body).toContain('Teie häält ei salvestatud');
      // the page again: she has not voted
      const again = await mari.get(url);
      expect(again.statusCode).toBe(200);
      expect(again.body).not.toContain('Olete selles küsitluses juba hääletanud');
      // (with the fallback allowed the same cast goes through, and the page then says she has voted)
      setEncryptFallback('allow');
      const ok = await mari.req({ method: 'POST', url, payload: new URLSearchParams([['_csrf', csrfFrom(again.body)], ['q0', 'o1']]).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(ok.statusCode).toBe(303);
      expect((await mari.get(url)).body).toContain('Olete selles küsitluses juba hääletanud');
    } finally {
      setEncryptFallback('allow');
      await world.app.close();
      await world.db.close();
    }
  });
});
