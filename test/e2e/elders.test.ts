// The village elder journey in a real browser on the demo data: the public pages (axe); two residents
// nominate themselves on the election's page; the admin confirms the candidate list; both vote on the
// page and get trackers; the committee decrypts and certifies (services, as the JSON API does); the
// election's page shows the elder and the public draw that broke the 1–1 tie. Every page: axe, zero
// violations. The kernel clock moves minutes on (sessions survive).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PEOPLE } from '../../src/dev/demo-people.js';
import { advanceClock, nowMs } from '../../src/kernel/clock.js';
import { hashIdcode } from '../../src/kernel/idcode.js';
import type { Actor } from '../../src/kernel/audit.js';
import { getElection } from '../../src/modules/elders/index.js';
import { eldersE2e } from '../../src/modules/elders/fixtures.js';
import { expectAccessible, launchBrowser, screenshot, startServer, signIn, textOf } from './harness.js';
import type { Server } from './harness.js';

let server: Server;
let browser: Browser;
let page: Page;
const code = (given: string) => DEMO_PEOPLE.find((p) => p.givenName === given)!.idcode;
const MARI = code('Mari');
const LIIS = code('Liis');
const COMMITTEE = [code('Kadri'), code('Andres'), code('Helena')];
const MIN = 60_000;
let id = '';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  const now = nowMs();
  id = await eldersE2e.create(server.db, server.app.config, {
    committee: COMMITTEE,
    extraVoters: [MARI, LIIS],
    nominationOpens: new Date(now - 60 * MIN),
    nominationCloses: new Date(now + 3 * MIN),
    votingCloses: new Date(now + 10 * MIN),
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signOut() {
  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await page.waitForURL(`${server.url}/`);
}

describe('village elder journey (Chromium)', () => {
  it('from nomination to the elected elder, every page accessible', async () => {
    await page.goto(`${server.url}/?lang=en`);
    await page.getByRole('link', { name: 'Village elders' }).first().click();
    await page.waitForURL(/\/elders/);
    await expectAccessible(page, 'elders across Estonia');
    await page.goto(`${server.url}/kov/0890/elders?lang=en`);
    await expectAccessible(page, 'Viimsi elders');
    expect(await textOf(page, 'main')).toContain('Current village elders');
    await page.goto(`${server.url}/kov/0784/elders?lang=en`);
    await expectAccessible(page, 'Tallinn elders');
    await page.getByRole('link', { name: 'Kesklinn elder election' }).click();
    const electionUrl = page.url();
    await expectAccessible(page, 'election page (signed out)');

    // Mari and Liis nominate themselves
    for (const who of [MARI, LIIS]) {
      await signIn(page, who);
      await page.goto(electionUrl);
      await page.locator('textarea[name="statement"]').fill('Küla heaks');
      await page.getByRole('button', { name: 'Nominate' }).click();
      await page.waitForURL(electionUrl);
      await expectAccessible(page, 'after nominating');
      await signOut();
    }
    await page.goto(electionUrl);
    expect(await textOf(page, 'main')).toContain('Mari Maasikas');

    // the admin confirms the list once nomination has closed
    advanceClock(4 * MIN);
    await eldersE2e.confirm(server.db, server.app.config, id);

    // both vote on the page, one each: a tie
    const e = await getElection(server.db, '0784', id);
    for (const [who, name] of [[MARI, 'Mari Maasikas'], [LIIS, 'Liis Lepp']] as const) {
      await page.goto(electionUrl);
      await signIn(page, who);
      await page.goto(electionUrl);
      await expectAccessible(page, 'ballot');
      const cand = e.candidates.find((c) => c.name.startsWith(name.split(' ')[0]!))!;
      await page.locator(`input[name="candidate"][value="${cand.id}"]`).check();
      await page.getByRole('button', { name: 'Vote' }).click();
      await page.waitForURL(electionUrl);
      expect(await textOf(page, 'main')).toContain('Your ballot was accepted');
      await expectAccessible(page, 'after voting');
      await signOut();
    }

    // close, decrypt and certify (the committee's JSON API acts)
    advanceClock(10 * MIN);
    const members: Actor[] = COMMITTEE.map((_, i) => ({ kind: 'person', id: `00000000-0000-7000-8000-00000000099${i}`, name: `Member ${i + 1}` }));
    await eldersE2e.count(server.db, server.app.config, id, COMMITTEE.map((c) => hashIdcode(server.app.config.idcodeHmacKey, c)), members);

    await page.goto(electionUrl);
    const main = await textOf(page, 'main');
    expect(main).toContain('was elected village elder');
    expect(main).toContain('The tie was broken by a public draw');
    await expectAccessible(page, 'result');
    await screenshot(page, 'elders-result');
    await page.goto(`${server.url}/kov/0784/elders?lang=en`);
    await expectAccessible(page, 'Tallinn elders with the new elder');
  });
});
