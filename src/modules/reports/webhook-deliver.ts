// Webhook delivery: the signature, the SSRF guard and one HTTP POST.
//
// SSRF guard: on every delivery the host is resolved (every address), and the POST connects to the
// checked address itself (the Host header and the TLS server name stay the URL's), so a DNS answer
// that changes between the check and the connection cannot send it elsewhere. Refused unless the operator's
// allow-list (REPORTS_WEBHOOK_ALLOW) names it: loopback, private, link-local, CGNAT, "this network",
// multicast, reserved and documentation ranges, IPv6 unique-local and link-local, IPv4-mapped IPv6 of
// those, and the cloud metadata names. Only http and https; redirects are never followed.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

// ---------------------------------------------------------------- signature

/** The Vallamaja-Signature header: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>. */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}

/** Checks a signature header as a receiver does (docs/webhooks.md): true when one v1 matches and t is within tolerance. */
export function verifySignature(secret: string, body: string, header: string, nowUnix: number, toleranceSeconds = 300): boolean {
  const parts = header.split(',').map((p) => p.trim().split('=') as [string, string]);
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowUnix - t) > toleranceSeconds) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
  return parts.filter(([k]) => k === 'v1').some(([, v]) => {
    const got = Buffer.from(v ?? '');
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

// ---------------------------------------------------------------- addresses

/** An IPv4 address as a 32-bit number. */
function v4(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

/** An IPv6 address as a 128-bit bigint (IPv4-mapped and dotted tails understood). */
function v6(ip: string): bigint {
  let s = ip.toLowerCase();
  const pct = s.indexOf('%');
  if (pct >= 0) s = s.slice(0, pct);
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const n = v4(dotted[1]!);
    s = `${s.slice(0, dotted.index)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = s.includes('::') ? s.split('::') as [string, string] : [s, null];
  const h = head ? head.split(':') : [];
  const t = tail === null ? [] : tail ? tail.split(':') : [];
  const groups = tail === null ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((n, g) => (n << 16n) + BigInt(parseInt(g || '0', 16)), 0n);
}

export interface Cidr {
  family: 4 | 6;
  base: bigint;
  bits: number;
}

/** Parses "10.1.2.0/24", "127.0.0.1", "fd00::/8", "::1"; null when it is not one. */
export function parseCidr(s: string): Cidr | null {
  const [ip, len] = s.trim().split('/') as [string, string | undefined];
  const fam = net.isIP(ip);
  if (!fam) return null;
  const max = fam === 4 ? 32 : 128;
  const bits = len === undefined ? max : Number(len);
  if (!Number.isInteger(bits) || bits < 0 || bits > max) return null;
  const value = fam === 4 ? BigInt(v4(ip)) : v6(ip);
  const shift = BigInt(max - bits);
  return { family: fam as 4 | 6, base: (value >> shift) << shift, bits };
}

function inCidr(fam: 4 | 6, value: bigint, c: Cidr): boolean {
  if (c.family !== fam) return false;
  const shift = BigInt((fam === 4 ? 32 : 128) - c.bits);
  return value >> shift === c.base >> shift;
}

const BLOCKED_V4 = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24', '192.0.2.0/24',
  '192.88.99.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4',
].map((c) => parseCidr(c)!);
const BLOCKED_V6 = [
  '::/128', '::1/128', '64:ff9b::/96', '64:ff9b:1::/48', '100::/64', '2001::/23', '2001:db8::/32', '2002::/16', 'fc00::/7', 'fe80::/10', 'fec0::/10', 'ff00::/8',
].map((c) => parseCidr(c)!);

/** Why an address may not be a webhook's target ('' when it may), before the allow-list. */
export function blockedReason(ip: string): string {
  const fam = net.isIP(ip);
  if (fam === 4) return BLOCKED_V4.some((c) => inCidr(4, BigInt(v4(ip)), c)) ? 'private' : '';
  if (fam === 6) {
    const value = v6(ip);
    // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d): judged as the IPv4 address
    if (value >> 32n === 0xffffn || (value >> 32n === 0n && value > 1n)) {
      const n = Number(value & 0xffffffffn);
      return blockedReason(`${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`) || '';
    }
    return BLOCKED_V6.some((c) => inCidr(6, value, c)) ? 'private' : '';
  }
  return 'invalid';
}

/** The operator's allow-list (REPORTS_WEBHOOK_ALLOW): addresses and networks that may be targets anyway. */
export function parseAllowList(raw: string): Cidr[] {
  const out: Cidr[] = [];
  for (const part of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const c = parseCidr(part);
    if (!c) throw new Error(`REPORTS_WEBHOOK_ALLOW: "${part}" is not an IP address or network (e.g. 10.1.2.0/24)`);
    out.push(c);
  }
  return out;
}

export function allowed(ip: string, allow: readonly Cidr[]): boolean {
  const fam = net.isIP(ip);
  if (!fam) return false;
  const value = fam === 4 ? BigInt(v4(ip)) : v6(ip);
  if (allow.some((c) => inCidr(fam as 4 | 6, value, c))) return true;
  // an IPv4-mapped address is allowed when its IPv4 address is
  if (fam === 6 && value >> 32n === 0xffffn) {
    const n = Number(value & 0xffffffffn);
    return allowed(`${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`, allow);
  }
  return false;
}

const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata', 'metadata.azure.internal', 'instance-data', 'instance-data.ec2.internal']);

/** Why a URL may not be a webhook's target, before any DNS ('' when its form is fine): message keys. */
export function urlProblem(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'reports.webhooks.error.url';
  }
  if (raw.length > 2000) return 'reports.webhooks.error.url';
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'reports.webhooks.error.scheme';
  if (u.username || u.password) return 'reports.webhooks.error.credentials';
  const host = u.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (!host || METADATA_HOSTS.has(host)) return 'reports.webhooks.error.target';
  return '';
}

export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;
export const systemResolver: Resolver = (host) => lookup(host, { all: true, verbatim: true });

export class TargetRefused extends Error {
  constructor(readonly reason: string, message: string) {
    super(message);
  }
}

/**
 * Resolves the URL's host and checks every address it has; answers the one to connect to. Throws
 * TargetRefused (a message without secrets) when the URL or an address is not allowed.
 */
export async function checkTarget(raw: string, allow: readonly Cidr[], resolve: Resolver = systemResolver): Promise<{ url: URL; address: string; family: 4 | 6 }> {
  const problem = urlProblem(raw);
  if (problem) throw new TargetRefused(problem, `refused: ${problem.split('.').pop()}`);
  const url = new URL(raw);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addrs: { address: string; family: number }[];
  if (net.isIP(host)) addrs = [{ address: host, family: net.isIP(host) }];
  else {
    try {
      addrs = await resolve(host);
    } catch (e) {
      throw new TargetRefused('reports.webhooks.error.dns', `the host ${host} did not resolve (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  if (!addrs.length) throw new TargetRefused('reports.webhooks.error.dns', `the host ${host} has no address`);
  for (const a of addrs) {
    if (!allowed(a.address, allow) && blockedReason(a.address)) {
      throw new TargetRefused('reports.webhooks.error.target', `refused: ${host} resolves to ${a.address}, a private or reserved address (REPORTS_WEBHOOK_ALLOW may allow it)`);
    }
  }
  const first = addrs[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

// ---------------------------------------------------------------- the POST

export interface PostResult {
  /** HTTP status, or null when no response came (connection error, timeout, refused target). */
  status: number | null;
  error: string | null;
  durationMs: number;
  /** The start of the response body (at most RESPONSE_EXCERPT characters). */
  response: string | null;
}

export const RESPONSE_EXCERPT = 500;

/**
 * POSTs the body to the URL, connecting to the checked address only. Redirects are not followed (a
 * 3xx is a failed attempt). The answer is read up to RESPONSE_EXCERPT bytes, then the connection is
 * dropped. Never throws.
 */
export async function postJson(
  raw: string,
  body: string,
  headers: Record<string, string>,
  o: { allow: readonly Cidr[]; timeoutMs: number; resolve?: Resolver },
): Promise<PostResult> {
  const started = performance.now();
  const done = (status: number | null, error: string | null, response: string | null): PostResult => ({ status, error, durationMs: Math.max(0, Math.round(performance.now() - started)), response });
  let target: { url: URL; address: string; family: 4 | 6 };
  try {
    target = await checkTarget(raw, o.allow, o.resolve);
  } catch (e) {
    return done(null, e instanceof Error ? e.message : 'refused', null);
  }
  const { url, address } = target;
  const ipHost = net.isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0;
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (r: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    // connect to the checked address itself; the Host header and TLS name stay the URL's
    const req = mod.request(
      {
        protocol: url.protocol,
        hostname: address,
        port: url.port || (url.protocol === 'https:' ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        agent: false,
        ...(url.protocol === 'https:' && !ipHost ? { servername: url.hostname } : {}),
        headers: { ...headers, host: url.host, 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Vallamaja-Webhooks/1' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < RESPONSE_EXCERPT) chunks.push(c);
          size += c.length;
          if (size >= RESPONSE_EXCERPT) res.destroy();
        });
        const end = () => {
          const text = Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_EXCERPT);
          const status = res.statusCode ?? null;
          const ok = status !== null && status >= 200 && status < 300;
          const err = ok ? null : status !== null && status >= 300 && status < 400 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}`;
          finish(done(status, err, text || null));
        };
        res.on('end', end);
        res.on('close', end);
        res.on('error', end);
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error(`timed out after ${o.timeoutMs} ms`));
    }, o.timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => finish(done(null, e.message.startsWith('timed out') ? e.message : `${e.code ?? 'error'}: ${e.message}`.slice(0, 300), null)));
    req.end(body);
  });
}
