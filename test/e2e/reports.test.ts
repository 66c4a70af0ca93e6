// The reports journey in a real browser on the demo data: a resident signs in through TARA and reports
// a pothole in Tallinn with a point picked on the map and a photo; a handler finds it in her inbox and
// marks it fixed with a public answer; the reporter notifier mails her "Is it fixed?" (seen in the
// development mail catcher); she follows the link and answers; the public page shows the answer and no
// personal data; the KOV's analytics count her answer. Every page: axe, zero violations. Tiles of the
// map host are cut off (no outbound network in tests).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PEOPLE } from '../../src/dev/demo-people.js';
import { listMail } from '../../src/kernel/mail.js';
import { runReportsNotify } from '../../src/modules/reports/index.js';
import { expectAccessible, follow, launchBrowser, screenshot, signIn, startServer, textOf } from './harness.js';
import type { Server } from './harness.js';

let server: Server;
let browser: Browser;
let page: Page;

const code = (given: string) => DEMO_PEOPLE.find((p) => p.givenName === given)!.idcode;
const MARI = code('Mari'); // resident of Tallinn
const ANDRES = code('Andres'); // the demo's reports handler in Tallinn
const JAAN = code('Jaan'); // KOV admin of Tallinn (sees the analytics)
const EMAIL = 'mari.maasikas@example.ee';
const DESCRIPTION = 'A deep pothole in the cycle lane, about half a metre wide.';

