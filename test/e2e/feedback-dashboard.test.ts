// Browser journey of the feedback dashboards (issue 13, item 5) with axe on every page: a published
// service with answers over six months (one approved comment, one pending); the KOV's dashboard, the
// service's dashboard (trend with its table), an improvement action opened from the approved comment
// (then shown as a marker on the trend), the year's KPIs on the form, ELVL's comparison. The pending
// comment is never on a page. Screenshots in screenshots/feedback-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { now, today } from '../../src/kernel/clock.js';
import { uuidv7 } from '../../src/kernel/ids.js';
import { publishedService } from '../../src/modules/services/fixtures.js';
import { asOwner } from '../helpers.js';
import { expectAccessible, launchBrowser, screenshot, startServer } from './harness.js';
import type { Server } from './harness.js';

const KOV = '0784';
const ADMIN = '38001085718'; // Peeter Kask, platform admin
let server: Server;
let browser: Browser;
let page: Page;
let serviceId = '';

beforeAll(async () => {
  server = await startServer();
  const s = await publishedService(server.db, KOV, { name: { et: 'Lasteaiakoha taotlemine', en: 'Applying for a kindergarten place', ru: 'Заявление на место в детском саду' } });
  serviceId = s.id;
  const at = now().getTime();
  const DAY = 86_400_000;
  await asOwner(server.db, async (t) => {
    for (let i = 0; i < 120; i++) {
      const when = new Date(at - (i % 170) * DAY - 3_600_000);
      const comment = i === 3 ? 'Taotluse vorm oli selge, aga vastust ootasin kolm nädalat.' : i === 5 ? 'OOTEL kommentaar, mida keegi ei tohi näha' : null;
      await t.query(
        `INSERT INTO feedback_answer (id, kov_code, service_id, channel, satisfaction, ease, went_well, went_badly, comment, comment_state, lang, answered_at)
         VALUES ($1, $2, $3, 'link', $4, $5, $6, $7, $8, $9, 'et', $10)`,
        [
          uuidv7(when.getTime()),
          KOV,
          serviceId,
          1 + ((i * 7 + Math.floor(i / 9)) % 5),
          1 + ((i * 3 + 1) % 5),
          i % 3 === 0 ? ['trust', 'helpfulness'] : [],
          i % 4 === 0 ? ['efficiency'] : [],
          comment,
          i === 3 ? 'approved' : i === 5 ? 'pending' : 'none',
          when,
        ],
      );
    }
  });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(`${server.url}/auth/login?return=/me`);
  await page.locator(`input[name="person"][value="${ADMIN}"]`).check();
  await page.locator('button[name="action"][value="login"]').click();
  await page.waitForURL(`${server.url}/me`);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('feedback dashboards in the browser (Chromium, axe)', () => {
  it('the KOV’s and the service’s dashboards, an action from a comment, KPIs, ELVL’s comparison', async () => {
    await page.goto(`${server.url}/kov/${KOV}/feedback`);
    await expectAccessible(page, 'KOV dashboard');
    await screenshot(page, 'feedback-kov-dashboard');
    expect(await page.locator('#services-table').textContent()).toContain('Lasteaiakoha taotlemine');
    expect(await page.content()).not.toContain('OOTEL kommentaar');

    await page.locator('#services-table a', { hasText: 'Lasteaiakoha taotlemine' }).click();
    await page.waitForURL(new RegExp(`/feedback/services/${serviceId}`));
    await expectAccessible(page, 'service dashboard');
    expect(await page.locator('#trend-chart').getAttribute('aria-describedby')).toBe('trend-table');
    expect(await page.content()).not.toContain('OOTEL kommentaar');

    // an improvement action from the approved comment
    await page.getByRole('link', { name: 'Algata selle põhjal parendustegevus' }).click();
    await expectAccessible(page, 'new action');
    expect(await page.locator('blockquote').textContent()).toContain('ootasin kolm nädalat');
    await page.getByRole('button', { name: 'Algata' }).click();
    expect(await page.locator('.error-summary').count()).toBe(1);
    await expectAccessible(page, 'new action with errors');
    await page.getByLabel('Pealkiri').fill('Vastus lasteaiataotlusele 5 tööpäevaga');
    await page.getByLabel('Vastutaja').fill('Mari Maasikas');
    await page.getByLabel('Tähtaeg').fill('2027-06-30');
    await page.getByRole('button', { name: 'Algata' }).click();
    await page.waitForURL(new RegExp(`/feedback/services/${serviceId}`));
    expect(await page.locator('#trend-chart .marker').count()).toBe(1);
    expect(await page.locator('#actions-table').textContent()).toContain('Vastus lasteaiataotlusele 5 tööpäevaga');
    await expectAccessible(page, 'service dashboard with an action');
    await screenshot(page, 'feedback-service-dashboard');

    // the year's KPIs
    const year = Number(today().slice(0, 4));
    await page.goto(`${server.url}/kov/${KOV}/feedback/services/${serviceId}/kpis/${year}`);
    await expectAccessible(page, 'KPI form');
    await page.getByLabel('Kulu ühe osutamise kohta (€)').fill('12,50');
    await page.getByLabel('Lõpuni viidud (%)').fill('91');
    await page.getByRole('button', { name: 'Salvesta mõõdikud' }).click();
    await page.waitForURL(new RegExp(`/feedback/services/${serviceId}`));
    expect(await page.locator('#kpis-table').textContent()).toContain('12,5');

    // the platform admin finds ELVL's comparison from the KOV's dashboard
    await page.goto(`${server.url}/kov/${KOV}/feedback?lang=en`);
    await page.getByRole('link', { name: 'Compare local governments and template services' }).click();
    await page.waitForURL(/\/feedback\/compare/);
    await expectAccessible(page, 'ELVL comparison');
    await screenshot(page, 'feedback-compare');
  });
});
