// Sign-in through TARA (OpenID Connect authorization-code flow) and the signed-in person's page.
//
// beginSignIn builds the authorization URL (state and nonce random, bound to the browser by a
// signed cookie the routes set); completeSignIn checks the state, redeems the code with
// openid-client (which validates the ID token's signature, iss, aud, exp and nonce), then applies
// TARA's own rules: acr at least the configured level, sub "EE" + a valid personal ID code. Only the
// keyed hash of the code is stored. Every refusal is an explicit outcome with a reason for the log
// (never the code) and a message for the person.
import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import type { Config } from '../../config.js';
import type { Db } from '../../kernel/db.js';
import { hashIdcode, parseIdcode } from '../../kernel/idcode.js';
import type { Grant } from '../../kernel/session.js';
import { createSession, endAllSessions, endSession, grantsOf, upsertPerson } from '../../kernel/session.js';
import { nowMs } from '../../kernel/clock.js';
import { tenantNames } from '../../kernel/tenants.js';

// ---------- the TARA client: discovery once per process ----------

type Acr = Config['tara']['acr'];
const ACR_RANK: Record<Acr, number> = { low: 1, substantial: 2, high: 3 };

/** Discovered TARA configurations, keyed by issuer and client; discovery runs once per process. */
export const taraDiscoveryCache = new Map<string, Promise<oidc.Configuration>>();

export function redirectUri(config: Config): string {
  return `${config.publicUrl}/auth/callback`;
}

/** The openid-client Configuration for the configured TARA (discovered on first use, then cached). */
export function taraConfiguration(config: Config): Promise<oidc.Configuration> {
  const { issuer, clientId, clientSecret } = config.tara;
  if (!issuer) return Promise.reject(new Error('TARA issuer is not configured'));
  const key = `${issuer}\n${clientId}\n${clientSecret}`;
  let hit = taraDiscoveryCache.get(key);
  if (!hit) {
    const insecure = issuer.startsWith('http://') && config.env !== 'production';
    hit = oidc
      .discovery(new URL(issuer), clientId, { client_secret: clientSecret }, oidc.ClientSecretBasic(clientSecret), {
        execute: insecure ? [oidc.allowInsecureRequests] : [],
        timeout: 10,
      })
      .then((c) => {
        // Verify the ID token's signature against TARA's JWKS (cached by kid inside the configuration).
        oidc.enableNonRepudiationChecks(c);
        return c;
      });
    taraDiscoveryCache.set(key, hit);
    // A failed discovery is not cached: the next sign-in tries again.
    hit.catch(() => taraDiscoveryCache.delete(key));
  }
  return hit;
}

// ---------- return paths (no open redirect) ----------

/** A same-site relative path to go back to after sign-in, or "/" when the input is anything else. */
export function safeReturnPath(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000) return '/';
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return '/';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return '/';
  }
  let u: URL;
  try {
    u = new URL(raw, 'http://vallamaja.invalid');
  } catch {
    return '/';
  }
  if (u.origin !== 'http://vallamaja.invalid') return '/';
  // Never back into the sign-in machinery itself.
  if (u.pathname === '/auth' || u.pathname.startsWith('/auth/')) return '/';
  return `${u.pathname}${u.search}${u.hash}`;
}

// ---------- begin ----------

/** What the browser carries (in a signed, HttpOnly cookie) between /auth/login and /auth/callback. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  returnTo: string;
  createdAt: number;
}

/** How long a started sign-in may take before its state cookie is no longer accepted. */
export const PENDING_MAX_AGE_SECONDS = 600;

export async function beginSignIn(config: Config, input: { returnTo: unknown; locale: string }): Promise<{ url: string; pending: PendingSignIn }> {
  const c = await taraConfiguration(config);
  const pending: PendingSignIn = {
    state: randomBytes(24).toString('base64url'),
    nonce: randomBytes(24).toString('base64url'),
    returnTo: safeReturnPath(input.returnTo),
    createdAt: nowMs(),
  };
  const url = oidc.buildAuthorizationUrl(c, {
    redirect_uri: redirectUri(config),
    scope: config.tara.scope,
    response_type: 'code',
    state: pending.state,
    nonce: pending.nonce,
    acr_values: config.tara.acr,
    ui_locales: input.locale,
  });
  return { url: url.href, pending };
}

export function encodePending(p: PendingSignIn): string {
  return JSON.stringify({ s: p.state, n: p.nonce, r: p.returnTo, t: p.createdAt });
}

