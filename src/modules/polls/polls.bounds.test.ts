// The bounds of a poll definition and the errors that name what is wrong (issue 9, item 3), through
// the real pages and the JSON API on a real database: a voting period that starts in the past
// (beyond the configured grace) or lasts longer than the configured maximum; text lengths in the
// form (maxlength) and on the server; every field error naming its field, question and language, in
// the reader's language; an oversized form coming back with what was typed (413); a malformed URL
// answered with the site's own error page in the person's language, not Fastify's JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../kernel/db.js';
import { Agent, asOwner, csrfFrom, csrfTokenOf, engine, loginAs, testApp } from '../../../test/helpers.js';
import { dateInTallinn, nowMs, today } from '../../kernel/clock.js';
import { A, COMMITTEE_CODES, JAAN, pollsWorld } from './fixtures.js';
import { dateToTallinnLocal } from './form.js';
import { API_NAMES, MAX_OPTION, MAX_TITLE, validatePollInput } from './input.js';
import { samplePollInput } from './fixtures.js';

let db: Db;
let app: FastifyInstance;
let admin: Agent;
let csrf = '';

const MIN = 60_000;
const DAY = 86_400_000;

function pollForm(over: Record<string, string> = {}): [string, string][] {
  const now = nowMs();
  const base: Record<string, string> = {
    title_et: 'Pargi küsitlus',
    title_en: 'Park poll',
    title_ru: 'Опрос о парке',
    q0_text_et: 'Kas pargi uus plats?',
    q0_text_en: 'A new square in the park?',
    q0_text_ru: 'Новая площадь в парке?',
    q0_options_et: 'Jah\nEi',
    q0_options_en: 'Yes\nNo',
    q0_options_ru: 'Да\nНет',
    q0_rule: 'one',
    q1_text_et: 'Mida parki lisada?',
    q1_text_en: 'What to add to the park?',
    q1_text_ru: 'Что добавить в парк?',
    q1_options_et: 'Pingid\nPuud\nLambid',
    q1_options_en: 'Benches\nTrees\nLamps',
    q1_options_ru: 'Скамейки\nДеревья\nФонари',
    q1_rule: 'one',
    minAge: '16',
    on: dateInTallinn(now),
    opensAt: dateToTallinnLocal(new Date(now + 10 * MIN)),
    closesAt: dateToTallinnLocal(new Date(now + DAY)),
    revote: 'yes',
    committee: COMMITTEE_CODES.join('\n'),
    threshold: '2',
  };
  return Object.entries({ ...base, ...over });
}

