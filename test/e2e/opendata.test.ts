// Issue 14 item 3's journey in a real browser (Debian's Chromium), axe on every page: an open-data
// publisher (Kadri Kuusk in Tallinn in the demo) finds the register on her own page (/me), creates a
// dataset, uploads a small CSV and adds a link; a reviewer (Andres Mets; not the last editor) reviews
// and publishes it; it is then on the public catalogue page, its file downloads, and it is in
// /dcat/catalog.ttl. Kadri is also ELVL's open-data keeper in the demo (platform role opendata-elvl):
// she opens the keeper's page from /me and queues a refresh of the automatic datasets. Screenshots in
// screenshots/opendata-*.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nightlyRefresh } from '../../src/modules/opendata/fixtures.js';
import { closeJourney, expectAccessible, follow, openJourney, screenshot, signIn } from './harness.js';
import type { Server } from './harness.js';

const KOV = '0784';
const KADRI = '48504120238'; // opendata-publisher in Tallinn (demo)
const ANDRES = '37809300125'; // opendata-reviewer in Tallinn (demo)
const TITLE = 'Prügimajade asukohad';
const CSV = 'aadress;liik\nPärnu mnt 10;pakend\nNarva mnt 5;paber\n';
let server: Server;
let browser: Browser;
let page: Page;
let datasetId = '';

beforeAll(async () => ({ server, browser, page } = await openJourney()));
afterAll(() => closeJourney({ server, browser }));

