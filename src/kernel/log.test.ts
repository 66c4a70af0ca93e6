import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import type { Db } from './db.js';
import { scrub } from './log.js';
import { testConfig, testDb } from '../../test/helpers.js';

let db: Db;
let app: FastifyInstance;
const lines: string[] = [];

beforeAll(async () => {
  db = await testDb();
  const sink = new Writable({
    write(chunk, _e, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  app = await buildApp({
    config: testConfig({ logLevel: 'info' }),
    db,
    logStream: sink,
    extend: (a) => {
      a.get('/boom/:code', async (req) => {
        throw new Error(`failed for EE${(req.params as { code: string }).code}`);
      });
    },
  });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe('logs never contain a personal ID code', () => {
  it('masks codes in messages, URLs and errors', async () => {
    const r = await app.inject('/boom/39002102761?idcode=47502124911');
    expect(r.statusCode).toBe(500);
    expect(r.body).not.toContain('failed for'); // no error text or stack trace to the user
    expect(r.body).toContain('Midagi läks valesti');
    app.log.info({ who: '60001019906' }, 'person 38001085718 did something');
    const all = lines.join('');
    expect(all.length).toBeGreaterThan(0);
    for (const code of ['39002102761', '47502124911', '60001019906', '38001085718']) expect(all).not.toContain(code);
    expect(all).toContain('[isikukood]');
  });

  it('leaves other numbers alone', () => {
    expect(scrub('order 2026-000123, phone 5551234, 123456789012')).toBe('order 2026-000123, phone 5551234, 123456789012');
  });
});