/** Reads the (already signature-checked) cookie value; null when malformed or too old. */
export function decodePending(raw: string | null | undefined, now = nowMs()): PendingSignIn | null {
  if (!raw) return null;
  try {
    const o = JSON.parse(raw) as Record<string, unknown>;
    if (typeof o.s !== 'string' || typeof o.n !== 'string' || typeof o.r !== 'string' || typeof o.t !== 'number') return null;
    if (o.s.length < 8 || o.n.length < 8) return null;
    if (now - o.t > PENDING_MAX_AGE_SECONDS * 1000 || o.t > now + 60_000) return null;
    return { state: o.s, nonce: o.n, returnTo: safeReturnPath(o.r), createdAt: o.t };
  } catch {
    return null;
  }
}

// ---------- complete ----------

export type RejectReason =
  | 'state-missing'
  | 'state-mismatch'
  | 'cancelled'
  | 'provider-error'
  | 'token-invalid'
  | 'acr-too-low'
  | 'idcode-invalid'
  | 'unavailable';

/** HTTP status and message keys of each refusal (messages.ts has the texts). */
export const REJECTIONS: Record<RejectReason, { status: number; titleKey: string; detailKey: string }> = {
  'state-missing': { status: 400, titleKey: 'auth.fail.state.title', detailKey: 'auth.fail.state.detail' },
  'state-mismatch': { status: 400, titleKey: 'auth.fail.state.title', detailKey: 'auth.fail.state.detail' },
  cancelled: { status: 401, titleKey: 'auth.fail.cancelled.title', detailKey: 'auth.fail.cancelled.detail' },
  'provider-error': { status: 401, titleKey: 'auth.fail.provider.title', detailKey: 'auth.fail.provider.detail' },
  'token-invalid': { status: 401, titleKey: 'auth.fail.token.title', detailKey: 'auth.fail.token.detail' },
  'acr-too-low': { status: 403, titleKey: 'auth.fail.acr.title', detailKey: 'auth.fail.acr.detail' },
  'idcode-invalid': { status: 403, titleKey: 'auth.fail.idcode.title', detailKey: 'auth.fail.idcode.detail' },
  unavailable: { status: 503, titleKey: 'auth.fail.unavailable.title', detailKey: 'auth.fail.unavailable.detail' },
};

export type SignInOutcome =
  | {
      ok: true;
      personId: string;
      givenName: string;
      familyName: string;
      session: { id: string; maxAgeSeconds: number };
      returnTo: string;
    }
  | {
      ok: false;
      reason: RejectReason;
      /** For the log only: a protocol error code or the failing check, never personal data. */
      detail: string;
      returnTo: string;
    };

const reject = (reason: RejectReason, detail: string, returnTo: string): SignInOutcome => ({ ok: false, reason, detail, returnTo });

/** A log-safe description of an openid-client error (codes and claim names, no claim values). */
function describeOidcError(e: unknown): string {
  if (e instanceof oidc.ResponseBodyError) return `token endpoint: ${e.error}`;
  if (e instanceof oidc.AuthorizationResponseError) return `authorization response: ${e.error}`;
  if (e instanceof oidc.ClientError) {
    // e.cause is oauth4webapi's error: its message names the failing check; its own cause holds
    // the values compared (claims with the ID code among them), which are never logged.
    const cause = e.cause instanceof Error ? (e.cause as Error & { cause?: { claim?: unknown } }) : undefined;
    const claim = typeof cause?.cause?.claim === 'string' ? ` (${cause.cause.claim})` : '';
    return `${e.code ?? 'client error'}${claim}${cause ? `: ${cause.message.slice(0, 120)}` : ''}`;
  }
  if (e instanceof Error) return e.name;
  return 'unknown error';
}

function isNetworkError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (e instanceof oidc.ClientError) return e.code === 'OAUTH_TIMEOUT' || e.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || e.code === 'OAUTH_RESPONSE_IS_NOT_JSON';
  return e.name === 'TypeError' && /fetch failed/i.test(e.message);
}

/**
 * Completes a sign-in from TARA's redirect back to /auth/callback. `pending` is what the browser's
 * state cookie held (null when it had none or it was not valid). On success the person is stored
 * (by ID-code hash) and a session created; the routes set the cookie.
 */
