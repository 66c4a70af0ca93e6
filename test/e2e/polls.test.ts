// The polls journey in a real browser on the demo data: a KOV admin creates and publishes a poll;
// two residents vote (one changes her vote); committee members close it, bring their key shares and
// certify the result; a resident checks her tracker on the public board. Every page: axe, zero
// violations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PEOPLE } from '../../src/dev/demo-people.js';
import { importExtraList } from '../../src/modules/residents/index.js';
import { dateToTallinnLocal, nowMs } from '../../src/kernel/clock.js';
import { expectAccessible, launchBrowser, screenshot, startServer, signIn, textOf } from './harness.js';
import type { Server } from './harness.js';

let server: Server;
let browser: Browser;
let page: Page;

const code = (given: string) => DEMO_PEOPLE.find((p) => p.givenName === given)!.idcode;
const JAAN = code('Jaan'); // KOV admin of Tallinn
const PEETER = code('Peeter'); // platform admin (a second committee member)
const MARI = code('Mari');
const LIIS = code('Liis');

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  // The demo register is synthetic; this poll's roll takes Mari and Liis from an extra list.
  const r = await importExtraList(server.db, server.app.config.idcodeHmacKey, {
    kov: '0784',
    name: 'e2e-polls',
    text: `${MARI}\n${LIIS}\n`,
    actor: { kind: 'system', id: null, name: 'e2e setup' },
  });
  expect(r.ok).toBe(true);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});


async function signOut() {
  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await page.waitForURL(`${server.url}/`);
}

let manageUrl = '';
let pollUrl = '';
let shares: string[] = [];
let tracker = '';

