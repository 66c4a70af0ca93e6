// Open311 media_url of someone else's server (docs/open311.md): a POSTed request that names an http(s)
// image URL is stored at once with the URL kept as its attribute `media_url`; a job then fetches the
// image and adds it to the report's photos through the same pipeline as uploads (photos.ts: the content
// decides the type, JPEG/PNG/WebP only, at most 10 MB and 40 megapixels, EXIF and every other metadata
// stripped, resized), so GET requests then answer the stored photo's media_url.
//
// The fetch is guarded against server-side request forgery exactly as webhook deliveries are
// (webhook-deliver.ts checkTarget): the host is resolved and every address checked (no loopback,
// private, link-local, CGNAT, reserved or metadata addresses unless the operator's allow-list
// REPORTS_WEBHOOK_ALLOW names them), the connection goes to the checked address itself, redirects are
// never followed, the answer must say image/jpeg, image/png or image/webp and is cut off past 10 MB.
// A refusal (target, status 4xx or 3xx, type, size, not an image) is final: logged, not retried, the URL
// stays on the report. A network error, a timeout or a 5xx fails the attempt: the job retries.
//
// Nothing is lost between the report's commit and the job's enqueue: the fetch still to do is recorded
// on the report in its own transaction (reports_report.media_fetch_id, the photo id), and settled
// (cleared) once the photo is added or refused for good. The sweep job (reports.open311-media-sweep,
// every few minutes) fetches what is still unsettled MEDIA_SWEEP_GRACE_SECONDS after the POST — a job
// never sent (a crash, a queue error), or one whose retries all failed — up to MEDIA_SWEEP_TRIES times
// with a doubling pause, then gives up (logged).
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Config } from '../../config.js';
import type { Db } from '../../kernel/db.js';
import { isHttpError } from '../../kernel/errors.js';
import { now } from '../../kernel/clock.js';
import type { JobLog } from '../../kernel/jobs.js';
import { defineJob } from '../../kernel/jobs.js';
import { MAX_PHOTO_BYTES, processPhoto } from './photos.js';
import * as repo from './repo.js';
import * as o from './repo/open311.js';
import { MAX_PHOTOS } from './service.js';
import type { Cidr, Resolver } from './webhook-deliver.js';
import { TargetRefused, checkTarget } from './webhook-deliver.js';
import { webhookOptions } from './webhooks.js';

export const REPORTS_MEDIA_JOB = 'reports.open311-media';
export const REPORTS_MEDIA_SWEEP_JOB = 'reports.open311-media-sweep';
/** The prompt job's time (its retries with backoff) before the sweep takes an unsettled fetch. */
export const MEDIA_SWEEP_GRACE_SECONDS = 30 * 60;
/** The sweep's attempts per fetch; the pause before the next doubles from MEDIA_SWEEP_GRACE_SECONDS. */
export const MEDIA_SWEEP_TRIES = 5;
const SWEEP_BATCH = 20;

/** A fetch to do: the report, the URL, and the photo's id (decided when sent, so a repeated attempt adds it once). */
export interface MediaFetch {
  kov: string;
  reportId: string;
  url: string;
  photoId: string;
}

/** A final refusal: not retried. */
export class MediaRefused extends Error {}

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * GETs an image through the SSRF guard: connects to the checked address only, follows no redirect,
 * accepts only an image content type, reads at most maxBytes. MediaRefused for what retrying cannot
 * change; another Error (network, timeout, 5xx) for what it may.
 */
