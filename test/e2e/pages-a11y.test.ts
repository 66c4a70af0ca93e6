// Every page the app serves, in the browser, checked by axe-core: zero violations, one h1, a title.
// Routes are read from the app's route table, so pages that modules add later are covered too
// (the "accessible page" shared example of Decidim, done by enumeration).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { listRoutes } from '../helpers.js';
import { expectAccessible, launchBrowser, screenshot, startServer } from './harness.js';
import type { Server } from './harness.js';

let server: Server;
let browser: Browser;
let page: Page;

// (files such as the audit log's CSV or the reports analytics' XLSX are downloads, and Open311 is a machine API: not pages)
const SKIP = /^\/(api|dev|static|auth|healthz|readyz|metrics|open311|oparl)(\/|$)|\*|\.(csv|json|pdf|xlsx|xml)$/;
const PARAMS: Record<string, string> = { kov: '0784', county: '0037' };
// pages that only a mailed link with its token opens: bare, they show the accessible "link not valid" page (404)
const LINK_PAGES = /\/reports\/unsubscribe$/;
const expectedStatus = (p: string): number => (LINK_PAGES.test(p) ? 404 : 200);

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
      expect(res?.status(), p).toBe(expectedStatus(p));
      expect(await page.locator('h1').count(), `${p}: one h1`).toBe(1);
      expect((await page.title()).length, `${p}: title`).toBeGreaterThan(3);
      expect(await page.getAttribute('html', 'lang'), p).toBe(lang);
      await expectAccessible(page, p);
    }
  });
});