describe('open data: publish a dataset (Chromium, axe)', () => {
  it('the publisher creates a dataset with a CSV file and a link', async () => {
    await page.goto(`${server.url}/kov/${KOV}`);
    await signIn(page, KADRI);
    await page.goto(`${server.url}/me`);
    await expectAccessible(page, 'her own page');
    await page.getByRole('link', { name: 'Avaandmete register' }).first().click();
    await page.waitForURL(new RegExp(`/kov/${KOV}/opendata/admin$`));
    await expectAccessible(page, 'the register');

    await page.getByRole('link', { name: 'Uus andmestik' }).click();
    await page.waitForURL(/\/opendata\/admin\/new$/);
    await expectAccessible(page, 'new dataset form');
    // submitted empty first: the error summary names the fields
    await follow(page.getByRole('button', { name: 'Loo mustand' }));
    await expectAccessible(page, 'new dataset form with errors');
    expect(await page.locator('.error-summary').textContent()).toContain('Sisestage andmestiku pealkiri eesti keeles.');
    await page.getByLabel('Pealkiri (eesti keeles)').fill(TITLE);
    await page.getByLabel('Pealkiri (inglise keeles)').fill('Waste collection points');
    await page.getByLabel('Kirjeldus (eesti keeles)').fill('Jäätmemajade ja konteinerite asukohad Tallinnas.');
    await page.getByLabel('Kontakt (isik või üksus)').fill('Keskkonna- ja Kommunaalamet');
    await page.getByLabel('Kontakti e-post').fill('avaandmed@tallinnlv.ee');
    await page.getByLabel('Keskkond').check();
    await page.getByLabel('Märksõnad').fill('jäätmed, konteiner');
    await page.getByLabel('Uuendamise sagedus').selectOption('MONTHLY');
    await page.getByRole('button', { name: 'Loo mustand' }).click();
    await page.waitForURL(new RegExp(`/kov/${KOV}/opendata/admin/[0-9a-f-]{36}$`));
    datasetId = /\/admin\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
    await expectAccessible(page, 'the new draft');

    await page.getByLabel('Fail', { exact: true }).setInputFiles({ name: 'prugimajad.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.getByRole('button', { name: 'Laadi üles' }).click();
    await page.waitForURL(new RegExp(`/opendata/admin/${datasetId}`));
    expect(await page.content()).toContain('prugimajad.csv');
    await page.getByLabel('Jaotuse pealkiri').fill('Jäätmemajad linna kaardil');
    await page.getByLabel('Aadress (URL)').fill('https://www.tallinn.ee/et/jaatmed');
    await page.getByLabel('Vorming').selectOption('HTML');
    await page.getByRole('button', { name: 'Lisa', exact: true }).click();
    await page.waitForURL(new RegExp(`/opendata/admin/${datasetId}`));
    await expectAccessible(page, 'the draft with its distributions');
    expect(await page.content()).toContain('Jäätmemajad linna kaardil');
    // four eyes: she edited it last, so no review button for her (and not her role)
    expect(await page.getByRole('button', { name: 'Märgi ülevaadatuks' }).count()).toBe(0);
    await screenshot(page, 'opendata-draft');
  });

  it('a reviewer reviews and publishes it', async () => {
    const ctx = await browser.newContext();
    const rev = await ctx.newPage();
    rev.setDefaultTimeout(20_000);
    try {
      await rev.goto(`${server.url}/kov/${KOV}`);
      await signIn(rev, ANDRES);
      await rev.goto(`${server.url}/me`);
      await rev.getByRole('link', { name: 'Avaandmete register' }).first().click();
      await rev.waitForURL(new RegExp(`/kov/${KOV}/opendata/admin$`));
      await rev.getByRole('link', { name: TITLE }).click();
      await rev.waitForURL(new RegExp(`/opendata/admin/${datasetId}$`));
      await expectAccessible(rev, 'the draft, for the reviewer');
      await rev.getByRole('button', { name: 'Märgi ülevaadatuks' }).click();
      await rev.waitForURL(new RegExp(`/opendata/admin/${datasetId}$`));
      await expectAccessible(rev, 'the reviewed dataset');
      await rev.getByRole('button', { name: 'Avalda' }).click();
      await rev.waitForURL(new RegExp(`/opendata/admin/${datasetId}$`));
      await expectAccessible(rev, 'the published dataset');
      expect(await rev.locator('.tag').first().textContent()).toBe('Avaldatud');
    } finally {
      await ctx.close();
    }
  });

  it('it is on the public catalogue page, its file downloads, and it is in /dcat/catalog.ttl', async () => {
    const pub = await browser.newContext();
    const p = await pub.newPage();
    p.setDefaultTimeout(20_000);
    try {
      await p.goto(`${server.url}/`);
      await p.getByRole('link', { name: 'Avaandmed' }).first().click();
      await p.waitForURL(/\/opendata$/);
      await expectAccessible(p, 'the public catalogue');
      await p.getByLabel('Otsisõna').fill('prügimajade');
      await p.getByRole('button', { name: 'Otsi' }).click();
      await expectAccessible(p, 'the public catalogue, searched');
      await p.getByRole('link', { name: TITLE }).click();
      await p.waitForURL(new RegExp(`/opendata/${datasetId}$`));
      await expectAccessible(p, 'the dataset page');
      await screenshot(p, 'opendata-dataset');
      const href = await p.getByRole('link', { name: 'Laadi alla: prugimajad.csv' }).getAttribute('href');
      const file = await p.request.get(`${server.url}${href}`);
      expect(file.headers()['content-type']).toBe('text/csv; charset=utf-8');
      expect(await file.text()).toBe(CSV);

      await p.goto(`${server.url}/kov/${KOV}/opendata`);
      await expectAccessible(p, 'the KOV’s open data');
      expect(await p.content()).toContain(TITLE);

      const ttl = await p.request.get(`${server.url}/dcat/catalog.ttl`);
      expect(ttl.headers()['content-type']).toBe('text/turtle; charset=utf-8');
      const body = await ttl.text();
      expect(body).toContain(`/dcat/dataset/${datasetId}>`);
      expect(body).toContain(`"${TITLE}"@et`);
    } finally {
      await pub.close();
    }
  });

  it('the keeper (Kadri, opendata-elvl) opens the automatic datasets’ page from her page and queues a refresh', async () => {
    // the workers do not run in the journey: the refresh a night would make, made here
    await nightlyRefresh(server.db, { force: true });
    await page.goto(`${server.url}/me`);
    await page.getByRole('link', { name: 'Automaatsed avaandmed' }).click();
    await page.waitForURL(/\/opendata\/keeper$/);
    await expectAccessible(page, 'the keeper’s page');
    expect(await page.locator('h1').textContent()).toBe('Automaatsed avaandmed');
    expect(await page.content()).toContain('href="/opendata/auto/all/reports.csv"');
    await page.getByLabel('Omavalitsus', { exact: true }).selectOption(KOV);
    await page.getByRole('button', { name: 'Näita' }).click();
    await page.waitForURL(new RegExp(`/opendata/keeper\\?kov=${KOV}`));
    await expectAccessible(page, 'the keeper’s page, one KOV');
    expect(await page.content()).toContain(`href="/opendata/auto/${KOV}/services.json"`);
    await page.getByRole('button', { name: 'Uuenda kõik failid kohe' }).click();
    await page.waitForURL(new RegExp(`/opendata/keeper\\?kov=${KOV}$`)); // the KOV chosen stays chosen
    expect(await page.locator('.flash').textContent()).toContain('Uuendus on järjekorras.');
    await expectAccessible(page, 'the keeper’s page with the flash');
    await screenshot(page, 'opendata-keeper');
  });
});