export async function completeSignIn(
  db: Db,
  config: Config,
  input: { callbackUrl: URL; pending: PendingSignIn | null; previousSessionHash?: string | null },
): Promise<SignInOutcome> {
  const { callbackUrl, pending } = input;
  const returnTo = pending?.returnTo ?? '/';
  const params = callbackUrl.searchParams;
  if (!pending) return reject('state-missing', 'no valid state cookie', returnTo);
  const state = params.get('state');
  if (!state || state !== pending.state) return reject('state-mismatch', state ? 'state differs from the cookie' : 'no state parameter', returnTo);

  const error = params.get('error');
  if (error) {
    return reject(error === 'user_cancel' ? 'cancelled' : 'provider-error', `TARA error ${error.slice(0, 60)}`, returnTo);
  }

  let c: oidc.Configuration;
  try {
    c = await taraConfiguration(config);
  } catch (e) {
    return reject('unavailable', `discovery failed: ${describeOidcError(e)}`, returnTo);
  }

  let claims: oidc.IDToken | undefined;
  try {
    const tokens = await oidc.authorizationCodeGrant(c, callbackUrl, {
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims();
  } catch (e) {
    if (e instanceof oidc.AuthorizationResponseError) {
      return reject(e.error === 'user_cancel' ? 'cancelled' : 'provider-error', describeOidcError(e), returnTo);
    }
    if (isNetworkError(e)) return reject('unavailable', describeOidcError(e), returnTo);
    return reject('token-invalid', describeOidcError(e), returnTo);
  }
  if (!claims) return reject('token-invalid', 'no ID token', returnTo);

  // TARA: the level of assurance must be at least what was asked for.
  const acr = claims.acr;
  if (typeof acr !== 'string' || !(acr in ACR_RANK) || ACR_RANK[acr as Acr] < ACR_RANK[config.tara.acr]) {
    return reject('acr-too-low', `acr ${typeof acr === 'string' ? acr.slice(0, 20) : 'missing'} below ${config.tara.acr}`, returnTo);
  }

  // TARA: sub = "EE" + personal ID code.
  const sub = claims.sub;
  if (!sub.startsWith('EE')) return reject('idcode-invalid', 'sub is not an Estonian personal ID code', returnTo);
  const parsed = parseIdcode(sub.slice(2));
  if (!parsed.ok) return reject('idcode-invalid', `personal ID code fails validation (${parsed.problem})`, returnTo);

  const profile = claims.profile_attributes as Record<string, unknown> | undefined;
  const givenName = typeof profile?.given_name === 'string' ? displayName(profile.given_name) : '';
  const familyName = typeof profile?.family_name === 'string' ? displayName(profile.family_name) : '';
  if (!givenName && !familyName) return reject('token-invalid', 'profile_attributes without a name', returnTo);
  const dob = typeof profile?.date_of_birth === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(profile.date_of_birth) ? profile.date_of_birth : null;
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((x): x is string => typeof x === 'string') : [];

  const idcodeHash = hashIdcode(config.idcodeHmacKey, parsed.value.code);
  const personId = await db.tx((t) =>
    upsertPerson(t, { idcodeHash, givenName, familyName, birthDate: dob ?? parsed.value.birthDate }),
  );
  const grants = await grantsOf(db, idcodeHash);
  if (input.previousSessionHash) await endSession(db, input.previousSessionHash);
  const session = await createSession(db, config, personId, { isOfficial: grants.length > 0, acr, amr: amr.join(' ') || null });
  return { ok: true, personId, givenName, familyName, session, returnTo };
}

/**
 * Names from ID cards come in capitals ("MARI-LIIS TAMM"): show them as people write them
 * ("Mari-Liis Tamm"). Names already in mixed case are kept as they are.
 */
export function displayName(raw: string): string {
  const s = raw.trim().replace(/\s+/g, ' ');
  if (s !== s.toLocaleUpperCase('et')) return s;
  return s.toLocaleLowerCase('et').replace(/(^|[\s'-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toLocaleUpperCase('et'));
}

// ---------- sign out ----------

/** "Sign out everywhere": ends every session of the person. Returns how many were ended. */
export function signOutEverywhere(db: Db, personId: string): Promise<number> {
  return endAllSessions(db, personId);
}

// ---------- the person's own page ----------

export interface RoleLine {
  kov: string | null;
  kovName: string | null;
  role: string;
}

/** The person's roles with the names of their KOVs, platform roles first, then by KOV name. */
export async function rolesWithKovNames(db: Db, grants: Grant[]): Promise<RoleLine[]> {
  const codes = [...new Set(grants.map((g) => g.kov).filter((k): k is string => !!k))];
  const names = codes.length ? await db.tx((t) => tenantNames(t, codes)) : new Map<string, string>();
  return grants
    .map((g) => ({ kov: g.kov, kovName: g.kov ? (names.get(g.kov) ?? g.kov) : null, role: g.role }))
    .sort((a, b) => {
      if (a.kov === null && b.kov !== null) return -1;
      if (b.kov === null && a.kov !== null) return 1;
      return (a.kovName ?? '').localeCompare(b.kovName ?? '', 'et') || a.role.localeCompare(b.role);
    });
}
