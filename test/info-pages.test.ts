// Help where people need it (issue 9, item 8) and the security headers (item 9): the help page on
// the tracker and the public ballot box, linked from the receipt, the board and every footer; the
// footer's accessibility statement, privacy notice and KOV contact; X-Frame-Options agreeing with
// the CSP's frame-ancestors on pages, API answers, error pages and the API docs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../src/kernel/db.js';
import { RECEIPT_COOKIE_MINUTES } from '../src/kernel/info-routes.js';
import { adminLinks } from '../src/kernel/module.js';
import { setTenantContact } from '../src/kernel/tenants.js';
import { A, MARI, pollsIn, pollsWorld } from '../src/modules/polls/fixtures.js';
import { RECEIPT_MINUTES } from '../src/modules/polls/index.js';
import { Agent, csrfFrom, engine, loginAs } from './helpers.js';

let db: Db;
let app: FastifyInstance;
let published = '';

beforeAll(async () => {
  ({ db, app } = await pollsWorld());
  ({ published } = await pollsIn(db, A));
});

afterAll(async () => {
  await app?.close();
  await db?.close();
});

const get = (url: string) => new Agent(app).get(url);

function footerOf(html: string): string {
  const i = html.indexOf('<footer');
  expect(i).toBeGreaterThan(0);
  return html.slice(i);
}

