// The council record in a real browser on the demo data: a sitting of 31 members played to its close
// (fixtures.ts playedSitting); the KOV admin of Tallinn (Jaan) opens the drafted minutes from the
// archive, edits and saves them; the council's chair (Kadri, member 1 of the council here) signs them
// off from the sitting's archive page; then everyone reads the archive (search), the sitting's record
// and minutes, downloads the PDF (every vote by name) and opens a member's voting record. Every page:
// axe, zero violations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PEOPLE } from '../../src/dev/demo-people.js';
import { hashIdcode } from '../../src/kernel/idcode.js';
import type { CouncilWorld } from '../../src/modules/council/fixtures.js';
import { councilWorld, pdfLines, playedSitting } from '../../src/modules/council/fixtures.js';
import { asOwner } from '../helpers.js';
import { expectAccessible, launchBrowser, signIn, startServer } from './harness.js';
import type { Server } from './harness.js';

const KOV = '0784';
const code = (given: string) => DEMO_PEOPLE.find((p) => p.givenName === given)!.idcode;
let server: Server;
let browser: Browser;
let w: CouncilWorld;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const key = server.app.config.idcodeHmacKey;
  w = await councilWorld(server.db, key, { kov: KOV, members: 31, items: 3 });
  // the chair (member 1) is the demo person Kadri, so that she can sign in through the TARA simulator
  await asOwner(server.db, (t) => t.query(`UPDATE council_person SET idcode_hash = $1 WHERE id = $2`, [hashIdcode(key, code('Kadri')), w.members[0]!.personId]));
  await playedSitting(server.db, w);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function personAt(url: string, idcode: string): Promise<Page> {
  const p = await (await browser.newContext()).newPage();
  await p.goto(url);
  await signIn(p, idcode);
  return p;
}

describe('the council record in the browser', () => {
  it('the secretary edits, the chair signs, everyone reads the archive, the minutes and the PDF', async () => {
    const sittingUrl = `${server.url}/kov/${KOV}/council/archive/sittings/${w.sittingId}`;
    // the KOV admin edits the drafted minutes
    const admin = await personAt(`${server.url}/kov/${KOV}/council/admin/minutes`, code('Jaan'));
    await expectAccessible(admin, 'minutes list (admin)');
    await admin.goto(sittingUrl);
    await expectAccessible(admin, 'archive sitting (admin)');
    await admin.getByRole('link', { name: 'Koosta protokoll' }).click();
    await admin.waitForURL(/\/admin\/sittings\/.*\/minutes$/);
    await expectAccessible(admin, 'minutes editor');
    const text = await admin.locator('#f-text').inputValue();
    expect(text).toContain('Hääletusseadme tõrge saalis');
    await admin.locator('#f-text').fill(text.replace('Koht: Raekoja saal', 'Koht: Raekoja saal, istungisaal'));
    await admin.getByRole('button', { name: 'Salvesta protokoll' }).click();
    await admin.waitForLoadState('load');
    expect(await admin.locator('.flash, [role="status"]').first().textContent()).toContain('Protokoll on salvestatud');
    await expectAccessible(admin, 'minutes editor (saved, history)');
    // the chair signs them off from the sitting's page
    const chair = await personAt(sittingUrl, code('Kadri'));
    await chair.getByRole('link', { name: 'Protokolli allkirjastamine' }).click();
    await chair.waitForURL(/\/minutes\/sign$/);
    await expectAccessible(chair, 'sign-off');
    await chair.getByRole('button', { name: 'Allkirjasta protokoll' }).click();
    await chair.waitForURL(sittingUrl);
    await expectAccessible(chair, 'archive sitting (signed)');
    // everyone: the archive, a search, the sitting, the PDF, a member's record
    const pub = await (await browser.newContext()).newPage();
    await pub.goto(`${server.url}/kov/${KOV}/council/archive`);
    await expectAccessible(pub, 'archive');
    await pub.locator('#f-q').fill('istungisaal');
    await pub.getByRole('button', { name: 'Otsi' }).click();
    await pub.waitForURL(/q=istungisaal/);
    await expectAccessible(pub, 'archive search');
    await pub.getByRole('link', { name: 'Volikogu, istung nr 1' }).click();
    await pub.waitForURL(sittingUrl);
    expect(await pub.locator('main').textContent()).toContain('Koht: Raekoja saal, istungisaal');
    const pdf = await pub.request.get(`${sittingUrl}/minutes.pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const lines = pdfLines(Buffer.from(await pdf.body()));
    for (const m of w.members.slice(0, 25)) expect(lines.some((l) => l.startsWith(`• ${m.name} (${m.faction}): `))).toBe(true);
    await pub.goto(`${server.url}/kov/${KOV}/council/archive/members/${w.members[2]!.personId}?lang=en`);
    await expectAccessible(pub, 'member voting record');
    expect(await pub.locator('main').textContent()).toContain('Eelnõu 1 vastuvõtmine');
    await pub.goto(`${sittingUrl}?lang=ru`);
    await expectAccessible(pub, 'archive sitting (ru)');
  });
});
