// The reports form and a public report page in the browser, checked by axe: the form with the map
// island (Leaflet from our own origin; every request to another host is cut off: no outbound network
// in tests, so no tiles), a click on the map fills the coordinates; a report's public page with its
// photo and its map; following it ("Mul on sama mure") with an e-mail address.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launchBrowser, screenshot, startServer } from './harness.js';
import type { Server } from './harness.js';
import { makeReport, seedReportCategories } from '../../src/modules/reports/fixtures.js';
import { processPhoto } from '../../src/modules/reports/index.js';

// Narva: a KOV the demo gives no categories or reports, so the list holds this test's report alone
const KOV = '0511';
let server: Server;
let browser: Browser;
let page: Page;
let number = '';
const foreign: string[] = [];

beforeAll(async () => {
  server = await startServer();
  await seedReportCategories(server.db, KOV);
  const photo = await processPhoto(await sharp({ create: { width: 800, height: 600, channels: 3, background: '#6b8e23' } }).jpeg().toBuffer());
  number = (await makeReport(server.db, KOV, { category: 'light', description: 'Tänavavalgusti ei põle juba nädal aega.', lat: 59.3772, lon: 28.1903, address: 'Peetri plats 1', photos: [photo] })).number;
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.route('**/*', (route) => {
    if (route.request().url().startsWith(server.url)) return route.continue();
    foreign.push(route.request().url());
    return route.abort();
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('reports in the browser', () => {
  it('the form: accessible, and a click on the map fills the coordinates', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}/kov/${KOV}/reports/new?lang=et`);
    await page.locator('.report-map-pick.leaflet-container').waitFor();
    await expectAccessible(page, 'report form');
    const map = page.locator('.report-map-pick');
    const box = (await map.boundingBox())!;
    await map.click({ position: { x: box.width / 2, y: box.height / 2 } });
    const lat = Number(await page.locator('#f-lat').inputValue());
    const lon = Number(await page.locator('#f-lon').inputValue());
    expect(lat).toBeGreaterThan(57.3);
    expect(lat).toBeLessThan(59.9);
    expect(lon).toBeGreaterThan(21.5);
    expect(lon).toBeLessThan(28.3);
    expect(errors).toEqual([]);
    // the only foreign requests were the tiles of the configured host (cut off here)
    expect(foreign.every((u) => u.startsWith('https://tile.openstreetmap.org/'))).toBe(true);
    await screenshot(page, 'reports-form');
  });

  it('the public report page: accessible, with its photo and map, no reporter', async () => {
    await page.goto(`${server.url}/kov/${KOV}/reports/${number}?lang=et`);
    await page.locator('.report-photos img').waitFor();
    await page.locator('.report-map-one.leaflet-container').waitFor();
    await expectAccessible(page, 'public report');
    const text = await page.locator('main').innerText();
    expect(text).toContain('Tänavavalgusti ei põle');
    expect(text).not.toContain('Mari Maasikas');
    await screenshot(page, 'reports-public-report');
  });

  it('the public list: accessible, its map shows the report with a link', async () => {
    await page.goto(`${server.url}/kov/${KOV}/reports?lang=en`);
    await page.locator('.report-map-list.leaflet-container').waitFor();
    await expectAccessible(page, 'public list');
    await page.locator('.report-map-list path.leaflet-interactive').first().click();
    await expect.poll(() => page.locator('.leaflet-popup-content a').first().getAttribute('href')).toBe(`/kov/${KOV}/reports/${number}`);
    await screenshot(page, 'reports-public-list');
  });

  it('follows a report with an e-mail address: the form and the answer are accessible', async () => {
    await page.goto(`${server.url}/kov/${KOV}/reports/${number}?lang=et`);
    await expect.poll(() => page.locator('.follow-count').innerText()).toBe('Sama murega inimesi: 0');
    // an address that is not one: the error summary and the field error
    await page.locator('#follow #f-email').fill('pole-aadress');
    await page.locator('#follow button[type=submit]').click();
    await page.locator('.error-summary a[href="#f-email"]').waitFor();
    await expectAccessible(page, 'follow refused');
    await page.locator('#follow #f-email').fill('naaber@example.ee');
    await page.locator('#follow button[type=submit]').click();
    await page.waitForURL(`${server.url}/kov/${KOV}/reports/${number}`);
    expect(await page.locator('main').innerText()).toContain('Saatsime kinnituslingi');
    await expectAccessible(page, 'follow asked');
    await screenshot(page, 'reports-follow');
  });
});
