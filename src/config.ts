// Typed configuration from environment variables (12-factor). Every variable is documented in
// README.md ("Configuration") with its default; keep the two in step.
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export type Env = 'development' | 'test' | 'production';

export interface Config {
  env: Env;
  host: string;
  port: number;
  /** Public base URL of the platform (used for redirects, OIDC redirect_uri, links). */
  publicUrl: string;
  /** PostgreSQL connection string; unset → embedded PGlite in dataDir. */
  databaseUrl: string | null;
  /** Connections each process keeps to PostgreSQL at most. */
  databasePoolSize: number;
  dataDir: string;
  /** Secret for session ids, CSRF and the personal-ID-code HMAC. */
  sessionSecret: string;
  /** Separate key for hashing personal ID codes (defaults to a key derived from sessionSecret). */
  idcodeHmacKey: string;
  sessionIdleMinutes: number;
  sessionIdleMinutesOfficial: number;
  sessionAbsoluteHours: number;
  tara: {
    issuer: string | null;
    clientId: string;
    clientSecret: string;
    /** Minimum acceptable level of assurance: low | substantial | high. */
    acr: 'low' | 'substantial' | 'high';
    scope: string;
    /** Run the built-in TARA simulator (never in production). */
    simulator: boolean;
  };
  logLevel: string;
  rateLimit: { signInPerMinute: number; publicWritePerMinute: number };
  demoData: boolean;
  trustProxy: boolean;
  shutdownGraceMs: number;
  /**
   * Ballot encryption without the native addon (VALLAMAJA_ENCRYPT_FALLBACK): 'allow' uses the
   * JavaScript fallback (branch-free on libsodium, slower); 'refuse' answers casts 503 instead
   * (fail closed). Default: refuse in production, allow elsewhere.
   */
  encryptFallback: 'allow' | 'refuse';
  polls: {
    /** How far in the past a new poll's voting period may start (minutes): the time it takes to fill in the form. */
    startGraceMinutes: number;
    /** The longest voting period (days). */
    maxPeriodDays: number;
  };
  residents: {
    /**
     * An import that would shrink the KOV's register by more than this share (percent), or has no
     * rows, is done only when confirmed (page: a confirm step; API: `confirmShrink=true`; CLI: `--confirm-shrink`).
     */
    shrinkConfirmPercent: number;
  };
  /** Reports webhooks (docs/webhooks.md). */
  reportsWebhooks: {
    /** REPORTS_WEBHOOK_ALLOW: addresses/networks a webhook may reach although private (on-premise KOV systems), e.g. "10.1.2.0/24,127.0.0.1". */
    allow: string;
    /** Attempts per delivery before it goes to the dead letter. */
    maxAttempts: number;
    /** The first retry's delay in seconds (then doubled per attempt, with jitter). */
    retrySeconds: number;
    /** One attempt's time limit in milliseconds. */
    timeoutMs: number;
  };
  /** The map of reports (src/modules/reports): where its tiles come from; the CSP allows images from that host only. */
  reportsMap: {
    /** REPORTS_TILE_URL: a Leaflet tile URL template ({z}/{x}/{y}, optionally {s}). */
    tileUrl: string;
    /** REPORTS_TILE_ATTRIBUTION: the tiles' attribution (plain text). */
    tileAttribution: string;
  };
  jobs: {
    /** Run the job workers in this process (`vallamaja start`); on the embedded database they always run. */
    workers: boolean;
    /** Jobs of one kind that one process runs at once. */
    concurrency: number;
    /** How often an idle worker looks for due jobs, in milliseconds (at least 500). */
    pollMs: number;
    /** Send the jobs marked `sendAtStart` shortly after the workers start (JOBS_SEND_AT_START; off in tests). */
    sendAtStart: boolean;
  };
  mail: {
    /** Where mail goes (SMTP_URL, e.g. smtp://user:pass@host:587 or smtps://…); null: nowhere (development keeps it for the mail catcher). */
    smtpUrl: string | null;
    /** The sender of every mail (MAIL_FROM). */
    from: string;
    /**
     * Keep mail in the outbox for the built-in catcher page (/dev/mail) instead of sending it: outside
     * production when SMTP_URL is unset. Never in production.
     */
    catcher: boolean;
  };
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, def: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name} must be a non-negative whole number, got "${raw}"`);
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, def: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** VALLAMAJA_ENCRYPT_FALLBACK: allow | refuse; unset → refuse in production, allow elsewhere. */
export function encryptFallback(env: NodeJS.ProcessEnv, nodeEnv: Env): 'allow' | 'refuse' {
  const raw = env.VALLAMAJA_ENCRYPT_FALLBACK;
  if (raw === undefined || raw === '') return nodeEnv === 'production' ? 'refuse' : 'allow';
  if (raw === 'allow' || raw === 'refuse') return raw;
  throw new ConfigError(`VALLAMAJA_ENCRYPT_FALLBACK must be allow or refuse, got "${raw}"`);
}

const DEV_SECRET = 'development-only-secret-not-for-production-use-000000';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const host = env.HOST || '127.0.0.1';
  const port = int(env, 'PORT', 3000);
  const publicUrl = (env.PUBLIC_URL || `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`).replace(/\/$/, '');
  const sessionSecret = env.SESSION_SECRET || (nodeEnv === 'test' ? randomBytes(32).toString('hex') : DEV_SECRET);
  const acr = (env.TARA_ACR || 'high') as Config['tara']['acr'];
  if (!['low', 'substantial', 'high'].includes(acr)) throw new ConfigError(`TARA_ACR must be low, substantial or high, got "${acr}"`);
  const issuer = env.TARA_ISSUER ? env.TARA_ISSUER.replace(/\/$/, '') : null;
  const config: Config = {
    env: nodeEnv,
    host,
    port,
    publicUrl,
    databaseUrl: env.DATABASE_URL || null,
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 20),
    dataDir: path.resolve(env.DATA_DIR || './data'),
    sessionSecret,
    idcodeHmacKey: env.IDCODE_HMAC_KEY || `idcode:${sessionSecret}`,
    sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 120),
    sessionIdleMinutesOfficial: int(env, 'SESSION_IDLE_MINUTES_OFFICIAL', 30),
    sessionAbsoluteHours: int(env, 'SESSION_ABSOLUTE_HOURS', 12),
    tara: {
      issuer,
      clientId: env.TARA_CLIENT_ID || 'vallamaja-dev',
      clientSecret: env.TARA_CLIENT_SECRET || 'vallamaja-dev-secret',
      acr,
      scope: env.TARA_SCOPE || 'openid',
      simulator: nodeEnv !== 'production' && !issuer,
    },
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    rateLimit: {
      signInPerMinute: int(env, 'RATE_LIMIT_SIGNIN_PER_MINUTE', 20),
      publicWritePerMinute: int(env, 'RATE_LIMIT_PUBLIC_WRITE_PER_MINUTE', 30),
    },
    demoData: bool(env, 'DEMO_DATA', nodeEnv !== 'production'),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', 10000),
    encryptFallback: encryptFallback(env, nodeEnv),
    polls: {
      startGraceMinutes: int(env, 'POLL_START_GRACE_MINUTES', 5),
      maxPeriodDays: int(env, 'POLL_MAX_PERIOD_DAYS', 90),
    },
    residents: {
      shrinkConfirmPercent: int(env, 'RESIDENTS_SHRINK_CONFIRM_PERCENT', 20),
    },
    reportsWebhooks: {
      allow: env.REPORTS_WEBHOOK_ALLOW ?? '',
      maxAttempts: int(env, 'REPORTS_WEBHOOK_MAX_ATTEMPTS', 8),
      retrySeconds: int(env, 'REPORTS_WEBHOOK_RETRY_SECONDS', 30),
      timeoutMs: int(env, 'REPORTS_WEBHOOK_TIMEOUT_MS', 10000),
    },
    reportsMap: {
      tileUrl: env.REPORTS_TILE_URL || 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      tileAttribution: env.REPORTS_TILE_ATTRIBUTION || '© OpenStreetMap contributors',
    },
    jobs: {
      workers: bool(env, 'JOBS_WORKERS', true),
      concurrency: int(env, 'JOBS_CONCURRENCY', 2),
      pollMs: int(env, 'JOBS_POLL_MS', nodeEnv === 'test' ? 500 : 2000),
      sendAtStart: bool(env, 'JOBS_SEND_AT_START', nodeEnv !== 'test'),
    },
    mail: {
      smtpUrl: env.SMTP_URL || null,
      from: env.MAIL_FROM || 'Vallamaja <noreply@vallamaja.ee>',
      catcher: nodeEnv !== 'production' && !env.SMTP_URL,
    },
  };
  if (config.mail.smtpUrl && !/^smtps?:\/\/[^/\s]+/.test(config.mail.smtpUrl)) throw new ConfigError('SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.ee:587');
  if (config.jobs.concurrency < 1) throw new ConfigError(`JOBS_CONCURRENCY must be at least 1, got "${env.JOBS_CONCURRENCY}"`);
  if (config.jobs.pollMs < 500) throw new ConfigError(`JOBS_POLL_MS must be at least 500, got "${env.JOBS_POLL_MS}"`);
  if (config.polls.maxPeriodDays < 1) throw new ConfigError(`POLL_MAX_PERIOD_DAYS must be at least 1, got "${env.POLL_MAX_PERIOD_DAYS}"`);
  if (config.residents.shrinkConfirmPercent > 100) throw new ConfigError(`RESIDENTS_SHRINK_CONFIRM_PERCENT must be 0–100, got "${env.RESIDENTS_SHRINK_CONFIRM_PERCENT}"`);
  if (config.reportsWebhooks.maxAttempts < 1) throw new ConfigError(`REPORTS_WEBHOOK_MAX_ATTEMPTS must be at least 1, got "${env.REPORTS_WEBHOOK_MAX_ATTEMPTS}"`);
  if (config.reportsWebhooks.timeoutMs < 100) throw new ConfigError(`REPORTS_WEBHOOK_TIMEOUT_MS must be at least 100, got "${env.REPORTS_WEBHOOK_TIMEOUT_MS}"`);
  if (!/^https:\/\/[^/?#\s]+\/\S*$/.test(config.reportsMap.tileUrl) && !(nodeEnv !== 'production' && /^http:\/\/[^/?#\s]+\/\S*$/.test(config.reportsMap.tileUrl))) {
    throw new ConfigError(`REPORTS_TILE_URL must be an https:// URL template, got "${config.reportsMap.tileUrl}"`);
  }
  if (config.databasePoolSize < 1) throw new ConfigError('DATABASE_POOL_SIZE must be at least 1');
  if (nodeEnv === 'production') checkProduction(config, env);
  return config;
}

