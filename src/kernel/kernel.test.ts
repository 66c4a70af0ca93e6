import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from './db.js';
import { Agent, engine, testApp, testDb } from '../../test/helpers.js';

let db: Db;
let app: FastifyInstance;

beforeAll(async () => {
  db = await testDb();
  app = await testApp(db);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe(`kernel HTTP (${engine})`, () => {
  it('answers /healthz and /readyz (which checks the database)', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok', node: process.version });
    // the platform runs on Node ≥ 22 (npm ci brings 24 LTS where the machine's own Node is older)
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(22);
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', database: engine });
  });

  it('exposes Prometheus metrics', async () => {
    await app.inject('/healthz');
    const m = await app.inject('/metrics');
    expect(m.statusCode).toBe(200);
    expect(m.body).toContain('vallamaja_http_request_duration_seconds');
    expect(m.body).toContain('vallamaja_process_cpu');
  });

  it('answers an unknown page with a friendly page in the chosen language, never a stack trace', async () => {
    const et = await app.inject('/no-such-page');
    expect(et.statusCode).toBe(404);
    expect(et.headers['content-type']).toContain('text/html');
    expect(et.body).toContain('Lehte ei leitud');
    expect(et.body).toContain('lang="et"');
    const en = await app.inject('/no-such-page?lang=en');
    expect(en.body).toContain('Page not found');
    const ru = await app.inject('/no-such-page?lang=ru');
    expect(ru.body).toContain('Страница не найдена');
  });

  it('keeps the chosen language in a cookie', async () => {
    const a = new Agent(app);
    await a.get('/no-such?lang=ru');
    const again = await a.get('/no-such');
    expect(again.body).toContain('lang="ru"');
  });

  it('answers the API with RFC 9457 problem+json', async () => {
    const r = await app.inject('/api/v1/nothing-here');
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ status: 404, title: 'Lehte ei leitud', instance: '/api/v1/nothing-here' });
  });

  it('sends security headers with a strict Content-Security-Policy', async () => {
    const r = await app.inject('/no-such-page');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses a form post without a CSRF token', async () => {
    const r = await app.inject({ method: 'POST', url: '/auth/logout', payload: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(r.statusCode).toBe(403);
    expect(r.body).toContain('Vorm on aegunud');
  });

  it('answers a bad API key with 401 problem+json', async () => {
    const r = await app.inject({ url: '/api/v1/nothing', headers: { authorization: 'Bearer nope' } });
    expect(r.statusCode).toBe(401);
    expect(r.headers['content-type']).toContain('application/problem+json');
  });

  it('serves the OpenAPI document and its viewer', async () => {
    const doc = await app.inject('/api/openapi.json');
    expect(doc.statusCode).toBe(200);
    expect(doc.json().openapi).toBe('3.1.0');
    const ui = await app.inject('/api/docs/');
    expect(ui.statusCode).toBe(200);
  });
});
