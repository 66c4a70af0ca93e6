// Every page the app serves, in the browser, checked by axe-core: zero violations, one h1, a title.
// Routes are read from the app's route table, so pages that modules add later are covered too
// (the "accessible page" shared example of Decidim, done by enumeration).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { listRoutes } from '../helpers.js';
import { expectAccessible, launchBrowser, startServer } from './harness.js';
import type { Server } from './harness.js';

let server: Server;
let browser: Browser;
let page: Page;

const SKIP = /^\/(api|dev|static|auth|healthz|readyz|metrics)(\/|$)|\*/;
const PARAMS: Record<string, string> = { kov: '0784', county: '0037' };

function pagePaths(): string[] {
  const out = new Set<string>();
  for (const r of listRoutes(server.app)) {
    if (r.method !== 'GET' || SKIP.test(r.url)) continue;
    const params = [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    if (params.some((p) => !(p in PARAMS))) continue; // pages of one object are covered by their journeys
    out.add(r.url.replace(/:(\w+)/g, (_, p: string) => PARAMS[p]!));
  }
  return [...out].sort();
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  // sign in as the platform admin, who may open every page
  await page.goto(`${server.url}/auth/login?return=/me`);
  await page.locator('input[name="person"][value="38001085718"]').check();
  await page.locator('button[name="action"][value="login"]').click();
  await page.waitForURL(`${server.url}/me`);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('every page is accessible (axe, Chromium)', () => {
  it('finds the pages to check', () => {
    const paths = pagePaths();
    expect(paths).toContain('/');
    expect(paths).toContain('/kov/0784/admin/roles');
    expect(paths.length).toBeGreaterThan(8);
  });

  it('each page: status 200, one h1, a title, zero axe violations (et, and en for every other page)', async () => {
    const paths = pagePaths();
    for (const [i, p] of paths.entries()) {
      const lang = i % 2 === 0 ? 'et' : 'en';
      const res = await page.goto(`${server.url}${p}${p.includes('?') ? '&' : '?'}lang=${lang}`);
      expect(res?.status(), p).toBe(200);
      expect(await page.locator('h1').count(), `${p}: one h1`).toBe(1);
      expect((await page.title()).length, `${p}: title`).toBeGreaterThan(3);
      expect(await page.getAttribute('html', 'lang'), p).toBe(lang);
      await expectAccessible(page, p);
    }
  });
});
