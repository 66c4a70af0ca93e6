// The participatory budget journey in a real browser on the demo data: the front page's navigation
// leads to the budgets; a resident signs in through TARA and submits an idea to Tartu's process (open
// for ideas) with a place picked on the map; the KOV admin of Tartu, from the admin dashboard, reviews
// it: publishes it and marks it feasible with the officials' cost; the public idea page then shows it
// on the ballot with the author's first name only. Then (the kernel clock moving days on) the admin
// opens the vote with a committee, the resident votes on the ballot page, the admin closes it, the
// committee member picks up her share, gives it for the count and signs the result off, and the results
// page shows the funded idea on the map. Every page: axe, zero violations, checked once the page (and
// its map island) has loaded. Tiles of the map host are cut off (no outbound network).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PEOPLE } from '../../src/dev/demo-people.js';
import { advanceClock, nowMs } from '../../src/kernel/clock.js';
import { listProcesses } from '../../src/modules/budgets/index.js';
import { importResidents } from '../../src/modules/residents/fixtures.js';
import { expectAccessible, launchBrowser, screenshot, signIn, startServer } from './harness.js';
import type { Server } from './harness.js';

let server: Server;
let browser: Browser;
let page: Page;

const code = (given: string) => DEMO_PEOPLE.find((p) => p.givenName === given)!.idcode;
const LIIS = code('Liis'); // resident of Tartu
const TOOMAS = code('Toomas'); // KOV admin of Tartu
const TITLE = 'Benches along the Emajõgi promenade';
let ideaUrl = '';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
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

async function signOut() {
  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await page.waitForURL(`${server.url}/`);
}