/** Production refuses to start on development defaults. */
function checkProduction(c: Config, env: NodeJS.ProcessEnv): void {
  const problems: string[] = [];
  if (!env.SESSION_SECRET || env.SESSION_SECRET.length < 32) problems.push('SESSION_SECRET must be set to at least 32 characters');
  if (!c.databaseUrl) problems.push('DATABASE_URL must be set (the embedded database is for development only)');
  if (!c.tara.issuer) problems.push('TARA_ISSUER must be set (https://tara.ria.ee or https://tara-test.ria.ee)');
  else if (!c.tara.issuer.startsWith('https://')) problems.push('TARA_ISSUER must be an https:// URL');
  if (!env.TARA_CLIENT_ID) problems.push('TARA_CLIENT_ID must be set');
  if (!env.TARA_CLIENT_SECRET) problems.push('TARA_CLIENT_SECRET must be set');
  if (!env.PUBLIC_URL || !env.PUBLIC_URL.startsWith('https://')) problems.push('PUBLIC_URL must be set to the https:// address users open');
  if (!c.mail.smtpUrl) problems.push('SMTP_URL must be set (smtp://user:pass@host:587): residents are mailed their confirmation links and answers');
  if (c.demoData) problems.push('DEMO_DATA must be false (demo data and its people are for development only)');
  if (problems.length) throw new ConfigError(`Refusing to start in production mode:\n  - ${problems.join('\n  - ')}`);
}