export async function fetchImage(raw: string, opt: { allow: readonly Cidr[]; timeoutMs: number; resolve?: Resolver; maxBytes?: number }): Promise<Buffer> {
  const maxBytes = opt.maxBytes ?? MAX_PHOTO_BYTES;
  let target: { url: URL; address: string };
  try {
    target = await checkTarget(raw, opt.allow, opt.resolve);
  } catch (e) {
    if (e instanceof TargetRefused && e.reason !== 'reports.webhooks.error.dns') throw new MediaRefused(e.message);
    throw e;
  }
  const { url, address } = target;
  const ipHost = net.isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0;
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise<Buffer>((resolve, reject) => {
    let settled = false;
    const finish = (e: Error | null, b?: Buffer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (e) reject(e);
      else resolve(b!);
    };
    const req = mod.request(
      {
        protocol: url.protocol,
        hostname: address,
        port: url.port || (url.protocol === 'https:' ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        agent: false,
        ...(url.protocol === 'https:' && !ipHost ? { servername: url.hostname } : {}),
        headers: { host: url.host, accept: 'image/jpeg, image/png, image/webp', 'user-agent': 'Vallamaja-Open311-Media/1' },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const type = String(res.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        const declared = Number(res.headers['content-length'] ?? NaN);
        const refuse = (why: string) => {
          res.destroy();
          finish(new MediaRefused(why));
        };
        if (status >= 500) {
          res.destroy();
          return finish(new Error(`HTTP ${status}`));
        }
        if (status >= 300 && status < 400) return refuse(`HTTP ${status} (redirects are not followed)`);
        if (status !== 200) return refuse(`HTTP ${status}`);
        if (!IMAGE_TYPES.has(type)) return refuse(`content type ${type.slice(0, 60) || 'missing'} is not image/jpeg, image/png or image/webp`);
        if (Number.isFinite(declared) && declared > maxBytes) return refuse(`larger than ${maxBytes} bytes`);
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) return refuse(`larger than ${maxBytes} bytes`);
          chunks.push(c);
        });
        res.on('end', () => finish(null, Buffer.concat(chunks)));
        res.on('error', (e) => finish(e));
      },
    );
    const timer = setTimeout(() => req.destroy(new Error(`timed out after ${opt.timeoutMs} ms`)), opt.timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => finish(e.message.startsWith('timed out') ? e : new Error(`${e.code ?? 'error'}: ${e.message}`.slice(0, 300))));
    req.end();
  });
}

export type MediaOutcome = 'added' | 'already' | 'full' | 'gone' | `refused: ${string}`;

/**
 * Fetches one media_url and adds it to the report's photos (idempotent by the photo id). Answers what
 * happened; throws (so the job retries) only for a network error, a timeout or a 5xx.
 */
export async function fetchMedia(db: Db, config: Config, job: MediaFetch, over: { resolve?: Resolver } = {}): Promise<MediaOutcome> {
  const outcome = await fetchOnce(db, config, job, over);
  // settled for good ('added' settles in its own transaction): no sweep takes it again
  if (outcome !== 'added') await db.tx((t) => o.settleMediaFetch(t, job.kov, job.reportId, job.photoId), { kov: job.kov });
  return outcome;
}

async function fetchOnce(db: Db, config: Config, job: MediaFetch, over: { resolve?: Resolver }): Promise<MediaOutcome> {
  const { allow, timeoutMs } = webhookOptions(config);
  const state = await db.tx(async (t) => ((await o.photoExists(t, job.kov, job.photoId)) ? 'already' : (await o.photoCount(t, job.kov, job.reportId)) >= MAX_PHOTOS ? 'full' : 'fetch'), {
    kov: job.kov,
  });
  if (state !== 'fetch') return state;
  let bytes: Buffer;
  try {
    bytes = await fetchImage(job.url, { allow, timeoutMs, ...over });
  } catch (e) {
    if (e instanceof MediaRefused) return `refused: ${e.message}`;
    throw e;
  }
  let photo;
  try {
    photo = await processPhoto(bytes);
  } catch (e) {
    if (isHttpError(e)) return `refused: ${e.fields[0]?.reason ?? 'not an image'}`;
    throw e;
  }
  return db.tx(
    async (t) => {
      // the report's row lock: the prompt job and the sweep fetching the same photo at once add it once
      if (!(await repo.reportById(t, job.kov, job.reportId, true))) return 'gone';
      if (await o.photoExists(t, job.kov, job.photoId)) return 'already';
      const ordinal = await o.photoCount(t, job.kov, job.reportId);
      if (ordinal >= MAX_PHOTOS) return 'full';
      await repo.insertPhoto(t, { id: job.photoId, kov: job.kov, reportId: job.reportId, ordinal, ...photo });
      await o.settleMediaFetch(t, job.kov, job.reportId, job.photoId);
      return 'added';
    },
    { kov: job.kov },
  );
}

