// Test helpers for sign-in: a TARA simulator on a loopback port of its own, and a driver that goes
// through the whole OpenID Connect flow — the app side with app.inject (the Agent's cookie jar), the
// simulator side with real HTTP (fetch, with a cookie jar of its own), as a browser would.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DemoPerson } from '../src/dev/demo-people.js';
import { DEMO_PEOPLE } from '../src/dev/demo-people.js';
import type { SimulatorClient, TaraMethod, TaraSimulator } from '../src/dev/tara-simulator.js';
import { createTaraSimulator } from '../src/dev/tara-simulator.js';
import { SESSION_COOKIE } from '../src/kernel/session.js';
import type { Agent } from './helpers.js';
import { applySetCookies } from './helpers.js';

/** The app's redirect URI under testConfig()'s default PUBLIC_URL. */
export const TEST_PUBLIC_URL = 'http://127.0.0.1:3999';

export interface TaraHandle {
  /** Issuer URL, e.g. http://127.0.0.1:PORT/dev/tara. */
  issuer: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  people: DemoPerson[];
  sim: TaraSimulator;
  close(): Promise<void>;
}

export interface StartTaraOptions {
  /** The app's PUBLIC_URL (the registered redirect URI is PUBLIC_URL/auth/callback). */
  publicUrl?: string;
  /** More clients registered at the simulator (all with the same redirect URI unless given). */
  extraClients?: SimulatorClient[];
  /** Let the picker issue ID codes that fail validation (form field unchecked=1). Default true. */
  allowInvalidIdcodes?: boolean;
  /**
   * Sees every request before the simulator does; may rewrite it (url, headers) or answer it
   * itself (return true). Tests use it to play a misbehaving or hostile identity provider.
   */
  intercept?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean | Promise<boolean>;
}

let clientCounter = 0;

