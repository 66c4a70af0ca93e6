// The live sitting in a real browser: the secretary's console, a member's own view (phone-sized) and
// the public watching page, each checked with axe (zero violations). The secretary opens the sitting,
// the member registers herself, the secretary opens an item and a vote from the console; the member's
// view shows the vote buttons without a reload (the live island follows the event stream), she votes
// and sees her choice confirmed; the secretary closes the vote and the public page, never reloaded,
// shows the result with her name. The chair closes the item and the sitting; the secretary saves the
// minutes drafted from the sitting's own events, the chair (member 1) signs them, and the public PDF gives
// the vote with every member's name and choice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Actor } from '../../src/kernel/audit.js';
import { hashIdcode, withCheckDigit } from '../../src/kernel/idcode.js';
import { createSession, grantsOf, upsertPerson } from '../../src/kernel/session.js';
import { grantRole } from '../../src/modules/admin/index.js';
import { councilWorld, markInRoom, pdfLines, type CouncilWorld } from '../../src/modules/council/fixtures.js';
import { expectAccessible, launchBrowser, startServer } from './harness.js';
import type { Server } from './harness.js';

const SYSTEM: Actor = { kind: 'system', id: null, name: 'e2e' };
const SECRETARY = withCheckDigit('4800101902');
let server: Server;
let browser: Browser;
let w: CouncilWorld;

/** A browser context signed in as the person (a session made directly: council members are not demo people). */
async function signedIn(idcode: string, opts: { viewport?: { width: number; height: number } } = {}): Promise<{ ctx: BrowserContext; page: Page }> {
  const config = server.app.config;
  const hash = hashIdcode(config.idcodeHmacKey, idcode);
  const personId = await server.db.tx((t) => upsertPerson(t, { idcodeHash: hash, givenName: 'Test', familyName: idcode.slice(-4), birthDate: '1980-01-01' }));
  const grants = await grantsOf(server.db, hash);
  const s = await createSession(server.db, config, personId, { isOfficial: grants.length > 0, acr: 'high' });
  const ctx = await browser.newContext({ viewport: opts.viewport });
  await ctx.addCookies([{ name: 'vm_sid', value: s.id, url: server.url }]);
  return { ctx, page: await ctx.newPage() };
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  w = await councilWorld(server.db, server.app.config.idcodeHmacKey, { members: 31, items: 2 });
  await grantRole(server.db, server.app.config.idcodeHmacKey, { kov: w.kov, idcode: SECRETARY, role: 'council-secretary', actor: SYSTEM });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a live sitting in the browser', () => {
  it('the console, the member’s view and the public page follow the sitting live; axe finds nothing', async () => {
    const sid = w.sittingId;
    const consoleUrl = `${server.url}/kov/${w.kov}/council/admin/sittings/${sid}/console?lang=en`;
    const meUrl = `${server.url}/kov/${w.kov}/council/sittings/${sid}/me?lang=en`;
    const watchUrl = `${server.url}/kov/${w.kov}/council/sittings/${sid}/live-page?lang=en`;

    const sec = await signedIn(SECRETARY);
    await sec.page.goto(consoleUrl);
    await expectAccessible(sec.page, 'console before the sitting');
    await sec.page.getByRole('button', { name: 'Open the sitting' }).click();
    await sec.page.waitForURL(/console/);
    await expectAccessible(sec.page, 'console, sitting open');

    const watcher = await (await browser.newContext()).newPage();
    await watcher.goto(watchUrl);
    await expectAccessible(watcher, 'public watching page');

    const member = await signedIn(w.members[0]!.idcode, { viewport: { width: 390, height: 844 } });
    await member.page.goto(meUrl);
    await expectAccessible(member.page, 'member view');
    await member.page.getByRole('button', { name: 'Register as present' }).click();
    await member.page.waitForURL(/\/me/);
    await expect.poll(() => member.page.locator('#live').textContent()).toContain('You are registered present');
    // 15 more are marked in the room (through the service: the console's buttons do the same)
    await markInRoom(server.db, w, 1, 16);

    await sec.page.goto(consoleUrl);
    await sec.page.getByRole('button', { name: 'Open item 1' }).click();
    await sec.page.waitForURL(/console/);
    await sec.page.getByLabel('What is voted on').fill('Adopting the draft');
    await sec.page.getByLabel('Majority required').selectOption('simple');
    await sec.page.getByRole('button', { name: 'Open the vote' }).click();
    await sec.page.waitForURL(/console/);
    await expectAccessible(sec.page, 'console, vote open');

    // the member's view, not reloaded, offers the vote (the island re-read the live region)
    const forButton = member.page.getByRole('button', { name: 'For', exact: true });
    await forButton.waitFor({ timeout: 15_000 });
    await expectAccessible(member.page, 'member view, vote open');
    await forButton.click();
    await member.page.waitForURL(/\/me/);
    await expect.poll(() => member.page.locator('#live').textContent()).toContain('Your vote is counted: For');
    await expectAccessible(member.page, 'member view, voted');

    await sec.page.goto(consoleUrl);
    await sec.page.getByRole('button', { name: 'Close the vote' }).click();
    await sec.page.waitForURL(/console/);
    await expectAccessible(sec.page, 'console, vote closed');

    // the public page, never reloaded, shows the result with names
    await expect.poll(() => watcher.locator('#live').textContent(), { timeout: 15_000 }).toContain('Adopted');
    await watcher.locator('#live details summary').first().click();
    expect(await watcher.locator('#live').textContent()).toContain(w.members[0]!.name);
    await expectAccessible(watcher, 'public watching page with the result');

    // the item and the sitting are closed from the console
    await sec.page.goto(consoleUrl);
    await sec.page.getByRole('button', { name: 'Close item 1' }).click();
    await sec.page.waitForURL(/console/);
    await sec.page.getByRole('button', { name: 'Close the sitting' }).click();
    await sec.page.waitForURL(/console/);
    await expectAccessible(sec.page, 'console, sitting closed');

    // the minutes, drafted from this sitting's events: the secretary saves them, the chair signs
    await sec.page.goto(`${server.url}/kov/${w.kov}/council/admin/sittings/${sid}/minutes?lang=en`);
    await expectAccessible(sec.page, 'minutes editor after the live sitting');
    expect(await sec.page.locator('#f-text').inputValue()).toContain('Adopting the draft');
    await sec.page.getByRole('button', { name: 'Save the minutes' }).click();
    await sec.page.waitForLoadState('load');
    await member.page.goto(`${server.url}/kov/${w.kov}/council/sittings/${sid}/minutes/sign?lang=en`);
    await expectAccessible(member.page, 'the chair’s sign-off');
    await member.page.getByRole('button', { name: 'Sign the minutes' }).click();
    await member.page.waitForLoadState('load');

    // the public PDF: the vote with every eligible member's name and choice
    const pdf = await watcher.request.get(`${server.url}/kov/${w.kov}/council/archive/sittings/${sid}/minutes.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const lines = pdfLines(Buffer.from(await pdf.body()));
    expect(lines).toContain(`• ${w.members[0]!.name} (${w.members[0]!.faction}): poolt`);
    for (const m of w.members.slice(1, 16)) expect(lines).toContain(`• ${m.name} (${m.faction}): ei hääletanud`);
    // a member who was not present is listed as absent, not in the vote
    expect(lines.some((l) => l.startsWith(`• ${w.members[20]!.name} (${w.members[20]!.faction}): `))).toBe(false);
  });
});
