// A secret election in a real browser: the secretary opens it on the console's secret-ballot page
// (candidates, a counting commission of two, k = 2); four members vote on their ballot pages and see
// their trackers; the commission picks up its shares; the secretary closes; the commission gives the
// shares; the commission's page shows the counts and the elected. Every page: axe, zero violations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { withCheckDigit } from '../../src/kernel/idcode.js';
import { grantRole } from '../../src/modules/admin/index.js';
import { councilWorld, markInRoom, openSittingAndItem, type CouncilWorld } from '../../src/modules/council/fixtures.js';
import { expectAccessible, launchBrowser, startServer } from './harness.js';
import type { Server } from './harness.js';

let server: Server;
let browser: Browser;
let w: CouncilWorld;
const SECRETARY = withCheckDigit('4800101900');
const SYSTEM = { kind: 'system' as const, id: null, name: 'test' };

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const key = server.app.config.idcodeHmacKey;
  w = await councilWorld(server.db, key, { members: 5, items: 1, membersFrom: '2020-01-01' });
  await grantRole(server.db, key, { kov: w.kov, idcode: SECRETARY, role: 'council-secretary', actor: SYSTEM });
  await openSittingAndItem(server.db, w);
  await markInRoom(server.db, w, 0, 4);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A person's own browser context, signed in through the simulator as "someone else" (English). */
async function personAt(path: string, idcode: string): Promise<Page> {
  const p = await (await browser.newContext()).newPage();
  await p.goto(`${server.url}${path}?lang=en`);
  await p.getByRole('link', { name: /Sign in/ }).first().click();
  await p.waitForURL(/\/dev\/tara\//);
  await p.locator('input[name="person"][value="other"]').check();
  await p.locator('input[name="idcode"]').fill(idcode);
  await p.locator('input[name="given_name"]').fill('Test');
  await p.locator('input[name="family_name"]').fill('Person');
  await p.locator('button[name="action"][value="login"]').click();
  await p.waitForURL((u) => !u.pathname.startsWith('/dev/tara') && !u.pathname.startsWith('/auth/'));
  return p;
}

async function submit(p: Page, name: string | RegExp) {
  await Promise.all([p.waitForLoadState('load'), p.getByRole('button', { name }).first().click()]);
  await p.waitForLoadState('load');
}

describe('a secret election in the browser', () => {
  it('opens, takes secret ballots, closes and is counted by the commission', async () => {
    const secretPath = `/kov/${w.kov}/council/admin/sittings/${w.sittingId}/secret`;
    const sec = await personAt(secretPath, SECRETARY);
    await expectAccessible(sec, 'secret console');
    await sec.getByLabel('What is elected').fill('Election of the deputy chair');
    await sec.getByLabel('Candidates').fill('Mari Maasikas\nJaan Tamm');
    await sec.getByLabel(w.members[0]!.name).check();
    await sec.getByLabel(w.members[1]!.name).check();
    await sec.getByLabel('Commission members needed to count').fill('2');
    await submit(sec, 'Open the secret ballot');
    await expectAccessible(sec, 'secret console, vote open');
    const commissionHref = await sec.getByRole('link', { name: 'The counting commission’s page' }).first().getAttribute('href');
    expect(commissionHref).toMatch(/\/commission$/);
    const voteId = /secret\/([0-9a-f-]{36})\/commission/.exec(commissionHref!)![1]!;

    const ballotPath = `/kov/${w.kov}/council/sittings/${w.sittingId}/me/secret/${voteId}`;
    const members: Page[] = [];
    for (const [i, name] of [[0, 'Mari Maasikas'], [1, 'Mari Maasikas'], [2, 'Jaan Tamm'], [3, 'Mari Maasikas']] as const) {
      const p = await personAt(ballotPath, w.members[i]!.idcode);
      await expectAccessible(p, 'ballot');
      await p.getByLabel(name).check();
      await submit(p, 'Vote');
      expect(await p.locator('code.tracker').textContent()).toMatch(/^[0-9a-f]{64}$/);
      await expectAccessible(p, 'ballot cast');
      members.push(p);
    }

    const shares: string[] = [];
    for (const p of members.slice(0, 2)) {
      await p.goto(`${server.url}${commissionHref}?lang=en`);
      await expectAccessible(p, 'commission page');
      await submit(p, 'Take my key share');
      const m = /([0-9a-f]{64})/.exec(await p.content());
      shares.push(m![1]!);
    }

    await sec.goto(`${server.url}${secretPath}?lang=en`);
    await submit(sec, 'Close the ballot');
    await expectAccessible(sec, 'secret console, counting');

    for (const [k, p] of members.slice(0, 2).entries()) {
      await p.goto(`${server.url}${commissionHref}?lang=en`);
      await p.getByLabel('Key share (64 characters)').fill(shares[k]!);
      await submit(p, 'Give my share');
    }
    const done = members[0]!;
    await done.goto(`${server.url}${commissionHref}?lang=en`);
    expect(await done.locator('.secret-result').textContent()).toContain('Elected: Mari Maasikas');
    await expectAccessible(done, 'commission page, counted');
  });
});
