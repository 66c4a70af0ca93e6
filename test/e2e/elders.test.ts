// The village elder journey in a real browser on the demo data: the public pages (axe); two residents
// nominate themselves on the election's page; the admin confirms the candidate list on the admin
// page; two committee members pick up their key shares from their "my committees" list; both
// residents vote on the page and get trackers; the admin closes the vote on the election's manage
// page; the members bring their shares and sign the result off there; the public result page shows
// the elder and the public draw that broke the 1–1 tie, with the protocol; the KOV's current elders
// page shows her. Every page: axe, zero violations. The admin and the members keep their own browser
// contexts (one sign-in each); the kernel clock moves minutes on (sessions survive).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PEOPLE } from '../../src/dev/demo-people.js';
import { advanceClock, nowMs } from '../../src/kernel/clock.js';
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
const JAAN = code('Jaan');
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

/** A person's own browser context, signed in from `url` (English). */
async function personAt(url: string, idcode: string): Promise<Page> {
  const p = await (await browser.newContext()).newPage();
  await p.goto(`${url}${url.includes('?') ? '&' : '?'}lang=en`);
  await signIn(p, idcode);
  return p;
}

/** Clicks a button and waits for the answer's page to load. */
async function submit(p: Page, name: string | RegExp) {
  await Promise.all([p.waitForNavigation(), p.getByRole('button', { name }).click()]);
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

    // the admin confirms the list once nomination has closed, on the admin page
    advanceClock(4 * MIN);
    const admin = await personAt(`${server.url}/kov/0784/elders/admin`, JAAN);
    await admin.goto(`${server.url}/kov/0784/elders/admin?lang=en`);
    await expectAccessible(admin, 'elders admin');
    await submit(admin, 'Confirm the candidates and open the vote');
    expect(await textOf(admin, 'main')).toContain('The candidate list is confirmed');
    await expectAccessible(admin, 'elders admin after confirming');

    // two committee members pick up their shares, once each, from their "my committees" list
    const shares: string[] = [];
    const members: Page[] = [];
    for (const [i, who] of [COMMITTEE[0]!, COMMITTEE[1]!].entries()) {
      const m = await personAt(`${server.url}/elders`, who);
      members.push(m);
      await m.goto(`${server.url}/elders?lang=en`);
      expect(await textOf(m, 'main')).toContain('Election committees you sit on');
      await expectAccessible(m, 'my committees');
      await m.getByRole('link', { name: 'Pick up your key share' }).click();
      await m.waitForURL(/\/share$/);
      await expectAccessible(m, 'share pick-up');
      await submit(m, 'Pick up my key share');
      shares[i] = (await textOf(m, '#my-share')).trim();
      expect(shares[i]).toMatch(/^[0-9a-f]{64}$/);
      expect(await m.getByRole('link', { name: 'Download as a text file' }).getAttribute('download')).toMatch(/\.txt$/);
      await expectAccessible(m, 'share shown once');
      if (i === 0) await screenshot(m, 'elders-share');
    }
    const [kadri, andres] = members as [Page, Page];

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

    // the count: the admin closes on the manage page; the members bring their shares and sign off
    advanceClock(10 * MIN);
    const manage = `${server.url}/kov/0784/elders/${id}/manage?lang=en`;
    await admin.goto(manage);
    await expectAccessible(admin, 'manage page (voting ended)');
    await submit(admin, 'Close the vote');
    for (const [i, m] of [kadri, andres].entries()) {
      await m.goto(manage);
      await expectAccessible(m, `manage page: share of member ${i + 1}`);
      await m.locator(`input[name="share-${i + 1}"]`).fill(shares[i]!);
      await submit(m, `Submit member ${i + 1}’s share`);
    }
    expect(await textOf(andres, 'main')).toContain('The result is open and the public board published');
    for (const m of [andres, kadri]) {
      await m.goto(manage);
      await expectAccessible(m, 'manage page: sign-off');
      if (m === andres) await screenshot(m, 'elders-signoff');
      await m.locator('#f-confirm').check();
      await submit(m, 'Sign the result off');
    }
    expect(await textOf(kadri, 'main')).toContain('Your sign-off is recorded (2/2)');

    // the public result page: the elder, the draw that broke the tie, the protocol
    await page.goto(electionUrl);
    const main = await textOf(page, 'main');
    expect(main).toContain('was elected village elder');
    expect(main).toContain('The tie was broken by a public draw');
    await expectAccessible(page, 'result');
    await screenshot(page, 'elders-result');
    const protocol = await page.request.get(`${server.url}/api/v1/kov/0784/elders/elections/${id}/protocol.pdf?lang=en`);
    expect(protocol.headers()['content-type']).toBe('application/pdf');
    const json = (await (await page.request.get(`${server.url}/api/v1/kov/0784/elders/elections/${id}/results`)).json()) as { winner: { name: string }; tieBreak: { kind: string } };
    expect(json.tieBreak.kind).toBe('draw');
    await page.goto(`${server.url}/kov/0784/elders?lang=en`);
    expect(await textOf(page, 'main')).toContain(json.winner.name);
    await expectAccessible(page, 'Tallinn elders with the new elder');
  });
});
