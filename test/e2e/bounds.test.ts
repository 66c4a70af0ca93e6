// Bounds and named errors in a real browser on the demo data (issue 9, items 3 and 4): the new-poll
// form refusing a start in the past and an option that is too long, naming field, question and
// language, with what was typed kept; a malformed URL answered with the site's own page; the
// residents page's upload without a file. Every page: axe, zero violations; screenshots to look at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PEOPLE } from '../../src/dev/demo-people.js';
import { dateToTallinnLocal, nowMs } from '../../src/kernel/clock.js';
import { expectAccessible, launchBrowser, screenshot, startServer, signIn, textOf } from './harness.js';
import type { Server } from './harness.js';

let server: Server;
let browser: Browser;
let page: Page;
const JAAN = DEMO_PEOPLE.find((p) => p.givenName === 'Jaan')!.idcode; // KOV admin of Tallinn

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('bounds and named errors in the browser', () => {
  it('the new-poll form names what is wrong and keeps what was typed', async () => {
    await page.goto(`${server.url}/kov/0784/polls/new?lang=en`);
    await signIn(page, JAAN);
    await page.goto(`${server.url}/kov/0784/polls/new?lang=en`);
    expect(await page.locator('#f-q0_text_en').getAttribute('maxlength')).toBe('500');
    await page.fill('#f-title_et', 'Pargi küsitlus');
    await page.fill('#f-title_en', 'Park poll');
    await page.fill('#f-title_ru', 'Опрос о парке');
    await page.fill('#f-q0_text_et', 'Kas?');
    await page.fill('#f-q0_text_en', 'Yes?');
    await page.fill('#f-q0_text_ru', 'Да?');
    await page.fill('#f-q0_options_et', 'Jah\nEi');
    // a browser's maxlength stops typing, not a script or a paste: set the long value directly
    await page.locator('#f-q0_options_en').evaluate((el) => {
      (el as HTMLTextAreaElement).value = `Yes\n${'N'.repeat(201)}`;
    });
    await page.fill('#f-q0_options_ru', 'Да\nНет');
    await page.fill('#f-opensAt', dateToTallinnLocal(new Date(nowMs() - 3_600_000)));
    await page.getByRole('button', { name: 'Create the poll (draft)' }).click();
    await page.waitForLoadState();
    const summary = await textOf(page, '.error-summary');
    expect(summary).toContain('Question 1, option 2 (English): too long (201 characters, at most 200).');
    expect(summary).toContain('Voting opens: voting cannot start in the past (at most 5 minutes ago).');
    expect(await page.inputValue('#f-title_en')).toBe('Park poll');
    await expectAccessible(page, 'new poll with errors');
    await screenshot(page, 'bounds-new-poll-errors');
  });

  it('a malformed URL gets the site’s own error page', async () => {
    const r = await page.goto(`${server.url}/kov/0784/polls/%E0%A4%A?lang=ru`);
    expect(r?.status()).toBe(400);
    expect(await textOf(page, 'h1')).toContain('Неверный адрес');
    await expectAccessible(page, 'bad URL');
    await screenshot(page, 'bounds-bad-url');
  });

  it('the residents upload without a file says so', async () => {
    await page.goto(`${server.url}/kov/0784/admin/residents?lang=en`);
    await page.locator('#f-file').evaluate((el) => el.removeAttribute('required'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.waitForLoadState();
    expect(await textOf(page, '.error-summary')).toContain('Choose a file: the form came without one.');
    await expectAccessible(page, 'residents upload without a file');
    await screenshot(page, 'bounds-residents-no-file');
  });
});