/** The pages of one poll of the demo (its public page and board), found from the KOV's poll list. */
async function pollPages(): Promise<string[]> {
  await page.goto(`${server.url}/kov/0784/polls`);
  const hrefs = await page.locator('main a[href^="/kov/0784/polls/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  const poll = hrefs.find((h) => /^\/kov\/0784\/polls\/[0-9a-f-]{36}$/.test(h));
  return poll ? [poll, `${poll}/board`] : [];
}

describe('small screens: at 390 px wide no page scrolls sideways (Chromium)', () => {
  it('every page, the demo poll’s pages and the TARA simulator: scrollWidth ≤ innerWidth; screenshots in screenshots/390-*.png', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      const polls = await pollPages();
      expect(polls.length, 'the demo has a published poll in Tallinn').toBe(2);
      const paths = [...pagePaths(), ...polls];
      const wide: string[] = [];
      for (const [i, p] of paths.entries()) {
        const lang = i % 3 === 0 ? 'et' : i % 3 === 1 ? 'en' : 'ru';
        const res = await page.goto(`${server.url}${p}${p.includes('?') ? '&' : '?'}lang=${lang}`);
        expect(res?.status(), p).toBe(expectedStatus(p));
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
        expect(innerWidth).toBe(390);
        if (scrollWidth > innerWidth) wide.push(`${p} (${scrollWidth} px)`);
        await screenshot(page, `390-${p.replace(/^\//, '').replace(/[^a-z0-9]+/gi, '-') || 'home'}`);
      }
      expect(wide, 'pages that scroll sideways at 390 px').toEqual([]);

      // the header's main menu on a phone: folded behind the "Menüü" button (a disclosure), which opens and closes it
      await page.goto(`${server.url}/polls?lang=et`);
      const toggle = page.locator('.main-nav .nav-toggle');
      const firstLink = page.locator('#main-nav-list a').first();
      expect(await toggle.textContent()).toBe('Menüü');
      expect(await toggle.isVisible(), 'the menu button on a phone').toBe(true);
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await firstLink.isVisible(), 'the menu is folded').toBe(false);
      await toggle.click();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      expect(await page.locator('#main-nav-list a').count()).toBeGreaterThanOrEqual(10);
      expect(await firstLink.isVisible(), 'the menu opens').toBe(true);
      expect(await page.locator('#main-nav-list a[aria-current="page"]').getAttribute('href')).toBe('/polls');
      await screenshot(page, '390-menu-open');
      await expectAccessible(page, 'the phone menu, open');
      await page.keyboard.press('Escape');
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await firstLink.isVisible(), 'Escape folds the menu').toBe(false);
      expect(await page.evaluate(() => document.activeElement?.classList.contains('nav-toggle')), 'focus back on the button').toBe(true);
      // a wide screen never shows the button, and the list is open
      await page.setViewportSize({ width: 1280, height: 800 });
      expect(await toggle.isVisible(), 'no menu button on a wide screen').toBe(false);
      expect(await firstLink.isVisible()).toBe(true);
      await page.setViewportSize({ width: 390, height: 844 });

      // the TARA simulator's person picker, in the site's style (a visitor who is not signed in)
      const visitor = await browser.newContext({ viewport: { width: 390, height: 844 } });
      try {
        const sim = await visitor.newPage();
        const login = await sim.goto(`${server.url}/auth/login?return=/polls&lang=en`);
        expect(login?.status()).toBe(200);
        expect(await sim.locator('.dev-notice').count()).toBe(1);
        expect(await sim.locator('.dev-notice').textContent()).toContain('For development only.');
        const w = await sim.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
        expect(w.scrollWidth, 'the TARA simulator at 390 px').toBeLessThanOrEqual(w.innerWidth);
        await screenshot(sim, '390-tara-simulator');
        await expectAccessible(sim, 'TARA simulator');
      } finally {
        await visitor.close();
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});

/** The pages of the demo's certified budget (Tallinn's youth budget 2026): process, results, the admin's vote page. */
async function budgetPages(): Promise<string[]> {
  await page.goto(`${server.url}/kov/0784/budgets`);
  const hrefs = await page.locator('main a[href^="/kov/0784/budgets/"]').evaluateAll((as) => as.map((a) => [a.getAttribute('href') ?? '', a.textContent ?? '']));
  const youth = hrefs.find(([, text]) => /noorte|youth|Молодёж/.test(text ?? ''))?.[0];
  return youth ? [youth, `${youth}/results`, `${youth}/vote`] : [];
}

describe('the demo’s certified participatory budget (Chromium)', () => {
  it('its process, results and vote pages: 200, axe zero violations, no sideways scroll at 390 px', async () => {
    const paths = await budgetPages();
    expect(paths.length, 'the demo has a certified youth budget in Tallinn').toBe(3);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 844 });
      for (const [i, p] of paths.entries()) {
        const lang = (['et', 'en', 'ru'] as const)[i % 3];
        const res = await page.goto(`${server.url}${p}?lang=${lang}`);
        expect(res?.status(), p).toBe(200);
        await page.waitForLoadState('load');
        await expectAccessible(page, `${p} at ${width} px`);
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
        expect(scrollWidth, `${p} at ${width} px`).toBeLessThanOrEqual(innerWidth);
        if (width === 390) await screenshot(page, `390-budget-${p.split('/').pop()}`);
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});

/** The pages of the demo's council (Tallinn): a sitting, a draft, and their officials' pages and the council's body page. */
async function councilPages(): Promise<string[]> {
  await page.goto(`${server.url}/kov/0784/council`);
  const hrefs = await page.locator('main a[href^="/kov/0784/council/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  const sitting = hrefs.find((h) => /\/council\/sittings\/[0-9a-f-]{36}$/.test(h));
  const draft = hrefs.find((h) => /\/council\/drafts\/[0-9a-f-]{36}$/.test(h));
  await page.goto(`${server.url}/kov/0784/council/admin`);
  const admin = await page.locator('main a[href^="/kov/0784/council/admin/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  const body = admin.find((h) => /\/admin\/bodies\/[0-9a-f-]{36}$/.test(h));
  return [sitting, draft, body, sitting?.replace('/council/', '/council/admin/'), draft?.replace('/council/', '/council/admin/')].filter((x): x is string => !!x);
}

describe('the demo’s council (Chromium)', () => {
  it('a sitting, a draft, the body, sitting and draft admin pages: 200, axe zero violations, no sideways scroll at 390 px', async () => {
    const paths = await councilPages();
    expect(paths.length, 'the demo has a council in Tallinn with a sitting and a draft').toBe(5);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 844 });
      for (const [i, p] of paths.entries()) {
        const lang = (['et', 'en', 'ru'] as const)[i % 3];
        const res = await page.goto(`${server.url}${p}?lang=${lang}`);
        expect(res?.status(), p).toBe(200);
        expect(await page.locator('h1').count(), `${p}: one h1`).toBe(1);
        await expectAccessible(page, `${p} at ${width} px`);
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
        expect(scrollWidth, `${p} at ${width} px`).toBeLessThanOrEqual(innerWidth);
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
