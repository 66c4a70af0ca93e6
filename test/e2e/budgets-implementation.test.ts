// The implementation tracking in a real browser on the demo data: the public finds Tallinn's 2026
// participatory budget, its map of funded ideas (a marker per funded idea, coloured by status, the key,
// the totals and the list); Tallinn's budgets official (Kadri Kuusk) opens an idea's update form from
// the map, is told what is wrong with a negative spent amount (the text she wrote kept), then posts an
// update with a photo; the idea's public page shows it first in the timeline. Every page: axe, zero
// violations. Tiles of the map host are cut off (no outbound network).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { DEMO_PEOPLE } from '../../src/dev/demo-people.js';
import { expectAccessible, launchBrowser, screenshot, signIn, startServer } from './harness.js';
import type { Server } from './harness.js';

let server: Server;
let browser: Browser;
let page: Page;
let fundedUrl = '';

const KADRI = DEMO_PEOPLE.find((p) => p.givenName === 'Kadri')!.idcode; // Tallinn's budgets official

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.route('**/*', (route) => (route.request().url().startsWith(server.url) ? route.continue() : route.abort()));
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function loaded(label: string) {
  await page.waitForLoadState('load');
  await expectAccessible(page, label);
}

describe('implementation tracking (Chromium)', () => {
  it('the public finds the map of funded ideas with a marker per funded idea, the key, the totals and the list', async () => {
    await page.goto(`${server.url}/budgets?lang=en`);
    await page.getByRole('link', { name: 'Tallinn participatory budget 2026' }).first().click();
    await loaded('process page (implementation phase)');
    await page.getByRole('link', { name: 'Funded ideas and their implementation on a map' }).click();
    await page.locator('.funded-map.leaflet-container').waitFor();
    await loaded('funded map');
    fundedUrl = new URL(page.url()).pathname;
    expect(await page.locator('.funded-map path.leaflet-interactive').count()).toBe(5);
    const strokes = await page.locator('.funded-map path.leaflet-interactive').evaluateAll((els) => els.map((e) => e.getAttribute('stroke')).sort());
    expect(strokes).toEqual(['#00703c', '#1d70b8', '#505a5f', '#6f3aa8', '#b35a00']); // one idea in each status
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toMatch(/170\s500 euros/);
    expect(main).toContain('1 of 5');
    expect(main).toContain('Funding cancelled');
    expect(await page.locator('main table tbody tr').count()).toBe(5);
    await screenshot(page, 'budgets-funded-map');
  });

  it('the funded map and an idea’s timeline at 390 px: axe zero violations, no sideways scroll', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [p, lang] of [[fundedUrl, 'ru'], [`${fundedUrl.replace(/\/funded$/, '')}/ideas/1`, 'et']] as const) {
      const res = await page.goto(`${server.url}${p}?lang=${lang}`);
      expect(res?.status(), p).toBe(200);
      await loaded(`${p} at 390 px`);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
      expect(scrollWidth, p).toBeLessThanOrEqual(innerWidth);
    }
    await screenshot(page, '390-budgets-funded');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}${fundedUrl}?lang=en`);
  });

  it('the official posts an update with a photo; a bad amount is told and her text kept; the timeline shows it first', async () => {
    await signIn(page, KADRI);
    await page.goto(`${server.url}${fundedUrl}?lang=en`);
    await page.getByRole('link', { name: 'Update idea 3' }).click();
    await loaded('update form');
    await page.getByLabel('New status').selectOption({ label: 'in procurement' });
    await page.fill('#f-spent', '-5');
    await page.fill('#f-text', 'Pinkide hange on välja kuulutatud.');
    await page.getByRole('button', { name: 'Publish the update' }).click();
    await loaded('update form with errors');
    await screenshot(page, 'budgets-implementation-form-error');
    expect(await page.locator('.error-summary, [role="alert"]').first().textContent()).toContain('Enter the amount spent in whole euros (0 or more).');
    expect(await page.locator('#f-text').inputValue()).toBe('Pinkide hange on välja kuulutatud.');
    await page.fill('#f-spent', '1200');
    const photo = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#6f3aa8' } }).jpeg().toBuffer();
    await page.setInputFiles('#f-photos', { name: 'hange.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByRole('button', { name: 'Publish the update' }).click();
    await page.waitForURL(/\/ideas\/3(#implementation)?$/);
    await loaded('idea page with the timeline');
    const first = page.locator('.impl-timeline > li').first();
    expect(await first.textContent()).toContain('Pinkide hange on välja kuulutatud.');
    expect(await first.textContent()).toContain('in procurement, spent 1200 euros');
    expect(await first.locator('img').count()).toBe(1);
    expect(await first.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(320);
    await screenshot(page, 'budgets-implementation-timeline');
  });
});