let number = '';
let feedbackUrl = '';
let photoFile = '';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  photoFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vallamaja-e2e-')), 'pothole.jpg');
  fs.writeFileSync(photoFile, await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#5a5a52' } }).jpeg().toBuffer());
  await page.route('**/*', (route) => (route.request().url().startsWith(server.url) ? route.continue() : route.abort()));
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signOut() {
  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await page.waitForURL(`${server.url}/`);
}

describe('reports journey (Chromium)', () => {
  it('the front page leads to reporting; a resident signs in and reports a pothole', async () => {
    await page.goto(`${server.url}/?lang=en`);
    await follow(page.getByRole('link', { name: 'Report a problem' }).first());
    await expectAccessible(page, '/reports');
    await signIn(page, MARI);
    await page.goto(`${server.url}/kov/0784/reports/new`);
    await expectAccessible(page, 'report form');
    await page.getByLabel('What is the problem?').selectOption({ label: 'Pothole' });
    await page.fill('#f-description', DESCRIPTION);
    // the point: a click on the map fills the coordinates
    await page.locator('.report-map-pick.leaflet-container').waitFor();
    const map = page.locator('.report-map-pick');
    const box = (await map.boundingBox())!;
    await map.click({ position: { x: box.width / 2 + 17, y: box.height / 2 - 11 } });
    const lat = Number(await page.locator('#f-lat').inputValue());
    const lon = Number(await page.locator('#f-lon').inputValue());
    expect(lat).toBeGreaterThan(57.3);
    expect(lon).toBeGreaterThan(21.5);
    await page.getByLabel('E-mail address (for updates)').fill(EMAIL);
    await page.locator('#f-photos').setInputFiles(photoFile);
    await page.getByRole('button', { name: 'Send the report' }).click();
    const anyway = page.getByRole('button', { name: 'Send a new report anyway' });
    await Promise.race([page.waitForURL(/\/reports\/\d{4}-\d{6}/), anyway.waitFor()]);
    if (await anyway.isVisible()) {
      // open reports nearby were suggested: she decides hers is a different one (photos are chosen again)
      await expectAccessible(page, 'nearby suggestions');
      await page.locator('#f-photos').setInputFiles(photoFile);
      await page.getByRole('button', { name: 'Send a new report anyway' }).click();
    }
    await page.waitForURL(/\/kov\/0784\/reports\/\d{4}-\d{6}/);
    number = /reports\/(\d{4}-\d{6})/.exec(page.url())![1]!;
    expect(await textOf(page, 'main')).toContain(DESCRIPTION);
    await page.locator('.report-photos img').waitFor();
    await expectAccessible(page, 'the new report');
    await screenshot(page, 'reports-journey-new');
    await signOut();
  });

  it('the handler finds it in her inbox and marks it fixed, with a public answer', async () => {
    await signIn(page, ANDRES);
    await page.goto(`${server.url}/kov/0784/reports/admin`);
    await expectAccessible(page, 'inbox');
    await follow(page.getByRole('link', { name: number }).first());
    await expectAccessible(page, 'report for handlers');
    expect(await textOf(page, 'main')).toContain(EMAIL); // handlers see the contact
    await page.locator('select[name="status_status"]').selectOption('fixed');
    await page.locator('textarea[name="status_answer"]').fill('Patched on Monday. Thank you!');
    await page.getByRole('button', { name: 'Change the status' }).click();
    await expect.poll(() => textOf(page, 'main')).toContain('Patched on Monday');
    await expectAccessible(page, 'report after the change');
    await screenshot(page, 'reports-journey-handler');
    await signOut();
  });

  it('she is asked "Is it fixed?" by e-mail (the mail catcher shows it), and answers', async () => {
    await runReportsNotify(server.db, server.app.config);
    const mails = await listMail(server.db, { to: EMAIL });
    const ask = mails.find((m) => m.body_text.includes('/feedback?token='));
    expect(ask, mails.map((m) => m.subject).join(' | ')).toBeTruthy();
    feedbackUrl = /(http\S+\/feedback\?token=\S+)/.exec(ask!.body_text)![1]!;
    await page.goto(`${server.url}/dev/mail?lang=en`);
    await expectAccessible(page, 'mail catcher');
    expect(await textOf(page, 'main')).toContain(EMAIL);

    await page.goto(feedbackUrl);
    await expectAccessible(page, 'is it fixed?');
    await page.getByLabel('Yes, it is fixed').check();
    await page.locator('#f-satisfaction-4').check();
    await page.getByRole('button', { name: 'Send the answer' }).click();
    await expect.poll(() => textOf(page, 'main')).toContain('Thank you for your answer!');
    await expectAccessible(page, 'feedback thanks');
  });

  it('the public page shows the answer and the status, and no personal data', async () => {
    await page.goto(`${server.url}/kov/0784/reports/${number}`);
    const text = await textOf(page, 'main');
    expect(text).toContain('Patched on Monday');
    expect(text).toContain('Fixed');
    expect(text).not.toContain(EMAIL);
    expect(text).not.toContain('Maasikas');
    await expectAccessible(page, 'public report, fixed');
    await screenshot(page, 'reports-journey-public');
  });

  it('the KOV admin sees the answer in the analytics: charts with tables, and the figures', async () => {
    await signIn(page, JAAN);
    await page.goto(`${server.url}/kov/0784/reports/analytics?lang=en`);
    await expectAccessible(page, 'analytics');
    expect(await page.locator('main svg').count()).toBeGreaterThan(0);
    expect(await page.locator('main table').count()).toBeGreaterThan(0);
    const res = await page.request.get(`${server.url}/api/v1/kov/0784/reports/analytics`);
    expect(res.status()).toBe(200);
    const d = (await res.json()) as { total: { satisfaction: number[]; fixedYes: number; reports?: number } };
    expect(d.total.satisfaction[3]).toBeGreaterThanOrEqual(1); // her 4
    expect(d.total.fixedYes).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'reports-journey-analytics');
    // by settlement unit, with the median times to the first response and to closing
    await page.goto(`${server.url}/kov/0784/reports/analytics/units?lang=en`);
    await expectAccessible(page, 'analytics by settlement unit');
    const table = await textOf(page, '#by-unit-table');
    expect(table).toContain('Median hours to the first action');
    expect(table).toContain('Median days to close');
    const units = (await (await page.request.get(`${server.url}/api/v1/kov/0784/reports/analytics/units`)).json()) as { total: { resolutionMedianHours: number | null } };
    expect(units.total.resolutionMedianHours).not.toBeNull(); // her report, fixed
    await screenshot(page, 'reports-journey-analytics-units');
  });
});