describe('participatory budget journey (Chromium)', () => {
  it('the front page leads to the budgets; a resident submits an idea with a place on the map', async () => {
    await page.goto(`${server.url}/?lang=en`);
    await page.getByRole('link', { name: 'Participatory budget' }).first().click();
    await loaded('/budgets');
    await page.getByRole('link', { name: 'Tartu participatory budget 2027' }).first().click();
    await loaded('process page');
    await signIn(page, LIIS);
    await page.getByRole('link', { name: 'Submit an idea' }).first().click();
    await page.locator('.report-map-pick.leaflet-container').waitFor();
    await loaded('idea form');
    await page.fill('#f-title', TITLE);
    await page.fill('#f-description', 'Ten benches so that older people can rest on their walk.');
    await page.getByLabel('Category').selectOption({ label: 'Social' });
    await page.fill('#f-cost', '12000');
    const map = page.locator('.report-map-pick');
    const box = (await map.boundingBox())!;
    await map.click({ position: { x: box.width / 2 + 9, y: box.height / 2 - 7 } });
    expect(Number(await page.locator('#f-lat').inputValue())).toBeGreaterThan(57.3);
    await page.getByRole('button', { name: 'Submit the idea' }).click();
    await page.waitForURL(/\/ideas\/\d+$/);
    ideaUrl = new URL(page.url()).pathname;
    await loaded('own idea awaiting review');
    expect(await page.locator('main').textContent()).toContain('awaits review');
    await screenshot(page, 'budgets-idea-submitted');
    await signOut();
  });

  it('the KOV admin publishes it and marks it feasible from the review page', async () => {
    await page.goto(`${server.url}/kov/0793/admin?lang=en`);
    await signIn(page, TOOMAS);
    await page.goto(`${server.url}/kov/0793/admin?lang=en`);
    await page.getByRole('link', { name: 'Participatory budget administration' }).first().click();
    await loaded('budgets admin');
    await page.getByRole('link', { name: 'Review the ideas' }).first().click();
    await loaded('review page');
    const n = ideaUrl.split('/').pop()!;
    await page.getByRole('button', { name: `Publish (${n})` }).click();
    await page.waitForURL(/\/review/);
    await loaded('review page after publishing');
    await page.locator(`#f-feasibility-${n}`).selectOption('feasible');
    await page.fill(`#f-official_cost-${n}`, '15000');
    await page.getByRole('button', { name: `Save the assessment (${n})` }).click();
    await page.waitForURL(/\/review/);
    await loaded('review page after assessing');
    await screenshot(page, 'budgets-review');
    await signOut();
  });

  it('the public idea page shows it on the ballot with the first name only', async () => {
    await page.goto(`${server.url}${ideaUrl}?lang=en`);
    await loaded('public idea page');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain(TITLE);
    expect(text).toContain('The idea goes to the vote.');
    expect(text).toContain('Liis');
    expect(text).not.toContain('Lepp');
    await screenshot(page, 'budgets-idea-public');
  });

  it('the admin opens the vote; the resident votes; the committee counts and certifies; the results map shows the funded idea', async () => {
    const processUrl = ideaUrl.replace(/\/ideas\/\d+$/, '');
    const tartu = (await listProcesses(server.db, '0793')).find((x) => processUrl.endsWith(x.id))!;
    const until = (d: Date) => advanceClock(d.getTime() - nowMs() + 60_000);

    // the demo has no residents register for Tartu: the two people of the journey are imported (as a register upload would)
    await importResidents(server.db, server.app.config.idcodeHmacKey, '0793', [
      { idcode: LIIS, given: 'Liis', family: 'Lepp', county: '0079', unit: '1681' },
      { idcode: TOOMAS, given: 'Toomas', family: 'Saar', county: '0079', unit: '1681' },
    ], { kind: 'system', id: null, name: 'journey set-up' });

    // review phase: the KOV admin opens the vote with a committee of one (Liis signs the result off)
    until(tartu.review_from);
    await page.goto(`${server.url}${processUrl}?lang=en`);
    await signIn(page, TOOMAS);
    await page.getByRole('link', { name: 'The vote' }).first().click();
    await loaded('vote admin page');
    await page.fill('#f-committee', LIIS);
    await page.fill('#f-threshold', '1');
    await page.getByRole('button', { name: 'Open the vote' }).click();
    await page.waitForURL(/\/vote$/);
    await loaded('vote admin page, open');
    expect(await page.locator('main').textContent()).toContain('key share waiting to be picked up');
    await signOut();

    // voting phase: the resident votes for the idea
    until(tartu.voting_from);
    await page.goto(`${server.url}${processUrl}?lang=en`);
    await signIn(page, LIIS);
    await page.getByRole('link', { name: 'Vote' }).first().click();
    await loaded('ballot page');
    await page.getByLabel(TITLE, { exact: false }).check();
    await page.getByRole('button', { name: 'Cast my vote' }).click();
    await page.waitForURL(/\/ballot$/);
    await loaded('cast receipt');
    expect(await page.locator('code.tracker').textContent()).toMatch(/^[0-9a-f]{64}$/);
    await signOut();

    // results phase: the admin closes the vote
    until(tartu.results_from);
    await page.goto(`${server.url}${processUrl}/vote?lang=en`);
    await signIn(page, TOOMAS);
    await page.getByRole('button', { name: 'Close the vote and start the count' }).click();
    await page.waitForURL(/\/vote$/);
    await loaded('vote admin page, closed');
    await signOut();

    // the committee member: her share once, the count, the sign-off
    await page.goto(`${server.url}${processUrl}?lang=en`);
    await signIn(page, LIIS);
    await page.getByRole('link', { name: 'Committee' }).first().click();
    await loaded('committee page');
    await page.getByRole('button', { name: 'Show my key share' }).click();
    const share = ((await page.locator('#my-share').textContent()) ?? '').trim();
    expect(share).toMatch(/^[0-9a-f]{64}$/);
    await loaded('committee page with the share');
    await page.fill('#f-share-1', share);
    await page.getByRole('button', { name: 'Give my share for the count' }).click();
    await page.waitForURL(/\/committee$/);
    await loaded('committee page, counted');
    await page.locator('#f-confirm').check();
    await page.getByRole('button', { name: 'I certify the result' }).click();
    await page.waitForURL(/\/results$/);
    await page.locator('.report-map.leaflet-container, .report-map .leaflet-container').first().waitFor();
    await loaded('results page');
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('The committee has certified the result');
    expect(main).toContain(TITLE);
    expect(await page.locator('.leaflet-marker-icon, .leaflet-interactive').count()).toBeGreaterThan(0);
    await screenshot(page, 'budgets-results');
  });
});
