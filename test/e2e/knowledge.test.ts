// Issue 14's knowledge base in a real browser (Debian's Chromium), axe on every page: an official
// (Jaan Tamm, Tallinn's KOV admin in the demo) opens the knowledge base from the header, searches
// by an Estonian word form ("paroolide"), finds the guide written with other forms ("Paroolid",
// "paroolidest"), opens it with the forms highlighted, answers "was this helpful", looks at the
// history and the diff of two versions, the E-ITS mentors, and his KOV's internal article; an
// anonymous reader never sees it. Screenshots in screenshots/knowledge-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, follow, launchBrowser, screenshot, signIn, startServer } from './harness.js';
import type { Server } from './harness.js';

const JAAN = '39002102761'; // KOV admin of Tallinn (demo)
let server: Server;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  page.setDefaultTimeout(20_000);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('knowledge base: find a guide by a word form, read it highlighted, say it helped (Chromium, axe)', () => {
  it('anonymous: the public articles, never Tallinn’s internal one', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Teadmised' }).first().click();
    await page.waitForURL(/\/knowledge$/);
    await expectAccessible(page, 'knowledge base, anonymous');
    const html = await page.content();
    expect(html).toContain('E-ITS alused omavalitsusele');
    expect(html).not.toContain('Tallinna infoturbeintsidendi kord');
    expect(html).not.toContain('IT-halduse juhend');
  });

  it('an official searches “paroolide”, opens the guide with its forms marked and answers “was this helpful”', async () => {
    await signIn(page, JAAN);
    await page.goto(`${server.url}/knowledge`);
    await page.getByLabel('Otsi teadmusbaasist').fill('paroolide');
    await page.getByRole('button', { name: 'Otsi' }).click();
    await page.waitForURL(/\/knowledge\?q=paroolide/);
    await expectAccessible(page, 'search results');
    await screenshot(page, 'knowledge-search');
    const marks = await page.locator('ol.results mark').allTextContents();
    // the forms as written in the texts, not the form searched for
    expect(marks.map((m) => m.toLowerCase())).toEqual(expect.arrayContaining(['paroolid']));
    await page.getByRole('link', { name: /Paroolipoliitika: head tavad/ }).first().click();
    await page.waitForURL(/\/knowledge\/a\/[0-9a-f-]{36}\?q=paroolide$/);
    await expectAccessible(page, 'the guide, highlighted');
    const inBody = await page.locator('.prose mark').allTextContents();
    expect(inBody).toEqual(expect.arrayContaining(['Paroolid']));
    await screenshot(page, 'knowledge-article');

    await page.getByRole('button', { name: 'Jah' }).click();
    await page.waitForURL(/thanks=1/);
    await expectAccessible(page, 'after answering');
    expect(await page.getByRole('status').allTextContents()).toContain('Aitäh tagasiside eest!');
    expect(await page.content()).toContain('Sinu vastus: Jah');

    // the history and the diff between the two versions (insertions and deletions named, not colour only)
    await follow(page.getByRole('link', { name: 'Muudatuste ajalugu' }));
    await expectAccessible(page, 'history');
    await page.getByRole('button', { name: 'Võrdle versioone' }).click();
    await page.waitForURL(/\/diff\?from=1&to=2/);
    await expectAccessible(page, 'diff');
    expect(await page.locator('ins').first().textContent()).toContain('lisatud:');
    expect(await page.locator('del').first().textContent()).toContain('eemaldatud:');
  });

  it('the official sees the E-ITS mentors and Tallinn’s internal article, and finds its authoring from the KOV’s administration', async () => {
    await page.goto(`${server.url}/knowledge`);
    await follow(page.getByRole('link', { name: 'E-ITS mentorid (ametnikele)' }));
    await expectAccessible(page, 'mentors');
    expect(await page.content()).toContain('Kadri Kuusk');
    await page.goto(`${server.url}/knowledge?q=turvalisuse`);
    expect(await page.content()).toContain('Tallinna infoturbeintsidendi kord');
    await page.goto(`${server.url}/kov/0784/admin`);
    await page.getByRole('link', { name: 'Teadmusbaasi artiklid' }).first().click();
    await page.waitForURL(/\/kov\/0784\/knowledge\/admin$/);
    await expectAccessible(page, 'the KOV’s articles');
    await follow(page.getByRole('link', { name: 'Tallinna infoturbeintsidendi kord' }));
    await expectAccessible(page, 'an article for its authors');
    await page.getByRole('link', { name: 'Muuda', exact: true }).click();
    await page.waitForURL(/\/edit$/);
    await screenshot(page, 'knowledge-edit');
    await expectAccessible(page, 'edit form');
  });
});
