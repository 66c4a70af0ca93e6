// The polls journey in a real browser on the demo data: a KOV admin creates a poll naming three
// committee members and publishes it (a summary asks first; the publisher sees no share); each
// member signs in and picks up her own key share; two residents vote (one changes her vote); the
// admin closes it (a summary asks first, with the reason for closing early); two members bring their
// shares and certify the result; a resident checks her tracker on the public board. Every page: axe,
// zero violations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PEOPLE } from '../../src/dev/demo-people.js';
import { importExtraList } from '../../src/modules/residents/index.js';
import { dateToTallinnLocal, nowMs } from '../../src/kernel/clock.js';
import { expectAccessible, follow, launchBrowser, screenshot, startServer, signIn, textOf } from './harness.js';
import type { Server } from './harness.js';

let server: Server;
let browser: Browser;
let page: Page;

const code = (given: string) => DEMO_PEOPLE.find((p) => p.givenName === given)!.idcode;
const JAAN = code('Jaan'); // KOV admin of Tallinn
const COMMITTEE = [code('Kadri'), code('Andres'), code('Helena')]; // the demo committee, members 1–3
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
const shares: string[] = [];
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
    await follow(page.getByRole('link', { name: 'New poll' }));
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
    await page.fill('#f-committee', COMMITTEE.join('\n'));
    await page.getByRole('button', { name: 'Create the poll (draft)' }).click();
    await page.waitForURL(/\/manage$/);
    manageUrl = page.url();
    pollUrl = manageUrl.replace(/\/manage$/, '');
    expect(await textOf(page, '.flash')).toContain('created as a draft');
    expect(await textOf(page, 'main')).toMatch(/people may vote at the moment/);
    expect(await textOf(page, 'main table')).toContain('On an extra list');
    await expectAccessible(page, 'manage draft (preview)');
    await screenshot(page, 'poll-preview');

    // publishing asks first; the publisher sees no share
    await page.getByRole('button', { name: 'Publish the poll' }).click();
    expect(await textOf(page, 'h1')).toBe('Publish the poll?');
    expect(await textOf(page, 'main')).toContain('deal the election key in 3 shares, 2 of which open the result');
    await expectAccessible(page, 'publish: summary');
    await screenshot(page, 'poll-publish-summary');
    await page.getByRole('button', { name: 'Yes, publish the poll' }).click();
    await page.waitForURL(/\/manage$/);
    expect(await textOf(page, '.flash')).toContain('The poll is published.');
    expect(await textOf(page, '#committee-waiting')).toContain('Member 1, Member 2, Member 3');
    expect(await textOf(page, 'body')).not.toMatch(/[0-9a-f]{64}/);
    await expectAccessible(page, 'published: committee waiting');
    await screenshot(page, 'poll-committee-waiting');
    await signOut();
  });

  it('each committee member signs in and picks up her own share, once', async () => {
    for (const [i, who] of COMMITTEE.entries()) {
      await signIn(page, who);
      await page.goto(`${server.url}/polls?lang=en`);
      await expectAccessible(page, `my polls: member ${i + 1}`);
      await page.locator('li', { hasText: 'The Christmas tree on Town Hall Square' }).getByRole('link', { name: 'Your key share: pick it up' }).click();
      expect(await textOf(page, 'main')).toContain(`You are member ${i + 1} of the election committee`);
      await expectAccessible(page, `share pick-up: member ${i + 1}`);
      await page.getByRole('button', { name: 'Pick up my key share' }).click();
      const share = (await textOf(page, '#my-share')).trim();
      expect(share).toMatch(/^[0-9a-f]{64}$/);
      expect(shares).not.toContain(share);
      shares.push(share);
      expect(await page.getByRole('link', { name: 'Download as a text file' }).getAttribute('download')).toMatch(/-\d\.txt$/);
      await expectAccessible(page, `share shown: member ${i + 1}`);
      if (i === 0) await screenshot(page, 'poll-share-pickup');
      // once: reloading the page shows it no more
      await page.goto(page.url());
      expect(await textOf(page, 'main')).toContain('You have already picked up your key share.');
      expect(await textOf(page, 'main')).not.toContain(share);
      await signOut();
    }
  });

  it('two residents vote; one of them changes her vote', async () => {
    await signIn(page, MARI);
    await page.goto(`${server.url}/polls`);
    await expectAccessible(page, 'my polls');
    // the demo's open poll: Mari is on its roll
    expect(await page.getByRole('link', { name: /^Vote – A new playground in Kadriorg Park/ }).count()).toBe(1);
    await follow(page.getByRole('link', { name: /^Vote – The Christmas tree/ }));
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

  it('the admin closes the vote (asked first, with a reason); two members bring their shares and certify the result', async () => {
    await signIn(page, JAAN);
    await page.goto(manageUrl);
    expect(await textOf(page, '#committee-waiting')).toContain('Every member has picked up her key share.');
    await page.getByRole('button', { name: 'Close the vote' }).click();
    expect(await textOf(page, 'h1')).toBe('Close the vote?');
    await expectAccessible(page, 'close: summary');
    await page.getByRole('button', { name: 'Yes, close the vote' }).click();
    expect(await textOf(page, '.error-summary')).toContain('Say why the vote is closed before its planned end.');
    await expectAccessible(page, 'close: reason missing');
    await screenshot(page, 'poll-close-reason');
    await page.fill('#f-reason', 'The tree must be ordered this week.');
    await page.getByRole('button', { name: 'Yes, close the vote' }).click();
    expect(await textOf(page, '.flash')).toContain('The vote is closed. Voted: 2.');
    await expectAccessible(page, 'manage: closed');
    await signOut();

    // member 1 (Kadri) and member 2 (Andres) bring their shares, each signed in herself
    await signIn(page, COMMITTEE[0]!);
    await page.goto(manageUrl);
    await page.fill('#f-share-1', shares[0]!);
    await page.getByRole('button', { name: 'Enter the share of member 1' }).click();
    expect(await textOf(page, '.flash')).toContain('accepted (1/2)');
    await expectAccessible(page, 'manage: one share in');
    await signOut();

    await signIn(page, COMMITTEE[1]!);
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

    await signIn(page, COMMITTEE[0]!);
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
    await follow(page.getByRole('link', { name: 'Check your ballot on the public board' }).first());
    await expectAccessible(page, 'board check');
    await page.fill('#f-tracker', tracker);
    await page.getByRole('button', { name: 'Check' }).click();
    expect(await textOf(page, '#tracker-result')).toContain('Found: your ballot is on the board and was counted.');
    await expectAccessible(page, 'board check: found');
    await screenshot(page, 'poll-board');
  });
});
