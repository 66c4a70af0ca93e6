// The public service catalogue in the browser: a resident goes from the catalogue of every KOV to a
// search ("lasteaia" finds the kindergarten place), to the service's page, switches language, and to
// the KOV's list filtered by a life event; every page checked with axe, screenshots for a person.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../helpers.js';
import { publishedService } from '../../src/modules/services/fixtures.js';
import { expectAccessible, launchBrowser, screenshot, startServer } from './harness.js';
import type { Server } from './harness.js';

let server: Server;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  const db = server.db;
  await seedTenant(db, '0784', 'Tallinn', 'linn').catch(() => undefined);
  const kg = await publishedService(db, '0784', {
    name: { et: 'Lasteaiakoha taotlemine', en: 'Applying for a kindergarten place', ru: 'Заявление на место в детском саду' },
    description: {
      et: 'Lapsevanem taotleb lapsele kohta munitsipaallasteaias. Lasteaed võtab lapse vastu linna otsuse alusel.',
      en: 'A parent applies for a place in a municipal kindergarten.',
      ru: '',
    },
    lifeEvents: ['kindergarten'],
    audiences: ['families'],
    keywords: ['lasteaed', 'lasteaiakoht'],
    channels: [
      { kind: 'eservice', url: 'https://iseteenindus.example.ee/lasteaed', address: '', openingHours: '', phone: '', email: '', costCents: 0, processingTime: 'P30D' },
      { kind: 'office', url: '', address: 'Vabaduse väljak 7, Tallinn', openingHours: 'E–R 9–17', phone: '', email: '', costCents: 0, processingTime: 'P30D' },
      { kind: 'phone', url: '', address: '', openingHours: 'E–R 9–16', phone: '+372 640 4200', email: '', costCents: 0, processingTime: '' },
    ],
  });
  await publishedService(db, '0784', { relatedServices: [kg.id] });
  browser = await launchBrowser();
  page = await browser.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the public service catalogue in the browser', () => {
  it('catalogue → search → service page → KOV list by life event, accessible in et/en/ru', async () => {
    await page.goto(`${server.url}/services`);
    await expectAccessible(page, '/services');
    await screenshot(page, 'services-index');

    await page.getByLabel('Otsi teenust').fill('lasteaia');
    await page.getByRole('button', { name: 'Otsi' }).click();
    await page.waitForURL(/\/services\/search\?q=lasteaia/);
    expect(await page.locator('ol.results li').count()).toBeGreaterThan(0);
    expect(await page.locator('ol.results mark').first().textContent()).toMatch(/^Lasteaia/i);
    await expectAccessible(page, 'search');
    await screenshot(page, 'services-search');

    await page.getByRole('link', { name: /Lasteaiakoha taotlemine/ }).first().click();
    await page.waitForURL(/\/kov\/0784\/services\/lasteaiakoha-taotlemine/);
    expect(await page.locator('h1').textContent()).toBe('Lasteaiakoha taotlemine');
    await expectAccessible(page, 'service page');
    await screenshot(page, 'services-page');

    await page.goto(`${server.url}/kov/0784/services/lasteaiakoha-taotlemine?lang=ru`);
    await expectAccessible(page, 'service page ru');
    await screenshot(page, 'services-page-ru');

    await page.goto(`${server.url}/kov/0784/services?event=kindergarten&lang=en`);
    await expectAccessible(page, 'KOV list');
    expect(await page.locator('main').textContent()).toContain('Applying for a kindergarten place');
    await screenshot(page, 'services-kov-list');
  });
});