describe(`help and information pages (${engine})`, () => {
  it('the header lists the modules in their declared order: residents’ tasks, the council and the KOVs, then officials’ pages', async () => {
    const html = (await get('/')).body;
    const nav = html.slice(html.indexOf('<nav class="main-nav"'), html.indexOf('</nav>', html.indexOf('<nav class="main-nav"')));
    const hrefs = [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual(['/polls', '/budgets', '/elders', '/reports', '/services', '/council', '/kov', '/training', '/knowledge', '/opendata']);
  });

  it('a KOV’s page and its administration list the modules’ pages in the header’s order', async () => {
    const html = (await get(`/kov/${A}?lang=en`)).body;
    const nav = html.slice(html.indexOf('<nav aria-labelledby="kov-services"'), html.indexOf('</nav>', html.indexOf('<nav aria-labelledby="kov-services"')));
    expect(nav).toContain('What you can do here');
    const paths = [...nav.matchAll(new RegExp(`href="/kov/${A}/([a-z-]+)"`, 'g'))].map((m) => m[1]);
    expect(paths).toEqual(['polls', 'budgets', 'elders', 'reports', 'services', 'council', 'training', 'knowledge', 'opendata']);
    const admin = adminLinks().map((l) => l.path.split('/')[0]);
    const firsts = admin.filter((p, i) => admin.indexOf(p) === i);
    expect(firsts.slice(0, 9)).toEqual(['polls', 'budgets', 'elders', 'reports', 'services', 'council', 'training', 'knowledge', 'opendata']);
  });

  it('the phone menu: a hidden disclosure button over the list (shown by /static/js/nav.js), named in et/en/ru', async () => {
    for (const [lang, label] of [['et', 'Menüü'], ['en', 'Menu'], ['ru', 'Меню']] as const) {
      const html = (await get(`/?lang=${lang}`)).body;
      expect(html).toContain('<script src="/static/js/nav.js" defer></script>');
      expect(html).toMatch(new RegExp(`<button type="button" class="nav-toggle" aria-expanded="false" aria-controls="main-nav-list" hidden>${label}</button>`));
      expect(html).toContain('<ul class="container" id="main-nav-list">');
    }
    const js = await get('/static/js/nav.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.body).toContain("setAttribute('aria-expanded'");
  });

  it('every page’s footer links the accessibility statement, the privacy notice and the help page; a KOV’s pages also its contact', async () => {
    const home = footerOf((await get('/?lang=en')).body);
    for (const href of ['/accessibility', '/privacy', '/help/vote-check']) expect(home).toContain(`href="${href}"`);
    expect(home).not.toContain('/contact"');
    const kov = footerOf((await get(`/kov/${A}/polls?lang=en`)).body);
    expect(kov).toContain(`href="/kov/${A}/contact">Contact Tallinn</a>`);
  });

  it('the information pages answer in et, en and ru with one h1 and no raw placeholder', async () => {
    for (const url of ['/accessibility', '/privacy', '/help/vote-check', `/kov/${A}/contact`]) {
      for (const lang of ['et', 'en', 'ru']) {
        const r = await get(`${url}?lang=${lang}`);
        expect(r.statusCode, `${url} ${lang}`).toBe(200);
        expect(r.body.match(/<h1[ >]/g), `${url} ${lang}`).toHaveLength(1);
        expect(r.body, `${url} ${lang}`).not.toMatch(/\{[a-z]+\}/);
        expect(r.body).toContain(`<html lang="${lang}"`);
      }
    }
    expect((await get('/help/vote-check?lang=et')).body).toContain('<h1>Kuidas oma häält kontrollida</h1>');
    expect((await get('/help/vote-check?lang=ru')).body).toContain('Что такое код отслеживания?');
  });

  it('the privacy notice says what is kept about a voter and for how long, with the configured times', async () => {
    expect(RECEIPT_COOKIE_MINUTES).toBe(RECEIPT_MINUTES);
    const r = await get('/privacy?lang=en');
    expect(r.body).toContain('What is kept about a voter');
    expect(r.body).toContain('only as a keyed hash (HMAC), never in clear');
    expect(r.body).toContain(`Ends after ${app.config.sessionIdleMinutes} minutes without activity, after ${app.config.sessionAbsoluteHours} hours at most`);
    expect(r.body).toContain(`<td data-label="For how long">${RECEIPT_MINUTES} minutes.</td>`);
    expect(r.body).toContain('Participation: whether and when you voted (never how)');
  });

  it('a KOV’s contact page shows its details once given, says so while none are, and 404 for an unknown KOV', async () => {
    expect((await get(`/kov/${A}/contact?lang=en`)).body).toContain('Tallinn has not added its contact details here yet.');
    await setTenantContact(db, A, { email: 'info@example.ee', phone: '+372 600 0000', address: 'Vabaduse väljak 7, 15199 Tallinn', website: 'https://www.tallinn.ee' });
    const r = await get(`/kov/${A}/contact?lang=en`);
    expect(r.body).toContain('<a href="mailto:info@example.ee">info@example.ee</a>');
    expect(r.body).toContain('<a href="tel:+3726000000">+372 600 0000</a>');
    expect(r.body).toContain('<a href="https://www.tallinn.ee">https://www.tallinn.ee</a>');
    await expect(setTenantContact(db, A, { email: null, phone: null, address: null, website: 'javascript:alert(1)' })).rejects.toThrow(/https/);
    expect((await get('/kov/9999/contact')).statusCode).toBe(404);
  });

  it('the board and the receipt link the help page', async () => {
    const board = await get(`/kov/${A}/polls/${published}/board?lang=en`);
    expect(board.statusCode).toBe(200);
    expect(board.body).toContain('<a href="/help/vote-check" id="help-link">');

    const mari = new Agent(app);
    await loginAs(mari, db, MARI.idcode, { givenName: 'Mari', familyName: 'Maasikas' });
    const ballot = await mari.get(`/kov/${A}/polls/${published}/ballot`);
    const cast = await mari.req({ method: 'POST', url: `/kov/${A}/polls/${published}/ballot`, form: { _csrf: csrfFrom(ballot.body), q0: 'o1' } });
    expect(cast.statusCode).toBe(303);
    const receipt = await mari.get(`${cast.headers.location}?lang=en`);
    expect(receipt.body).toContain('id="tracker"');
    expect(receipt.body).toContain('<a href="/help/vote-check" id="help-link">');
  });
});

describe('framing headers', () => {
  it('X-Frame-Options: DENY agrees with CSP frame-ancestors \'none\' on pages, API answers, errors and the API docs', async () => {
    const urls = ['/', `/kov/${A}`, '/api/v1/boards', '/no-such-page', `/api/v1/kov/${A}/audit`, '/api/docs/static/index.html', '/help/vote-check'];
    for (const url of urls) {
      const r = await app.inject({ url });
      const csp = String(r.headers['content-security-policy'] ?? '');
      const frameAncestors = /frame-ancestors ([^;]+)/.exec(csp)?.[1]?.trim();
      const xfo = String(r.headers['x-frame-options'] ?? '').toUpperCase();
      expect(xfo, url).toBe('DENY');
      // every answer carries frame-ancestors 'none' (what DENY says), or no frame-ancestors at all
      if (frameAncestors !== undefined) expect(frameAncestors, url).toBe("'none'");
      expect(csp.length > 0 || url.startsWith('/api/docs'), url).toBe(true);
    }
    const page = await app.inject({ url: '/' });
    expect(String(page.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });
});