/** Starts a TARA simulator on 127.0.0.1, port 0, with the issuer path /dev/tara. */
export async function startTara(people: DemoPerson[] = DEMO_PEOPLE, opts: StartTaraOptions = {}): Promise<TaraHandle> {
  let sim: TaraSimulator | null = null;
  const server = http.createServer((req, res) => {
    void (async () => {
      try {
        if (opts.intercept && (await opts.intercept(req, res))) return;
        if (!sim) {
          res.statusCode = 503;
          res.end('not ready');
          return;
        }
        sim.handler(req, res);
      } catch (e) {
        res.statusCode = 500;
        res.end(String(e));
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const issuer = `${origin}/dev/tara`;
  const redirectUri = `${opts.publicUrl ?? TEST_PUBLIC_URL}/auth/callback`;
  const clientId = `vallamaja-test-${++clientCounter}`;
  const clientSecret = `secret-${clientCounter}-${Math.random().toString(36).slice(2)}`;
  sim = await createTaraSimulator({
    issuer,
    clients: [{ clientId, clientSecret, redirectUri }, ...(opts.extraClients ?? [])],
    people,
    allowInvalidIdcodes: opts.allowInvalidIdcodes ?? true,
  });
  return {
    issuer,
    origin,
    clientId,
    clientSecret,
    redirectUri,
    people,
    sim,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The `tara` part of a test config for this simulator. */
export function taraConfig(tara: TaraHandle, acr: 'low' | 'substantial' | 'high' = 'high') {
  return { issuer: tara.issuer, clientId: tara.clientId, clientSecret: tara.clientSecret, acr, scope: 'openid', simulator: false };
}

/** A browser's cookie jar for the simulator side (fetch does not keep cookies). */
export class CookieJar {
  cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies.entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  store(res: Response): void {
    applySetCookies(this.cookies, res.headers.getSetCookie());
  }
  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', this.header());
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.store(res);
    return res;
  }
}

export interface TaraFlowOptions {
  /** Where to come back to after sign-in (the `return` of /auth/login). Default "/me". */
  returnTo?: string;
  /** Language of the app (and so ui_locales). */
  lang?: 'et' | 'en' | 'ru';
  method?: TaraMethod;
  givenName?: string;
  familyName?: string;
  /** Type the code even if it is a known person (and skip the check: unchecked=1). */
  unchecked?: boolean;
  /** Press "Cancel" in the simulator instead of continuing. */
  cancel?: boolean;
  /** Changes the authorization URL before the "browser" opens it. */
  tamperAuthorizeUrl?: (u: URL) => void;
  /** Changes the redirect back to the app before the "browser" follows it. */
  tamperCallbackUrl?: (u: URL) => void;
  /** Stop before calling the app's callback (the caller delivers it, e.g. to another browser). */
  stopBeforeCallback?: boolean;
  /** The simulator-side cookie jar (default: a fresh one, like a new browser). */
  jar?: CookieJar;
}

export interface TaraFlowResult {
  /** Path and query of the redirect back to the app (/auth/callback?code=…&state=…). */
  callbackPath: string;
  /** The app's answer to the callback (absent with stopBeforeCallback). */
  callback?: Awaited<ReturnType<Agent['get']>>;
  /** The simulator's person-picker page, as served. */
  pickerHtml: string;
  /** The authorization URL the app built. */
  authorizeUrl: URL;
}

/** Drives the whole flow: /auth/login → simulator picker → form post → back to /auth/callback. */
export async function runTaraFlow(agent: Agent, tara: TaraHandle, idcode: string, opts: TaraFlowOptions = {}): Promise<TaraFlowResult> {
  const returnTo = opts.returnTo ?? '/me';
  const langQ = opts.lang ? `&lang=${opts.lang}` : '';
  const login = await agent.get(`/auth/login?return=${encodeURIComponent(returnTo)}${langQ}`);
  if (login.statusCode !== 302) throw new Error(`/auth/login answered ${login.statusCode}: ${login.body.slice(0, 300)}`);
  const authorizeUrl = new URL(String(login.headers.location));
  opts.tamperAuthorizeUrl?.(authorizeUrl);

  const jar = opts.jar ?? new CookieJar();
  let res = await jar.fetch(authorizeUrl);
  if (res.status !== 303) throw new Error(`authorize answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
  const interactionUrl = new URL(res.headers.get('location')!, authorizeUrl);
  res = await jar.fetch(interactionUrl);
  const pickerHtml = await res.text();
  if (res.status !== 200) throw new Error(`picker answered ${res.status}: ${pickerHtml.slice(0, 500)}`);

  const known = tara.people.find((p) => p.idcode === idcode);
  const form = new URLSearchParams();
  if (known && !opts.unchecked && !opts.givenName && !opts.familyName) {
    form.set('person', idcode);
  } else {
    form.set('person', 'other');
    form.set('idcode', idcode);
    form.set('given_name', opts.givenName ?? known?.givenName ?? 'Test');
    form.set('family_name', opts.familyName ?? known?.familyName ?? `Isik${idcode.slice(-4)}`);
    if (opts.unchecked) form.set('unchecked', '1');
  }
  form.set('method', opts.method ?? 'mID');
  form.set('action', opts.cancel ? 'cancel' : 'login');
  res = await jar.fetch(interactionUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });

  // Follow the simulator's redirects until one leaves it for the app.
  let location: URL | null = null;
  for (let hops = 0; hops < 5; hops++) {
    if (res.status < 300 || res.status >= 400) throw new Error(`simulator answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
    const next = new URL(res.headers.get('location')!, res.url || interactionUrl);
    if (next.origin !== tara.origin) {
      location = next;
      break;
    }
    res = await jar.fetch(next);
  }
  if (!location) throw new Error('the simulator did not redirect back to the app');
  opts.tamperCallbackUrl?.(location);
  const callbackPath = `${location.pathname}${location.search}`;
  if (opts.stopBeforeCallback) return { callbackPath, pickerHtml, authorizeUrl };
  const callback = await agent.get(callbackPath);
  return { callbackPath, callback, pickerHtml, authorizeUrl };
}

/**
 * Signs the agent in as `idcode` through the simulator; throws unless the app accepted the sign-in
 * (302 with a session cookie). Returns where the app redirected to.
 */
export async function signInThroughTara(agent: Agent, tara: TaraHandle, idcode: string, opts: TaraFlowOptions = {}): Promise<string> {
  const r = await runTaraFlow(agent, tara, idcode, opts);
  const cb = r.callback!;
  if (cb.statusCode !== 302 || !agent.cookies.has(SESSION_COOKIE)) {
    throw new Error(`sign-in was refused (${cb.statusCode}): ${cb.body.slice(0, 500)}`);
  }
  return String(cb.headers.location);
}
