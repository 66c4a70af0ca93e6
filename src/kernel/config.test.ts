import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { runMain } from '../../test/helpers.js';

const prodEnv = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'x'.repeat(40),
  DATABASE_URL: 'postgres://u@db/vallamaja',
  TARA_ISSUER: 'https://tara.ria.ee',
  TARA_CLIENT_ID: 'client',
  TARA_CLIENT_SECRET: 'secret',
  PUBLIC_URL: 'https://vallamaja.example.ee',
  SMTP_URL: 'smtp://mailer:secret@mail.example.ee:587',
};

describe('configuration', () => {
  it('runs job workers by default, two of each kind at a time, and refuses nonsense', () => {
    expect(loadConfig({}).jobs).toEqual({ workers: true, concurrency: 2, pollMs: 2000, sendAtStart: true });
    expect(loadConfig({ NODE_ENV: 'test' }).jobs).toMatchObject({ pollMs: 500, sendAtStart: false });
    expect(loadConfig({ JOBS_WORKERS: 'false', JOBS_CONCURRENCY: '5', JOBS_POLL_MS: '1000', JOBS_SEND_AT_START: 'false' }).jobs).toEqual({ workers: false, concurrency: 5, pollMs: 1000, sendAtStart: false });
    expect(() => loadConfig({ JOBS_CONCURRENCY: '0' })).toThrow(/JOBS_CONCURRENCY must be at least 1/);
    expect(() => loadConfig({ JOBS_POLL_MS: '100' })).toThrow(/JOBS_POLL_MS must be at least 500/);
    expect(() => loadConfig({ JOBS_WORKERS: 'maybe' })).toThrow(ConfigError);
  });

  it('has embedded defaults for development', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ env: 'development', host: '127.0.0.1', port: 3000, databaseUrl: null, publicUrl: 'http://127.0.0.1:3000' });
    expect(c.tara.simulator).toBe(true);
    expect(c.dataDir.endsWith('/data')).toBe(true);
  });

  it('refuses production without a session secret, TARA client and DATABASE_URL, naming each', () => {
    try {
      loadConfig({ NODE_ENV: 'production' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as Error).message;
      for (const v of ['SESSION_SECRET', 'DATABASE_URL', 'TARA_ISSUER', 'TARA_CLIENT_ID', 'TARA_CLIENT_SECRET', 'PUBLIC_URL', 'SMTP_URL']) expect(msg).toContain(v);
    }
  });

  it('accepts a complete production configuration and never runs the TARA simulator there', () => {
    const c = loadConfig(prodEnv);
    expect(c.env).toBe('production');
    expect(c.tara.simulator).toBe(false);
    expect(c.demoData).toBe(false);
    expect(() => loadConfig({ ...prodEnv, TARA_ISSUER: 'http://tara.ria.ee' })).toThrow(/https/);
  });

  it('mails through SMTP_URL from MAIL_FROM; without SMTP_URL outside production the mail catcher keeps it; never a catcher in production', () => {
    const dev = loadConfig({});
    expect(dev.mail).toEqual({ smtpUrl: null, from: 'Vallamaja <noreply@vallamaja.ee>', catcher: true });
    const prod = loadConfig(prodEnv);
    expect(prod.mail).toEqual({ smtpUrl: 'smtp://mailer:secret@mail.example.ee:587', from: 'Vallamaja <noreply@vallamaja.ee>', catcher: false });
    expect(loadConfig({ SMTP_URL: 'smtp://h:25', MAIL_FROM: 'Vald <info@vald.ee>' }).mail).toEqual({ smtpUrl: 'smtp://h:25', from: 'Vald <info@vald.ee>', catcher: false });
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.ee' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ ...prodEnv, SMTP_URL: '' })).toThrow(/SMTP_URL must be set/);
  });

  it('rejects malformed numbers and booleans with the variable name', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DEMO_DATA: 'maybe' })).toThrow(/DEMO_DATA/);
    expect(() => loadConfig({ TARA_ACR: 'medium' })).toThrow(/TARA_ACR/);
  });

  it('takes the pool size per process from DATABASE_POOL_SIZE (default 20, at least 1)', () => {
    expect(loadConfig({}).databasePoolSize).toBe(20);
    expect(loadConfig({ DATABASE_POOL_SIZE: '8' }).databasePoolSize).toBe(8);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow('DATABASE_POOL_SIZE must be at least 1');
  });

  // the real binary once (its exit code is process.exitCode); the rest of the CLI tests run main() in-process
  it('the CLI refuses to start in production without configuration (exit 78, a clear message)', () => {
    const r = spawnSync(process.execPath, ['bin/vallamaja.js', 'start'], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production', TZ: 'UTC' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('Refusing to start in production mode');
    expect(r.stderr).toContain('DATABASE_URL');
  });

  it('refuses a set clock (VALLAMAJA_CLOCK) in production (exit 78)', async () => {
    const r = await runMain(['migrate'], { ...prodEnv, VALLAMAJA_CLOCK: '2030-01-01T00:00:00Z' });
    expect(r.code).toBe(78);
    expect(r.err).toContain('VALLAMAJA_CLOCK is for development and tests');
  });
});
