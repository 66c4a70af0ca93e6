// Browser-test harness: the real server (HTTP on a loopback port, TARA simulator mounted under
// /dev/tara as in `npm start`) on a fresh PGlite database with the demo data, Debian's Chromium
// driven by playwright-core, and an axe-core check that fails on any violation.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium } from 'playwright-core';
import type { Browser, Locator, Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createPglite, wrapPglite } from '../../src/kernel/db.js';
import type { Db } from '../../src/kernel/db.js';
import type { JobDef } from '../../src/kernel/jobs.js';
import { loadDemoIfEmpty } from '../../src/dev/demo.js';
import { testConfig, testDb } from '../helpers.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface Server {
  url: string;
  app: FastifyInstance;
  db: Db;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** The server; `jobs`: job definitions besides the modules' own (the workers are not started). */
export async function startServer(opts: { jobs?: JobDef[] } = {}): Promise<Server> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const issuer = `${publicUrl}/dev/tara`;
  const base = testConfig({ port, publicUrl });
  const config = { ...base, tara: { ...base.tara, issuer, simulator: true } };
  // a copy of the run's demo-loaded template (test/e2e/global-setup.ts), or, on PostgreSQL, a fresh
  // database with the demo data loaded here
  const demo = inject('pgliteDemoTemplate');
  const db = demo ? wrapPglite(await createPglite({ loadDataDir: new Blob([fs.readFileSync(demo)]) })) : await testDb();
  if (!demo) await loadDemoIfEmpty(db, config, () => undefined);
  const { createTaraSimulator } = await import('../../src/dev/tara-simulator.js');
  const sim = await createTaraSimulator({
    issuer,
    clients: [{ clientId: config.tara.clientId, clientSecret: config.tara.clientSecret, redirectUri: `${publicUrl}/auth/callback` }],
  });
  const app = await buildApp({
    config,
    db,
    jobs: opts.jobs,
    serverFactory: (handler) =>
      http.createServer((req, res) => {
        if (req.url?.startsWith('/dev/tara')) return sim.handler(req, res);
        handler(req, res);
      }),
  });
  await app.listen({ host: '127.0.0.1', port });
  return {
    url: publicUrl,
    app,
    db,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Runs axe-core (WCAG 2.1 A/AA rules) on the page and fails the test on any violation. */
/** A journey's demo server, browser and first page (20 s default timeout): open in beforeAll. */
export async function openJourney(): Promise<{ server: Server; browser: Browser; page: Page }> {
  const server = await startServer();
  const browser = await launchBrowser();
  const page = await browser.newPage();
  page.setDefaultTimeout(20_000);
  return { server, browser, page };
}

/** Closes what `openJourney` opened (either may be missing when beforeAll failed): in afterAll. */
export async function closeJourney(j: { server?: Server; browser?: Browser }): Promise<void> {
  await j.browser?.close();
  await j.server?.close();
}

/**
 * Clicks something that leads to a new page (a link, a form's submit button) and waits until that
 * page has loaded. Playwright's click does not wait for the navigation it starts, so a check right
 * after a bare click may still see the old page (journeys run two at a time on a 2-core machine).
 */
export async function follow(target: Locator): Promise<void> {
  const page = target.page();
  await Promise.all([page.waitForEvent('load'), target.click()]);
}

export async function expectAccessible(page: Page, label = page.url()): Promise<void> {
  await page.waitForLoadState('load');
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  expect(result, `axe violations on ${label}`).toEqual([]);
}

/** Saves a screenshot under screenshots/ (ignored by git) for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync('screenshots', { recursive: true });
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });
}

/** The text of the first element matching the selector, once it is there. */
export async function textOf(page: Page, selector: string): Promise<string> {
  const loc = page.locator(selector).first();
  await loc.waitFor();
  return (await loc.textContent()) ?? '';
}

/**
 * Signs in through the TARA simulator from the current page: the header's sign-in link, the
 * person picker (checked with axe too), back to the page the journey came from.
 */
export async function signIn(page: Page, idcode: string): Promise<void> {
  await page.getByRole('link', { name: /Logi sisse|Sign in|Войти/ }).first().click();
  await page.waitForURL(/\/dev\/tara\//);
  await expectAccessible(page, 'TARA simulator');
  await page.locator(`input[name="person"][value="${idcode}"]`).check();
  await page.locator('button[name="action"][value="login"]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/dev/tara') && !u.pathname.startsWith('/auth/'));
}