describe('polls journey (Chromium)', () => {
  it('the demo polls are listed publicly, with the certified one’s results', async () => {
    await page.goto(`${server.url}/kov/0784/polls?lang=en`);
    await expectAccessible(page, 'KOV polls');
    expect(await textOf(page, 'main')).toContain('A new playground in Kadriorg Park');
    await page.getByRole('link', { name: 'Extending the tram line' }).click();
    expect(await textOf(page, 'main')).toContain('Result certified');
    expect(await textOf(page, 'main')).toContain('To Lasnamäe');
    await expectAccessible(page, 'certified demo poll');
    await screenshot(page, 'poll-certified');
  });

  it('a KOV admin creates a poll, previews the eligible count and publishes it', async () => {
    await page.goto(`${server.url}/polls?lang=en`);
    await expectAccessible(page, '/polls signed out');
    await signIn(page, JAAN);
    await page.goto(`${server.url}/kov/0784/polls/admin`);
    await expectAccessible(page, 'polls admin');
    await page.getByRole('link', { name: 'New poll' }).click();
    await expectAccessible(page, 'new poll');

    // nothing filled in: the error summary
    await page.fill('#f-title_et', '');
    await page.getByRole('button', { name: 'Create the poll (draft)' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await textOf(page, '.error-summary')).toContain('Title (Estonian): enter the text.');
    await expectAccessible(page, 'new poll with errors');

    await page.fill('#f-title_et', 'Raekoja platsi jõulukuusk');
    await page.fill('#f-title_en', 'The Christmas tree on Town Hall Square');
    await page.fill('#f-title_ru', 'Ёлка на Ратушной площади');
    await page.fill('#f-q0_text_et', 'Milline kuusk?');
    await page.fill('#f-q0_text_en', 'Which tree?');
    await page.fill('#f-q0_text_ru', 'Какая ёлка?');
    await page.fill('#f-q0_options_et', 'Looduslik\nKunstkuusk');
    await page.fill('#f-q0_options_en', 'A natural tree\nAn artificial tree');
    await page.fill('#f-q0_options_ru', 'Живая ёлка\nИскусственная ёлка');
    await page.fill('#f-opensAt', dateToTallinnLocal(new Date(nowMs() - 60_000))); // within the start grace
    await page.fill('#f-extraLists', 'e2e-polls');
    await page.getByRole('button', { name: 'Create the poll (draft)' }).click();
    await page.waitForURL(/\/manage$/);
    manageUrl = page.url();
    pollUrl = manageUrl.replace(/\/manage$/, '');
    expect(await textOf(page, '.flash')).toContain('created as a draft');
    expect(await textOf(page, 'main')).toMatch(/people may vote at the moment/);
    expect(await textOf(page, 'main table')).toContain('On an extra list');
    await expectAccessible(page, 'manage draft (preview)');
    await screenshot(page, 'poll-preview');

    await page.getByRole('button', { name: 'Publish the poll' }).click();
    await page.locator('code[data-member]').first().waitFor();
    shares = await page.locator('code[data-member]').allTextContents();
    expect(shares).toHaveLength(3);
    for (const s of shares) expect(s).toMatch(/^[0-9a-f]{64}$/);
    await expectAccessible(page, 'published: key shares');
    await signOut();
  });

  it('two residents vote; one of them changes her vote', async () => {
    await signIn(page, MARI);
    await page.goto(`${server.url}/polls`);
    await expectAccessible(page, 'my polls');
    // the demo's open poll: Mari is on its roll
    expect(await page.getByRole('link', { name: /^Vote – A new playground in Kadriorg Park/ }).count()).toBe(1);
    await page.getByRole('link', { name: /^Vote – The Christmas tree/ }).click();
    await expectAccessible(page, 'ballot');
    await page.getByRole('button', { name: 'Cast my vote' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await textOf(page, '.error-summary')).toContain('Choose at least one answer to question 1.');
    await expectAccessible(page, 'ballot with errors');
    await page.getByLabel('A natural tree').check();
    await page.getByRole('button', { name: 'Cast my vote' }).click();
    // Post/Redirect/Get: the receipt is its own page, without the tracker in its address
    await page.waitForURL(/\/receipt$/);
    expect(await textOf(page, 'h1')).toBe('Your vote has been received');
    const first = (await textOf(page, '#tracker')).trim();
    expect(page.url()).not.toContain(first);
    await expectAccessible(page, 'receipt');
    // reloading shows the same receipt and casts nothing (no form is re-posted)
    await page.reload();
    expect((await textOf(page, '#tracker')).trim()).toBe(first);

    await page.goto(pollUrl);
    await page.getByRole('link', { name: 'Vote', exact: true }).click();
    expect(await textOf(page, 'main')).toContain('You have already voted in this poll');
    await page.getByLabel('An artificial tree').check();
    await page.getByRole('button', { name: 'Cast my vote' }).click();
    expect(await textOf(page, 'main')).toContain('Your previous vote was replaced by this one.');
    tracker = (await textOf(page, '#tracker')).trim();
    expect(tracker).toMatch(/^[0-9a-f]{64}$/);
    await expectAccessible(page, 'receipt after re-vote');
    await screenshot(page, 'poll-receipt');
    const receiptUrl = page.url();
    await signOut();

    // after sign-out the receipt is gone, for the next person on this browser too
    await page.goto(pollUrl);
    await signIn(page, LIIS);
    await page.goto(receiptUrl);
    expect(await textOf(page, 'h1')).toBe('The receipt can no longer be shown');
    expect(await textOf(page, 'main')).not.toContain(tracker);
    await expectAccessible(page, 'receipt gone');
    await signOut();

    await signIn(page, LIIS);
    await page.goto(`${pollUrl}/ballot`);
    await page.getByLabel('An artificial tree').check();
    await page.getByRole('button', { name: 'Cast my vote' }).click();
    expect(await textOf(page, 'h1')).toBe('Your vote has been received');
    await signOut();
  });

  it('committee members close the vote, bring their shares and certify the result', async () => {
    await signIn(page, JAAN);
    await page.goto(manageUrl);
    await page.getByRole('button', { name: 'Close the vote' }).click();
    expect(await textOf(page, '.flash')).toContain('The vote is closed. Voted: 2.');
    await expectAccessible(page, 'manage: closed');
    await page.fill('#f-share-1', shares[0]!);
    await page.getByRole('button', { name: 'Enter the share of member 1' }).click();
    expect(await textOf(page, '.flash')).toContain('accepted (1/2)');
    await expectAccessible(page, 'manage: one share in');
    await signOut();

    await signIn(page, PEETER);
    await page.goto(manageUrl);
    await page.fill('#f-share-2', shares[1]!);
    await page.getByRole('button', { name: 'Enter the share of member 2' }).click();
    expect(await textOf(page, '.flash')).toContain('public board published');
    await expectAccessible(page, 'manage: board published');
    const digest = (await textOf(page, '#result-digest')).trim();
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    // not ticked: the error summary points at the confirmation
    await page.getByRole('button', { name: 'I certify the result' }).click();
    expect(await textOf(page, '.error-summary')).toContain('Tick the box to confirm');
    await expectAccessible(page, 'manage: certify not confirmed');
    await screenshot(page, 'poll-certify');
    await page.getByLabel(/I have reviewed the result above and certify it/).check();
    await page.getByRole('button', { name: 'I certify the result' }).click();
    expect(await textOf(page, '.flash')).toContain('(1/2)');
    expect(await textOf(page, 'main')).toContain(digest);
    await signOut();

    await signIn(page, JAAN);
    await page.goto(manageUrl);
    await page.getByLabel(/I have reviewed the result above and certify it/).check();
    await page.getByRole('button', { name: 'I certify the result' }).click();
    expect(await textOf(page, '.flash')).toContain('(2/2)');
    await expectAccessible(page, 'manage: certified');
    await signOut();
  });

  it('the results are public, and a resident finds her tracker on the board', async () => {
    await page.goto(pollUrl);
    expect(await textOf(page, 'main')).toContain('Result certified');
    const artificial = page.locator('tr', { hasText: 'An artificial tree' }).first();
    expect(await artificial.locator('td').first().textContent()).toBe('2');
    const natural = page.locator('tr', { hasText: 'A natural tree' }).first();
    expect(await natural.locator('td').first().textContent()).toBe('0');
    await expectAccessible(page, 'public results');
    await screenshot(page, 'poll-results');

    await signIn(page, MARI);
    await page.goto(pollUrl);
    await page.getByRole('link', { name: 'Check your ballot on the public board' }).first().click();
    await expectAccessible(page, 'board check');
    await page.fill('#f-tracker', tracker);
    await page.getByRole('button', { name: 'Check' }).click();
    expect(await textOf(page, '#tracker-result')).toContain('Found: your ballot is on the board and was counted.');
    await expectAccessible(page, 'board check: found');
    await screenshot(page, 'poll-board');
  });
});
