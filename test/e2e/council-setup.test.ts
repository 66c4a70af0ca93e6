// The council set-up journey in a real browser on the demo data: from the front page's navigation to
// Tallinn's council; Jaan (Tallinn's KOV admin) goes from the KOV admin dashboard to the council's
// administration, creates a sitting (an error on the form first), builds its agenda (a draft on it,
// items reordered), uploads the notice PDF and publishes the notice; the public sitting page shows
// the agenda and document. Mari (a council member in the demo) proposes an amendment on the draft's
// page, and it is listed under the sitting's item. Every page: axe, zero violations.
import path from 'node:path';
import os from 'node:os';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PEOPLE } from '../../src/dev/demo-people.js';
import { dateToTallinnLocal, nowMs } from '../../src/kernel/clock.js';
import { tinyPdf } from '../../src/modules/council/index.js';
import { expectAccessible, launchBrowser, signIn, startServer, textOf } from './harness.js';
import type { Server } from './harness.js';

let server: Server;
let browser: Browser;
const code = (given: string) => DEMO_PEOPLE.find((p) => p.givenName === given)!.idcode;
const DAY = 86_400_000;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function submit(p: Page, name: string | RegExp) {
  await Promise.all([p.waitForNavigation(), p.getByRole('button', { name, exact: typeof name === 'string' }).first().click()]);
}

describe('council set-up journey (Chromium)', () => {
  it('the secretary prepares and publishes a sitting; a member proposes an amendment; every page accessible', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/?lang=en`);
    await page.getByRole('link', { name: 'Council', exact: true }).first().click();
    await page.waitForURL(/\/council/);
    await expectAccessible(page, 'councils across Estonia');
    await page.getByRole('link', { name: 'Tallinn' }).first().click();
    await page.waitForURL(/\/kov\/0784\/council/);
    await expectAccessible(page, 'Tallinn council');
    expect(await textOf(page, 'main')).toContain('Tallinna Linnavolikogu');

    // Jaan, Tallinn's KOV admin: dashboard → council administration
    await page.goto(`${server.url}/kov/0784/admin?lang=en`);
    await signIn(page, code('Jaan'));
    await page.goto(`${server.url}/kov/0784/admin?lang=en`);
    await page.getByRole('link', { name: 'Council administration' }).click();
    await page.waitForURL(/\/kov\/0784\/council\/admin/);
    await expectAccessible(page, 'council administration');

    // a new sitting: without a time first (the error summary), then in 12 days
    await page.locator('summary', { hasText: 'New sitting' }).click();
    await page.getByLabel('Place').fill('Raekoja saal');
    await page.getByLabel('Video link (https://…)').fill('https://video.example/tlv');
    await submit(page, 'Create');
    expect(await textOf(page, '.error-summary')).toContain('Enter the start time.');
    await expectAccessible(page, 'new sitting with an error');
    await page.getByLabel('Starts (Tallinn time)').fill(dateToTallinnLocal(new Date(nowMs() + 12 * DAY)).slice(0, 10) + 'T14:00');
    await page.getByLabel('Place').fill('Raekoja saal');
    await page.getByLabel('Video link (https://…)').fill('https://video.example/tlv');
    await submit(page, 'Create');
    await page.waitForURL(/\/council\/admin\/sittings\/[0-9a-f-]{36}/);
    const adminUrl = page.url().split('?')[0]!;
    await expectAccessible(page, 'the new sitting’s admin page');

    // the agenda: a draft, then two more items; the last moved up
    await page.getByLabel('Agenda item').fill('Huvihariduse toetuse kord');
    await page.getByLabel('Draft (optional)').selectOption({ label: '1-3/43 Huvihariduse toetuse kord' });
    await submit(page, 'Add');
    await page.getByLabel('Agenda item').fill('Linnapea info');
    await submit(page, 'Add');
    await page.getByLabel('Agenda item').fill('Arupärimised');
    await submit(page, 'Add');
    await submit(page, 'Up: Arupärimised');
    const agenda = await page.locator('main ol').first().innerText();
    expect(agenda.indexOf('Arupärimised')).toBeLessThan(agenda.indexOf('Linnapea info'));
    await expectAccessible(page, 'the agenda');

    // the notice PDF, then the notice
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-e2e-'));
    const pdf = path.join(dir, 'kokkukutse.pdf');
    fs.writeFileSync(pdf, tinyPdf('Kokkukutse'));
    await page.locator('input[type="file"]').setInputFiles(pdf);
    await submit(page, 'Add a document');
    expect(await textOf(page, 'main')).toContain('kokkukutse.pdf');
    await submit(page, 'Publish the notice');
    expect(await textOf(page, 'main')).toContain('The notice is published');
    await expectAccessible(page, 'published sitting (admin)');

    // the public sitting page
    const publicUrl = adminUrl.replace('/council/admin/', '/council/');
    await page.goto(`${publicUrl}?lang=ru`);
    await expectAccessible(page, 'public sitting (ru)');
    expect(await textOf(page, 'main')).toContain('Повестка дня');
    expect(await textOf(page, 'main')).toContain('kokkukutse.pdf');

    // Mari, a council member, proposes an amendment on the draft's page
    const mari = await (await browser.newContext()).newPage();
    await mari.goto(`${publicUrl}?lang=en`);
    await signIn(mari, code('Mari'));
    await mari.goto(`${publicUrl}?lang=en`);
    await mari.getByRole('link', { name: 'Draft 1-3/43' }).click();
    await mari.waitForURL(/\/council\/drafts\//);
    await expectAccessible(mari, 'draft page (member)');
    await submit(mari, 'Propose an amendment');
    expect(await textOf(mari, '.error-summary')).toContain('Enter the amendment’s text');
    await expectAccessible(mari, 'amendment form with an error');
    await mari.getByLabel('Text of the amendment').fill('Lisada § 3 lõige 4: toetus ka täiskasvanutele.');
    await submit(mari, 'Propose an amendment');
    expect(await textOf(mari, 'main')).toContain('Lisada § 3 lõige 4');
    await mari.goto(`${publicUrl}?lang=en`);
    expect(await textOf(mari, 'main')).toContain('Amendments (voted before the draft)');
    expect(await textOf(mari, 'main')).toContain('Lisada § 3 lõige 4');
    await expectAccessible(mari, 'sitting with the amendment');
  });
});