async function postForm(pairs: [string, string][], lang = 'en') {
  await admin.get(`/?lang=${lang}`);
  const token = csrfFrom((await admin.get(`/kov/${A}/polls/new`)).body);
  const body = new URLSearchParams([['_csrf', token], ...pairs]).toString();
  return admin.req({ method: 'POST', url: `/kov/${A}/polls`, payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

const pollCount = () => asOwner(db, async (t) => (await t.one<{ n: number }>('SELECT count(*)::int AS n FROM polls_poll WHERE kov_code = $1', [A]))!.n);
const summary = (html: string) => /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
const T = (s: string) => ({ et: s, en: s, ru: s });

beforeAll(async () => {
  ({ db, app } = await pollsWorld());
  admin = new Agent(app);
  await loginAs(admin, db, JAAN.idcode, { givenName: 'Jaan', familyName: 'Tamm' });
  csrf = await csrfTokenOf(admin);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe(`poll bounds and named errors (${engine})`, () => {
  it('a voting period may start at most the grace (5 minutes) in the past and last at most 90 days', async () => {
    const now = nowMs();
    const before = await pollCount();
    const past = await postForm(pollForm({ opensAt: dateToTallinnLocal(new Date(now - 20 * MIN)) }));
    expect(past.statusCode).toBe(400);
    expect(summary(past.body)).toContain('href="#f-opensAt"');
    expect(summary(past.body)).toContain('Voting opens: voting cannot start in the past (at most 5 minutes ago).');
    expect(past.body).toContain(`value="${dateToTallinnLocal(new Date(now - 20 * MIN))}"`); // typed value kept

    const long = await postForm(pollForm({ closesAt: dateToTallinnLocal(new Date(now + 10 * MIN + 91 * DAY)) }));
    expect(long.statusCode).toBe(400);
    expect(summary(long.body)).toContain('Voting closes: voting can last at most 90 days.');
    // in Estonian too
    const longEt = await postForm(pollForm({ closesAt: dateToTallinnLocal(new Date(now + 10 * MIN + 91 * DAY)) }), 'et');
    expect(summary(longEt.body)).toContain('Hääletamise lõpp: hääletamine võib kesta kuni 90 päeva.');
    expect(await pollCount()).toBe(before);

    // just inside both bounds: a start a minute ago (the form is filled in), a period of 89 days
    const ok = await postForm(pollForm({ opensAt: dateToTallinnLocal(new Date(now - MIN)), closesAt: dateToTallinnLocal(new Date(now + 89 * DAY)) }));
    expect(ok.statusCode, summary(ok.body)).toBe(303);
    expect(await pollCount()).toBe(before + 1);

    // the JSON API keeps the same bounds
    const body = {
      title: T('Park'),
      questions: [{ text: T('Q?'), rule: { kind: 'one' }, options: [{ text: T('Yes') }, { text: T('No') }] }],
      opensAt: new Date(now - 20 * MIN).toISOString(),
      closesAt: new Date(now + 100 * DAY).toISOString(),
      revote: true,
      eligibility: { minAge: 16, on: today() },
      threshold: 2,
      members: 3,
      committee: COMMITTEE_CODES,
    };
    const api = await admin.req({ method: 'POST', url: `/api/v1/kov/${A}/polls`, payload: body, headers: { 'x-csrf-token': csrf } });
    expect(api.statusCode).toBe(400);
    const errs = api.json<{ errors: { field: string; reason: string }[] }>().errors;
    expect(errs).toEqual([
      { field: 'opensAt', reason: 'Voting opens: voting cannot start in the past (at most 5 minutes ago).' },
      { field: 'closesAt', reason: 'Voting closes: voting can last at most 90 days.' },
    ]);
  });

  it('the bounds come from the configuration (POLL_START_GRACE_MINUTES, POLL_MAX_PERIOD_DAYS)', () => {
    const now = new Date(nowMs());
    const bounds = { now, startGraceMinutes: 30, maxPeriodDays: 7 };
    const fine = samplePollInput({ opensAt: new Date(now.getTime() - 20 * MIN), closesAt: new Date(now.getTime() + 6 * DAY) });
    expect(validatePollInput(fine, API_NAMES, bounds)).toEqual([]);
    const bad = samplePollInput({ opensAt: new Date(now.getTime() - 40 * MIN), closesAt: new Date(now.getTime() + 7 * DAY) });
    expect(validatePollInput(bad, API_NAMES, bounds).map((e) => [e.field, e.reason, e.vars?.minutes ?? e.vars?.days])).toEqual([
      ['opensAt', 'polls.field.opensPast', 30],
      ['closesAt', 'polls.field.periodTooLong', 7],
    ]);
    // exactly the maximum is allowed
    const edge = samplePollInput({ opensAt: new Date(now.getTime() + MIN), closesAt: new Date(now.getTime() + MIN + 7 * DAY) });
    expect(validatePollInput(edge, API_NAMES, bounds)).toEqual([]);
  });

  it('text fields have their limits in the form (maxlength) and on the server; each error names field, question and language', async () => {
    const form = await admin.get(`/kov/${A}/polls/new`);
    expect(form.body).toMatch(new RegExp(`name="title_en"[^>]*maxLength="${MAX_TITLE}"|maxLength="${MAX_TITLE}"[^>]*name="title_en"`, 'i'));
    expect(form.body).toMatch(/<textarea[^>]*name="q1_options_en"[^>]*maxLength="\d+"|<textarea[^>]*maxLength="\d+"[^>]*name="q1_options_en"/i);
    expect(form.body).toMatch(/<textarea[^>]*name="description_et"[^>]*maxLength="4000"|<textarea[^>]*maxLength="4000"[^>]*name="description_et"/i);

    const longOption = 'L'.repeat(MAX_OPTION + 1);
    const bad = await postForm(pollForm({ q1_options_en: `Benches\nTrees\n${longOption}`, title_ru: 'Т'.repeat(MAX_TITLE + 5), q1_text_et: '' }));
    expect(bad.statusCode).toBe(400);
    const s = summary(bad.body);
    expect(s).toContain(`Question 2, option 3 (English): too long (${MAX_OPTION + 1} characters, at most ${MAX_OPTION}).`);
    expect(s).toContain(`Title (Russian): too long (${MAX_TITLE + 5} characters, at most ${MAX_TITLE}).`);
    expect(s).toContain('Question 2, question text (Estonian): enter the text.');
    expect(bad.body).toContain(longOption); // what was typed is kept
    // the same in Russian
    const ru = await postForm(pollForm({ q1_options_en: `Benches\nTrees\n${longOption}` }), 'ru');
    expect(summary(ru.body)).toContain(`Вопрос 2, вариант 3 (на английском): слишком длинный текст (${MAX_OPTION + 1} знаков, не более ${MAX_OPTION}).`);

    // the API names the path and, in the reason, the question, option and language
    const now = nowMs();
    const api = await admin.req({
      method: 'POST',
      url: `/api/v1/kov/${A}/polls?lang=en`,
      headers: { 'x-csrf-token': csrf },
      payload: {
        title: T('Park'),
        questions: [{ text: T('Q?'), rule: { kind: 'one' }, options: [{ text: T('Yes') }, { text: { et: 'Ei', en: longOption, ru: 'Нет' } }] }],
        opensAt: new Date(now + MIN).toISOString(),
        closesAt: new Date(now + DAY).toISOString(),
        revote: true,
        eligibility: { minAge: 16, on: today() },
        threshold: 2,
        members: 3,
        committee: COMMITTEE_CODES,
      },
    });
    expect(api.statusCode).toBe(400);
    expect(api.json<{ errors: unknown[] }>().errors).toEqual([
      { field: 'questions.0.options.1.text.en', reason: `Question 1, option 2 (English): too long (${MAX_OPTION + 1} characters, at most ${MAX_OPTION}).` },
    ]);
  });

  it('a form larger than a form may be (1 MB) comes back 413 with everything typed kept, not an error page', async () => {
    const pasted = `${'Pikk tekst. '.repeat(120_000)}LÕPP`; // ~1.4 MB
    const before = await pollCount();
    const r = await postForm(pollForm({ description_en: pasted, title_et: 'Suur vorm' }));
    expect(r.statusCode).toBe(413);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.body).toContain('class="error-summary"');
    expect(summary(r.body)).toContain('Description (English): too long');
    expect(r.body).toContain('value="Suur vorm"');
    expect(r.body).toContain(`${'Pikk tekst. '.repeat(3)}`);
    expect(r.body).toContain('LÕPP</textarea>');
    expect(await pollCount()).toBe(before);
  });

  it('a malformed URL gets the site’s own error page in the person’s language; the API a problem+json', async () => {
    const visitor = new Agent(app);
    for (const url of ['/polls/%E0%A4%A', `/kov/${A}/polls/%E0%A4%A`, '/kov/%ZZ/polls']) {
      const ru = await app.inject({ url, headers: { cookie: 'vm_lang=ru' } });
      expect(ru.statusCode, url).toBe(400);
      expect(ru.headers['content-type']).toContain('text/html');
      expect(ru.body).toContain('<html lang="ru"');
      expect(ru.body).toContain('Неверный адрес');
      expect(ru.body).not.toContain('FST_ERR');
    }
    const en = await visitor.get(`/kov/${A}/polls/%E0%A4%A?lang=en`);
    expect(en.statusCode).toBe(400);
    expect(en.body).toContain('The address is not valid');
    const et = await app.inject({ url: `/kov/${A}/polls/%E0%A4%A` });
    expect(et.body).toContain('Vigane aadress');
    // a bad id or an unknown KOV: the site's not-found page
    for (const url of [`/kov/${A}/polls/not-a-uuid`, '/kov/99999/polls']) {
      const r = await app.inject({ url, headers: { cookie: 'vm_lang=en' } });
      expect(r.statusCode, url).toBe(404);
      expect(r.body).toContain('Page not found');
    }
    for (const url of [`/kov/${A}/polls/not-a-uuid/manage?lang=en`, `/kov/${A}/polls/01890a5d-ac96-774b-bcce-b302099a8057/manage?lang=en`]) {
      const r = await admin.get(url);
      expect(r.statusCode, url).toBe(404);
      expect(r.body).toContain('Page not found');
    }
    const api = await app.inject({ url: `/api/v1/kov/${A}/polls/%E0%A4%A` });
    expect(api.statusCode).toBe(400);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json()).toMatchObject({ status: 400, type: 'https://vallamaja.ee/problems/bad-url' });
  });

  it('the config is read at start: a second app with other bounds refuses what the first allowed', async () => {
    const strict = await testApp(db, { polls: { startGraceMinutes: 0, maxPeriodDays: 2 } });
    try {
      const a = new Agent(strict);
      await loginAs(a, db, JAAN.idcode, { givenName: 'Jaan', familyName: 'Tamm' });
      const token = await csrfTokenOf(a);
      const now = nowMs();
      const r = await a.req({
        method: 'POST',
        url: `/api/v1/kov/${A}/polls?lang=en`,
        headers: { 'x-csrf-token': token },
        payload: {
          title: T('Park'),
          questions: [{ text: T('Q?'), rule: { kind: 'one' }, options: [{ text: T('Yes') }, { text: T('No') }] }],
          opensAt: new Date(now + 10 * MIN).toISOString(),
          closesAt: new Date(now + 10 * MIN + 3 * DAY).toISOString(),
          revote: true,
          eligibility: { minAge: 16, on: today() },
          threshold: 2,
          members: 3,
          committee: COMMITTEE_CODES,
        },
      });
      expect(r.statusCode).toBe(400);
      expect(r.json<{ errors: unknown[] }>().errors).toEqual([{ field: 'closesAt', reason: 'Voting closes: voting can last at most 2 days.' }]);
    } finally {
      await strict.close();
    }
  });
});