export interface SweepResult {
  claimed: number;
  outcomes: MediaOutcome[];
  /** Attempts that failed again (network, timeout, 5xx): taken again after the pause. */
  failed: number;
  gaveUp: number;
}

/**
 * The recovery path: every KOV's unsettled fetches that are due (a job never sent or failed), claimed
 * with a row lock (safe in several processes at once) and fetched here, one after another.
 */
export async function sweepMedia(db: Db, config: Config, log: JobLog | null = null, over: { resolve?: Resolver } = {}): Promise<SweepResult> {
  const claims = await db.system('reports: Open311 media_url fetches no job settled (every KOV)', (t) => o.claimMediaFetches(t, now(), SWEEP_BATCH, MEDIA_SWEEP_GRACE_SECONDS));
  const out: SweepResult = { claimed: claims.length, outcomes: [], failed: 0, gaveUp: 0 };
  for (const c of claims) {
    const job: MediaFetch = { kov: c.kov, reportId: c.report_id, url: c.url ?? '', photoId: c.photo_id };
    if (!c.url || c.tries > MEDIA_SWEEP_TRIES) {
      await db.tx((t) => o.settleMediaFetch(t, c.kov, c.report_id, c.photo_id), { kov: c.kov });
      out.gaveUp++;
      log?.warn({ kov: c.kov, report: c.report_id, url: where(job.url) }, `open311 media_url: given up after ${c.tries - 1} sweeps`);
      continue;
    }
    try {
      const outcome = await fetchMedia(db, config, job, over);
      out.outcomes.push(outcome);
      log?.info({ kov: c.kov, report: c.report_id, url: where(job.url) }, `open311 media_url (sweep): ${outcome}`);
    } catch (e) {
      out.failed++;
      log?.warn({ kov: c.kov, report: c.report_id, url: where(job.url), err: e instanceof Error ? e.message : String(e) }, 'open311 media_url (sweep): failed, taken again later');
    }
  }
  return out;
}

/** The URL as logged: without its query string (the URL may be anyone's). */
function where(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return 'an invalid URL';
  }
}

/** The job: one media_url per job, retried on network errors with the kernel's backoff. */
export const mediaJob = defineJob<MediaFetch>({
  name: REPORTS_MEDIA_JOB,
  labelKey: 'reports.open311.mediaJob',
  retryLimit: 4,
  retryDelaySeconds: 60,
  expireSeconds: 120,
  async handler(payload, ctx) {
    const outcome = await fetchMedia(ctx.db, ctx.config, payload);
    if (outcome.startsWith('refused')) ctx.log.warn({ kov: payload.kov, report: payload.reportId, url: where(payload.url) }, `open311 media_url not added: ${outcome}`);
    else ctx.log.info({ kov: payload.kov, report: payload.reportId, url: where(payload.url) }, `open311 media_url: ${outcome}`);
  },
});

/** The sweep: what no prompt job settled (open311-media.ts header). */
export const mediaSweepJob = defineJob<Record<string, never>>({
  name: REPORTS_MEDIA_SWEEP_JOB,
  labelKey: 'reports.open311.mediaSweepJob',
  everySeconds: 300,
  retryLimit: 0,
  expireSeconds: 600,
  async handler(_payload, ctx) {
    const r = await sweepMedia(ctx.db, ctx.config, ctx.log);
    if (r.claimed) ctx.log.info({ claimed: r.claimed, failed: r.failed, gaveUp: r.gaveUp }, 'open311 media_url sweep');
  },
});
