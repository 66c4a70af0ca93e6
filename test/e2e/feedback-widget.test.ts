// The satisfaction survey's widget on a plain host page of another origin, in Chromium: the host
// serves a strict Content-Security-Policy that allows only Vallamaja's origin for scripts and
// requests; the widget renders the survey in the host page's language (no iframe), axe finds no
// violation, an empty answer shows the error summary, a real answer is stored as channel 'widget'
// and the thanks replace the form. No CSP violation is reported.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asOwner } from '../helpers.js';
import { publishedService } from '../../src/modules/services/fixtures.js';
import { expectAccessible, launchBrowser, screenshot, startServer } from './harness.js';
import type { Server } from './harness.js';

let server: Server;
let host: http.Server;
let hostUrl: string;
let browser: Browser;
let page: Page;
let service: { id: string; slug: string };
const violations: string[] = [];

beforeAll(async () => {
  server = await startServer();
  service = await publishedService(server.db, '0784', { name: { et: 'Parkimisluba', en: 'Parking permit', ru: 'Разрешение на парковку' } });
  host = http.createServer((req, res) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      // only Vallamaja's origin may run scripts and be fetched; no inline code at all
      'content-security-policy': `default-src 'none'; script-src ${server.url}; connect-src ${server.url}; style-src 'self'; img-src 'self'`,
    });
    res.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>City of Tallinn – parking</title></head>
<body><header><p>City of Tallinn</p></header>
<main><h1>Parking permits</h1><p>Your permit is ready. Tell us how it went:</p>
<div id="vallamaja-feedback"></div>
<script src="${server.url}/static/js/feedback-widget.js" data-kov="0784" data-service="${service.id}" data-target="vallamaja-feedback" defer></script>
</main></body></html>`);
  });
  await new Promise<void>((r) => host.listen(0, '127.0.0.1', () => r()));
  hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/`;
  browser = await launchBrowser();
  page = await browser.newPage();
  page.setDefaultTimeout(20_000);
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => host?.close(r));
  await server?.close();
});

describe('the survey widget on another website', () => {
  it('renders in the page’s language, refuses an empty answer, stores a real one as channel widget, thanks', async () => {
    await page.goto(hostUrl);
    const form = page.locator('#vallamaja-feedback form.vm-fb-form');
    await form.waitFor();
    expect(await page.locator('iframe').count()).toBe(0);
    expect(await form.locator('h2').textContent()).toBe('How did the service go?');
    expect(await form.textContent()).toContain('Parking permit');
    await expectAccessible(page, 'host page with the widget');
    await screenshot(page, 'feedback-widget-form');

    // sent empty: the error summary, focused, naming both scales
    await page.getByRole('button', { name: 'Send answer' }).click();
    const summary = page.locator('.vm-fb-errors');
    await summary.waitFor({ state: 'visible' });
    expect(await summary.textContent()).toContain('Choose how satisfied you are (1–5)');
    expect(await summary.textContent()).toContain('Choose how easy it was (1–5)');
    await expectAccessible(page, 'widget with errors');

    await page.getByRole('group', { name: 'How satisfied are you with the service overall?' }).getByLabel('4 Satisfied', { exact: true }).check();
    await page.getByRole('group', { name: 'How easy was it to use the service?' }).getByLabel('5 Very easy', { exact: true }).check();
    await page.getByRole('group', { name: /What went well/ }).getByLabel(/Helpfulness/).check();
    await page.getByLabel('Comment (optional)').fill('Quick and friendly.');
    await page.waitForTimeout(3100); // people take longer than the minimum fill time
    await page.getByRole('button', { name: 'Send answer' }).click();
    const thanks = page.locator('.vm-fb-thanks');
    await thanks.waitFor();
    expect(await thanks.textContent()).toContain('Thank you for your feedback!');
    expect(await thanks.textContent()).toContain('reviewed before anyone else sees it');
    await expectAccessible(page, 'widget thanks');
    await screenshot(page, 'feedback-widget-thanks');

    const rows = await asOwner(server.db, (t) =>
      t.query<{ channel: string; satisfaction: number; ease: number; went_well: string[]; comment: string; comment_state: string; lang: string }>(
        `SELECT channel, satisfaction, ease, went_well, comment, comment_state, lang FROM feedback_answer WHERE kov_code = '0784' AND service_id = $1`,
        [service.id],
      ),
    );
    expect(rows).toEqual([{ channel: 'widget', satisfaction: 4, ease: 5, went_well: ['helpfulness'], comment: 'Quick and friendly.', comment_state: 'pending', lang: 'en' }]);
    expect(violations).toEqual([]);
  });

  it('the same survey as a plain form (no script) on Vallamaja, and the comment waiting on the moderation page', async () => {
    // (the page has no script of its own: it is a plain form)
    const ctx = await browser.newContext();
    const nojs = await ctx.newPage();
    nojs.setDefaultTimeout(20_000);
    try {
      await nojs.goto(`${server.url}/kov/0784/services/${service.slug}/feedback`);
      expect(await nojs.locator('script').count()).toBe(0);
      expect(await nojs.locator('h1').textContent()).toBe('Kuidas teenusega läks?');
      await expectAccessible(nojs, 'the no-JS survey form');
      await screenshot(nojs, 'feedback-form');
      // on a phone: one choice per row, nothing scrolls sideways
      await nojs.setViewportSize({ width: 390, height: 844 });
      expect(await nojs.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await screenshot(nojs, '390-feedback-form');
      await nojs.getByRole('button', { name: 'Saada vastus' }).click();
      await nojs.locator('.error-summary').waitFor();
      await expectAccessible(nojs, 'the no-JS survey form with errors');
    } finally {
      await ctx.close();
    }
    // the platform admin (who may moderate in every KOV) finds the widget's comment pending
    await page.goto(`${server.url}/auth/login?return=/kov/0784/feedback/moderation`);
    await page.locator('input[name="person"][value="38001085718"]').check();
    await page.locator('button[name="action"][value="login"]').click();
    await page.waitForURL(`${server.url}/kov/0784/feedback/moderation`);
    expect(await page.locator('main').textContent()).toContain('Quick and friendly.');
    await expectAccessible(page, 'moderation page');
    await screenshot(page, 'feedback-moderation');
  });
});
