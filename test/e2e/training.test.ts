// Issue 14 item 1's journey in a real browser (Debian's Chromium), axe on every page: Tallinn's KOV
// admin (Jaan Tamm in the demo) finds "Koolitused" in the header, registers a team of two for the
// Tallinn group from the KOV's administration; the group's trainer (Andres Mets in the demo) marks
// the attendance and e-learning hours until a certificate is issued, and the certificate's public
// check shows it valid; the member (Mari Maasikas) finds it on her own training page and answers the
// first day's survey (the feedback module's questions), whose figures the trainer sees in the roster.
// Screenshots in screenshots/training-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, follow, launchBrowser, screenshot, signIn, startServer } from './harness.js';
import type { Server } from './harness.js';

const KOV = '0784';
const JAAN = '39002102761'; // KOV admin of Tallinn (demo)
const ANDRES = '37809300125'; // trainer of the Tallinn group (demo)
const MARI = '47502124911';
let server: Server;
let browser: Browser;

async function newPage(): Promise<Page> {
  const p = await (await browser.newContext()).newPage();
  p.setDefaultTimeout(20_000);
  return p;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('training: a KOV registers a team, the trainer marks attendance until a certificate is issued (Chromium, axe)', () => {
  let certificateUrl = '';

  it('the KOV admin registers a team of two for the Tallinn group', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('navigation', { name: /Põhimenüü|Main navigation/ }).getByRole('link', { name: 'Koolitused' }).click();
    await page.waitForURL(/\/training$/);
    await expectAccessible(page, 'training, public list');
    await screenshot(page, 'training-public');
    expect(await page.locator('h1').textContent()).toBe('Koolitused ja üritused');
    expect(await page.content()).toContain('Ametnikust teenuseomanikuks');

    await signIn(page, JAAN);
    await page.goto(`${server.url}/kov/${KOV}/admin`);
    await page.getByRole('link', { name: 'Koolitused: meeskondade registreerimine' }).first().click();
    await page.waitForURL(new RegExp(`/kov/${KOV}/training/admin$`));
    await expectAccessible(page, 'the KOV’s teams');
    await page.getByRole('link', { name: 'registreeri meeskond (Tallinn)' }).click();
    await page.waitForURL(/\/training\/admin\/register\?group=/);
    await expectAccessible(page, 'team registration form');

    // first an error: no members → the summary, accessible
    await page.getByLabel('Kontakt-e-post (kinnitus ja meeldetuletus)').fill('koolitus@tallinnlv.ee');
    await follow(page.getByRole('button', { name: 'Registreeri meeskond' }));
    await expectAccessible(page, 'team registration form with errors');
    expect(await page.locator('.error-summary').textContent()).toContain('Meeskonnas peab olema vähemalt üks liige');

    await page.getByLabel('Kontakt-e-post (kinnitus ja meeldetuletus)').fill('koolitus@tallinnlv.ee');
    const services = page.getByLabel('Teenus, millega meeskond töötab');
    const firstService = await services.locator('option').nth(1).getAttribute('value');
    await services.selectOption(firstService!);
    await page.locator('#f-members\\.0\\.name').fill('Mari Maasikas');
    await page.locator('#f-members\\.0\\.idcode').fill(MARI);
    await page.locator('#f-members\\.0\\.email').fill('mari.maasikas@tallinnlv.ee');
    await page.locator('#f-members\\.1\\.name').fill('Jaan Tamm');
    await page.locator('#f-members\\.1\\.idcode').fill(JAAN);
    await page.getByRole('button', { name: 'Registreeri meeskond' }).click();
    await page.waitForURL(new RegExp(`/kov/${KOV}/training/admin$`));
    await expectAccessible(page, 'the KOV’s teams after registering');
    expect(await page.locator('.flash').first().textContent()).toContain('Meeskond on registreeritud ja kinnitatud.');
    expect(await page.content()).toContain('Jaan Tamm, Mari Maasikas');
    expect(await page.content()).not.toContain(MARI);
  });

  it('the trainer marks four days and the e-learning hours: the certificate is issued and checks as valid', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/training`);
    await signIn(page, ANDRES);
    await page.getByRole('link', { name: 'Minu rühm: Tallinn' }).click();
    await page.waitForURL(/\/training\/admin\/groups\/[0-9a-f-]{36}$/);
    await expectAccessible(page, 'the trainer’s roster');
    expect(await page.locator('.secret').count()).toBe(5);
    for (const day of [1, 2, 3, 4]) await page.getByLabel(`Mari Maasikas osales ${day}. päeval`).check();
    await page.getByLabel('Mari Maasikas: e-õppe tunnid').fill('8');
    // Jaan: three days only, no certificate yet
    for (const day of [1, 2, 3]) await page.getByLabel(`Jaan Tamm osales ${day}. päeval`).check();
    await page.getByLabel('Jaan Tamm: e-õppe tunnid').fill('8');
    await page.getByRole('button', { name: 'Salvesta' }).click();
    await page.waitForURL(/#attendance$/);
    await expectAccessible(page, 'the roster after saving');
    expect(await page.locator('.flash').first().textContent()).toContain('Uusi tunnistusi: 1.');
    await screenshot(page, 'training-roster');
    const link = page.getByRole('link', { name: 'Tunnistus välja antud' });
    expect(await link.count()).toBe(1);
    certificateUrl = (await link.getAttribute('href')) ?? '';
    expect(certificateUrl).toMatch(/^\/training\/certificates\/[A-Z0-9]{12}$/);

    // the public check, signed out
    const anyone = await newPage();
    await anyone.goto(`${server.url}${certificateUrl}`);
    await expectAccessible(anyone, 'certificate check');
    await screenshot(anyone, 'training-certificate');
    const text = (await anyone.locator('main').textContent()) ?? '';
    expect(text).toContain('Tunnistus on kehtiv.');
    expect(text).toContain('Mari Maasikas');
    expect(text).toContain('Ametnikust teenuseomanikuks');
    expect(text).not.toContain(MARI);
    const pdf = await anyone.request.get(`${server.url}${certificateUrl}/pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
  });

  it('the member finds the certificate on her own training page', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/training`);
    await signIn(page, MARI);
    await page.getByRole('link', { name: 'Minu koolitused' }).click();
    await page.waitForURL(/\/training\/my$/);
    await expectAccessible(page, 'my training');
    expect(await page.getByRole('link', { name: 'Minu tunnistus' }).getAttribute('href')).toBe(certificateUrl);
  });

  it('the member answers the first day’s survey (the feedback module’s questions); the trainer sees the day’s figures', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/training`);
    await signIn(page, MARI);
    await page.goto(`${server.url}/training/my`);
    await page.getByRole('link', { name: 'anna 1. päevale tagasisidet' }).click();
    await page.waitForURL(/\/training\/my\/days\/[0-9a-f-]{36}\/feedback$/);
    await expectAccessible(page, 'a day’s survey');
    expect(await page.locator('h1').textContent()).toMatch(/^Tagasiside: 1\. päev/);

    // first an error: no ease → the summary, the answers kept
    await page.locator('#f-satisfaction-4').check();
    const well = page.getByRole('group', { name: /Mis läks hästi/ });
    await well.getByRole('checkbox', { name: /^Tulemus/ }).check();
    await page.getByLabel('Kommentaar (valikuline)').fill('Praktilised näited olid head.');
    await follow(page.getByRole('button', { name: 'Saada' }));
    await expectAccessible(page, 'a day’s survey with errors');
    expect(await page.locator('.error-summary').textContent()).toContain('Valige, kui lihtne oli (1–5)');
    expect(await page.locator('#f-satisfaction-4').isChecked()).toBe(true);
    expect(await well.getByRole('checkbox', { name: /^Tulemus/ }).isChecked()).toBe(true);
    await screenshot(page, 'training-day-survey');

    await page.locator('#f-ease-5').check();
    await page.getByRole('group', { name: /Mis ei läinud hästi/ }).getByRole('checkbox', { name: /^Kiirus/ }).check();
    await page.getByRole('button', { name: 'Saada' }).click();
    await page.waitForURL(/\/training\/my$/);
    await expectAccessible(page, 'my training after the survey');
    expect(await page.locator('.flash').first().textContent()).toContain('Aitäh tagasiside eest!');
    expect(await page.getByRole('link', { name: 'anna 1. päevale tagasisidet' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'anna 2. päevale tagasisidet' }).count()).toBe(1);

    const trainer = await newPage();
    await trainer.goto(`${server.url}/training`);
    await signIn(trainer, ANDRES);
    await trainer.getByRole('link', { name: 'Minu rühm: Tallinn' }).click();
    await trainer.waitForURL(/\/training\/admin\/groups\/[0-9a-f-]{36}$/);
    await expectAccessible(trainer, 'the trainer’s roster with the day’s figures');
    const day1 = trainer.locator('#feedback-day-1');
    const figures = (await day1.textContent()) ?? '';
    expect(figures).toContain('100 %');
    expect(figures).toContain('Praktilised näited olid head.');
    await screenshot(trainer, 'training-roster-feedback');
  });
});
