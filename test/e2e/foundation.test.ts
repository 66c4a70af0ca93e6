// The foundation journey in a real browser: front page in three languages, a resident signs in
// through the TARA simulator and out again, a KOV admin grants a role and finds it in the audit log.
// Every page visited is checked with axe-core: zero violations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launchBrowser, screenshot, startServer, signIn, textOf } from './harness.js';
import type { Server } from './harness.js';

let server: Server;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});


describe('foundation journey (Chromium)', () => {
  it('front page in Estonian, English and Russian', async () => {
    await page.goto(`${server.url}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('et');
    expect(await page.locator('h1').count()).toBe(1);
    await expectAccessible(page, 'front page (et)');
    await screenshot(page, 'front-et');

    await page.getByRole('link', { name: 'In English' }).click();
    await page.waitForURL(/lang=en/);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(new URL(page.url()).pathname).toBe('/');
    await expectAccessible(page, 'front page (en)');

    await page.getByRole('link', { name: 'На русском' }).click();
    await page.waitForURL(/lang=ru/);
    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    await expectAccessible(page, 'front page (ru)');
    await screenshot(page, 'front-ru');
  });

  it('a resident signs in through TARA, sees her name, and signs out', async () => {
    await page.goto(`${server.url}/kov/0784?lang=en`);
    await expectAccessible(page, 'KOV page');
    await signIn(page, '47502124911');
    expect(new URL(page.url()).pathname).toBe('/kov/0784');
    expect(await textOf(page, '.site-header')).toContain('Mari Maasikas');
    await expectAccessible(page, 'KOV page signed in');
    await page.getByRole('link', { name: 'My page' }).click();
    expect(await textOf(page, 'main')).toContain('Mari Maasikas');
    await expectAccessible(page, '/me');
    await screenshot(page, 'me-resident');
    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await page.waitForURL(`${server.url}/`);
    expect(await textOf(page, '.site-header')).not.toContain('Mari Maasikas');
    await expectAccessible(page, 'signed out');
  });

  it('a KOV admin grants a role to an ID code and sees it in the audit log', async () => {
    await page.goto(`${server.url}/?lang=en`);
    await signIn(page, '39002102761');
    expect(await textOf(page, '.site-header')).toContain('Jaan Tamm');
    await page.goto(`${server.url}/kov/0784/admin/roles`);
    await expectAccessible(page, 'roles');

    // bad input first: the error summary names the field
    await page.fill('#f-idcode', '39002102762');
    await page.getByRole('button', { name: 'Grant role' }).click();
    await page.locator('.error-summary').first().waitFor();
    expect(await textOf(page, '.error-summary')).toContain('check digit');
    await expectAccessible(page, 'roles with errors');

    await page.fill('#f-idcode', '60001019906');
    await page.selectOption('#f-role', 'kov-admin');
    await page.getByRole('button', { name: 'Grant role' }).click();
    await page.locator('.flash').first().waitFor();
    expect(await textOf(page, 'main')).toContain('9906');
    await expectAccessible(page, 'roles after grant');
    await screenshot(page, 'roles');

    await page.goto(`${server.url}/kov/0784/admin/audit`);
    expect(await textOf(page, 'main table')).toContain('Role granted');
    expect(await textOf(page, 'main table')).toContain('Jaan Tamm');
    await expectAccessible(page, 'audit log');
    await screenshot(page, 'audit');
  });
});
