// The residents page's X-tee fetch box in the browser, checked by axe: a fetch in progress (people
// and megabytes so far, a link to look again, no second start) and then its outcome. The fetch rows
// are written directly: the X-tee path itself is tested against the mock security server in
// src/modules/residents/xtee-import.test.ts; here it is the page a KOV official looks at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launchBrowser, screenshot, signIn, startServer, textOf } from './harness.js';
import type { Server } from './harness.js';
import { asOwner } from '../helpers.js';

const KOV = '0784';
const FETCH = '01900000-0000-7000-8000-0000000fe7c4';
let server: Server;
let browser: Browser;
let page: Page;
const saved = { ...process.env };

beforeAll(async () => {
  // X-tee "configured" (nothing is asked in this test: the fetch is written directly)
  process.env.XTEE_SECURITY_SERVER_URL = 'http://127.0.0.1:9/cgi-bin/consumer_proxy';
  process.env.XTEE_CLIENT = 'ee-test/GOV/75000000/vallamaja';
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(`${server.url}/kov/${KOV}?lang=et`);
  await signIn(page, '39002102761'); // Jaan Tamm, KOV admin of Tallinn
});
afterAll(async () => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  await browser?.close();
  await server?.close();
});

describe('the residents page while a fetch from the population register runs, and after', () => {
  it('shows the progress, accessibly, without a second start; then the outcome', async () => {
    await asOwner(server.db, (t) =>
      t.query(
        `INSERT INTO residents_fetch (id, kov_code, on_date, state, people, bad, bytes, started_at, updated_at, actor_kind, actor_name)
         VALUES ($1, $2, '2026-12-01', 'running', 123456, 2, 31400000, now() - interval '3 minutes', now(), 'person', 'Jaan Tamm')`,
        [FETCH, KOV],
      ),
    );
    await page.goto(`${server.url}/kov/${KOV}/admin/residents?lang=et#xtee`);
    const box = await textOf(page, '#xtee + [role="status"]');
    expect(box).toMatch(/Päring rahvastikuregistrist \(01\.12\.2026 seisuga\) käib, alustatud [\d.: ]+: seni saabunud 123\s456 inimest \(31,4 MB\), neist 2 vigast rida\./);
    expect(await page.getByRole('link', { name: 'Vaata uuesti, kui kaugel päring on' }).count()).toBe(1);
    expect(await page.locator('form[action$="/xtee-import"]').count()).toBe(0);
    await expectAccessible(page, 'residents page, fetch running');
    await screenshot(page, 'residents-fetch-running');

    await asOwner(server.db, (t) =>
      t.query(
        `UPDATE residents_fetch SET state = 'imported', people = 456789, bytes = 116000000, not_living = 120, rows_imported = 456787, finished_at = now() WHERE id = $1`,
        [FETCH],
      ),
    );
    await page.getByRole('link', { name: 'Vaata uuesti, kui kaugel päring on' }).click();
    const done = await textOf(page, '#xtee + [role="status"]');
    expect(done).toMatch(/Viimane päring \([\d.: ]+, Jaan Tamm\): Register päriti rahvastikuregistrist \(01\.12\.2026 seisuga\) ja imporditi: 456\s787 inimest; 2 vigast rida jäeti välja; 120 isikut/);
    expect(await page.locator('form[action$="/xtee-import"]').count()).toBe(1);
    await expectAccessible(page, 'residents page, fetch done');
    await screenshot(page, 'residents-fetch-done');
  });
});
