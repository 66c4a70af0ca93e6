// Issue 13's whole journey in a real browser (Debian's Chromium), axe on every page: a service owner
// (Helena Raud, service owner in Tallinn in the demo) comes from her own page (/me), adopts
// ELVL's template "Matusetoetus", publishes it, and takes the survey link from the sharing page; a
// resident (no sign-in, no script needed) answers with a comment; the owner approves the comment,
// sees the answer on the service's dashboard and opens an improvement action from the comment,
// which then shows on the trend; then the year's KPIs and ELVL's comparison (as a platform admin).
// Screenshots in screenshots/journey-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { today } from '../../src/kernel/clock.js';
import { asOwner } from '../helpers.js';
import { closeJourney, expectAccessible, follow, openJourney, screenshot, signIn } from './harness.js';
import type { Server } from './harness.js';

const KOV = '0784';
const HELENA = '49201250450'; // service owner in Tallinn (demo)
const PEETER = '38001085718'; // platform admin
const COMMENT = 'Taotlus oli lihtne, aga raha tuli alles kolme nädala pärast.';
let server: Server;
let browser: Browser;
let page: Page;

beforeAll(async () => ({ server, browser, page } = await openJourney()));
afterAll(() => closeJourney({ server, browser }));

describe('service catalogue and satisfaction: the whole journey (Chromium, axe)', () => {
  let surveyUrl = '';
  let serviceId = '';

  it('the owner adopts a template (found on her own page), publishes it and takes the survey link', async () => {
    await page.goto(`${server.url}/kov/${KOV}`);
    await signIn(page, HELENA);
    // not a KOV admin: her own page lists the pages her roles open
    await page.goto(`${server.url}/me`);
    await expectAccessible(page, 'her own page');
    await page.getByRole('link', { name: 'Teenuste haldus' }).first().click();
    await page.waitForURL(new RegExp(`/kov/${KOV}/services/admin$`));
    await expectAccessible(page, 'catalogue administration');

    await page.getByRole('link', { name: 'Võta teenus mallist' }).first().click();
    await page.waitForURL(/\/services\/admin\/adopt$/);
    await expectAccessible(page, 'templates to adopt');
    await page.getByRole('button', { name: 'Võta kasutusele: Matusetoetus' }).click();
    // the prefilled draft opens for editing: the owner adapts the unit and saves
    await page.waitForURL(new RegExp(`/kov/${KOV}/services/admin/[0-9a-f-]{36}/edit$`));
    serviceId = /\/admin\/([0-9a-f-]{36})\/edit$/.exec(page.url())![1]!;
    await expectAccessible(page, 'adopted draft, edit form');
    await screenshot(page, 'journey-adopted-edit');
    await page.goto(`${server.url}/kov/${KOV}/services/admin/${serviceId}`);
    await expectAccessible(page, 'adopted draft');
    expect(await page.locator('h1').textContent()).toContain('Matusetoetus');

    await follow(page.getByRole('link', { name: 'Avalda' }).first());
    await expectAccessible(page, 'publish confirmation');
    await page.getByRole('button', { name: 'Jah, avalda' }).click();
    await page.waitForURL(new RegExp(`/services/admin/${serviceId}`));
    await screenshot(page, 'journey-service-published');

    // the public catalogue has it now
    await page.goto(`${server.url}/kov/${KOV}/services`);
    expect(await page.content()).toContain('Matusetoetus');

    // the sharing page gives the stable survey link (and its QR code)
    await page.goto(`${server.url}/me`);
    await follow(page.getByRole('link', { name: 'Tagasiside küsimine' }).first());
    await expectAccessible(page, 'asking for feedback');
    await follow(page.locator(`a[href$="/feedback/share/${serviceId}"]`).first());
    await expectAccessible(page, 'the service’s survey link and QR code');
    const link = page.locator('a[href*="/services/"][href$="/feedback"]').first();
    surveyUrl = (await link.getAttribute('href')) ?? '';
    expect(surveyUrl).toMatch(new RegExp(`/kov/${KOV}/services/[a-z0-9-]+/feedback$`));
    expect(await page.locator('img[src$="qr.svg"], img[src$="qr.png"]').count()).toBeGreaterThan(0);
    await screenshot(page, 'journey-share');
  });

  it('a resident answers through the link, with a comment', async () => {
    const ctx = await browser.newContext();
    const resident = await ctx.newPage();
    resident.setDefaultTimeout(20_000);
    try {
      await resident.goto(new URL(surveyUrl, server.url).toString());
      expect(await resident.locator('h1').textContent()).toBe('Kuidas teenusega läks?');
      expect(await resident.locator('script').count()).toBe(0); // a plain form: no script needed
      expect(await resident.content()).toContain('Matusetoetus');
      await expectAccessible(resident, 'survey form');
      await resident.getByRole('group', { name: 'Kui rahul olete teenusega tervikuna?' }).getByRole('radio').nth(3).check();
      await resident.getByRole('group', { name: 'Kui lihtne oli teenust kasutada?' }).getByRole('radio').nth(4).check();
      await resident.getByRole('group', { name: /Mis ei läinud hästi/ }).getByRole('checkbox').nth(3).check();
      await resident.getByLabel('Kommentaar (valikuline)').fill(COMMENT);
      await resident.waitForTimeout(3100); // people take longer than the form's minimum fill time
      await resident.getByRole('button', { name: 'Saada vastus' }).click();
      await resident.waitForURL(/\/feedback\/thanks/);
      await expectAccessible(resident, 'thank-you page');
    } finally {
      await ctx.close();
    }
    const rows = await asOwner(server.db, (t) =>
      t.query<{ satisfaction: number; ease: number; comment_state: string }>(`SELECT satisfaction, ease, comment_state FROM feedback_answer WHERE kov_code = $1 AND service_id = $2`, [KOV, serviceId]),
    );
    expect(rows).toEqual([{ satisfaction: 4, ease: 5, comment_state: 'pending' }]);
  });

  it('the owner approves the comment, sees the answer and opens an improvement action shown on the trend', async () => {
    // the comment waits for moderation: not on the dashboard yet
    await page.goto(`${server.url}/kov/${KOV}/feedback/services/${serviceId}`);
    expect(await page.content()).not.toContain(COMMENT);

    await page.goto(`${server.url}/me`);
    await follow(page.getByRole('link', { name: 'Kommentaaride modereerimine' }).first());
    await expectAccessible(page, 'moderation queue');
    const item = page.locator('li, article, tr').filter({ hasText: COMMENT }).last();
    await item.getByRole('button', { name: 'Kiida heaks' }).click();
    await page.waitForURL(/\/feedback\/moderation/);

    await page.goto(`${server.url}/me`);
    await page.getByRole('link', { name: 'Teenuste tagasiside' }).first().click();
    await page.waitForURL(new RegExp(`/kov/${KOV}/feedback$`));
    await expectAccessible(page, 'KOV dashboard');
    await page.locator('#services-table a', { hasText: 'Matusetoetus' }).click();
    await page.waitForURL(new RegExp(`/feedback/services/${serviceId}`));
    await expectAccessible(page, 'service dashboard');
    expect(await page.content()).toContain(COMMENT);
    await screenshot(page, 'journey-dashboard');

    await follow(page.getByRole('link', { name: 'Algata selle põhjal parendustegevus' }).first());
    await expectAccessible(page, 'new improvement action');
    await page.getByLabel('Pealkiri').fill('Matusetoetus välja 5 tööpäevaga');
    await page.getByLabel('Vastutaja').fill('Helena Raud');
    await page.getByLabel('Tähtaeg').fill(`${Number(today().slice(0, 4)) + 1}-03-31`);
    await page.getByRole('button', { name: 'Algata' }).click();
    await page.waitForURL(new RegExp(`/feedback/services/${serviceId}`));
    expect(await page.locator('#actions-table').textContent()).toContain('Matusetoetus välja 5 tööpäevaga');
    expect(await page.locator('#trend-chart .marker').count()).toBe(1);
    await expectAccessible(page, 'service dashboard with the action');
    await screenshot(page, 'journey-action');

    // the year's KPIs, entered on the form
    const year = Number(today().slice(0, 4));
    await page.goto(`${server.url}/kov/${KOV}/feedback/services/${serviceId}/kpis/${year}`);
    await expectAccessible(page, 'KPI form');
    await page.getByLabel('Kulu ühe osutamise kohta (€)').fill('12,50');
    await page.getByLabel('Lõpuni viidud (%)').fill('91');
    await page.getByRole('button', { name: 'Salvesta mõõdikud' }).click();
    await page.waitForURL(new RegExp(`/feedback/services/${serviceId}`));
    expect(await page.locator('#kpis-table').textContent()).toContain('12,5');
  });

  it('ELVL’s comparison across KOVs and template services (platform admin)', async () => {
    const ctx = await browser.newContext();
    const admin = await ctx.newPage();
    admin.setDefaultTimeout(20_000);
    try {
      await admin.goto(`${server.url}/feedback/compare?lang=en`);
      await signIn(admin, PEETER);
      await admin.goto(`${server.url}/feedback/compare?lang=en`);
      await expectAccessible(admin, 'ELVL comparison');
      expect(await admin.content()).toContain('Tallinn');
      await screenshot(admin, 'journey-compare');
    } finally {
      await ctx.close();
    }
  });
});
