// The platform admin's jobs page in the browser, checked by axe: from /me to the platform
// administration and its background jobs page, a job in the dead letter (attempts, last error, times),
// "try again", and the page after it ran.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { defineJob } from '../../src/kernel/jobs.js';
import { waitFor } from '../wait.js';
import { expectAccessible, launchBrowser, screenshot, signIn, startServer, textOf } from './harness.js';
import type { Server } from './harness.js';

let down = true;
const mailJob = defineJob({
  name: 'test.mail',
  retryLimit: 1,
  retryDelaySeconds: 0,
  retryBackoff: false,
  async handler() {
    if (down) throw new Error('the mail server mail.example.ee did not answer (connection refused)');
  },
});

let server: Server;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer({ jobs: [mailJob] });
  await server.app.jobs.start();
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(`${server.url}/?lang=et`);
  await signIn(page, '38001085718'); // Peeter Kask, platform admin
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the background jobs page of the platform administration', () => {
  it('shows a failed job accessibly, and "try again" runs it', async () => {
    const id = await server.app.jobs.send('test.mail', {});
    await waitFor('the job to fail for good', async () => (await server.app.jobs.get(id))?.state === 'failed');

    await page.goto(`${server.url}/me?lang=et`);
    await page.getByRole('link', { name: 'Platvormi haldus' }).click();
    await page.waitForURL(`${server.url}/admin`);
    await expectAccessible(page, 'platform administration');
    await page.getByRole('link', { name: 'Taustatööd' }).click();
    await page.waitForURL(`${server.url}/admin/jobs`);
    const row = await textOf(page, `tr:has-text("${id}")`);
    expect(row).toContain('2 / 2');
    expect(row).toContain('the mail server mail.example.ee did not answer');
    await expectAccessible(page, 'jobs page with a failed job');
    await screenshot(page, 'admin-jobs');

    down = false;
    await page.getByRole('button', { name: new RegExp(`Proovi uuesti.*${id}`) }).click();
    await page.waitForURL(`${server.url}/admin/jobs#failed`);
    expect(await textOf(page, '.flash, [role="status"], [role="alert"]')).toContain('saab veel ühe katse');
    await waitFor('the job to complete', async () => (await server.app.jobs.get(id))?.state === 'completed');
    await page.goto(`${server.url}/admin/jobs?lang=en`);
    expect(await page.locator(`tr:has-text("${id}")`).count()).toBe(0);
    await expectAccessible(page, 'jobs page after the retry');
    await screenshot(page, 'admin-jobs-after-retry');
  });
});
