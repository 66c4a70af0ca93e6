// The live bus and event streams: a NOTIFY committed by any connection reaches every subscriber (on
// PGlite in process; on PostgreSQL through each "process's" own LISTEN connection — two Dbs here), not
// before the transaction commits; after the LISTEN connection is cut the bus reconnects, tells its
// subscribers they may have missed something (null) and hears later notifications; streams beyond the
// cap get 503 and streams end when the app closes.
import http from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './db.js';
import { openPostgres } from './db.js';
import { createLiveHub, liveBus } from './live.js';
import { buildApp } from '../app.js';
import { engine, testConfig, testDatabaseUrl, testDb } from '../../test/helpers.js';
import { waitFor } from '../../test/wait.js';

let db: Db;
let url: string | null = null;
beforeAll(async () => {
  if (engine === 'postgres') {
    url = await testDatabaseUrl();
    db = openPostgres(url, { max: 4 });
  } else db = await testDb();
});
afterAll(async () => {
  await db.close();
});

const notify = (d: Db, channel: string, payload: string) => d.tx((t) => t.query(`SELECT pg_notify($1, $2)`, [channel, payload]));

describe('the live bus', () => {
  it('fans a committed notification out to every subscriber of the channel, none before the commit', async () => {
    const bus = liveBus(db);
    const a: (string | null)[] = [];
    const b: (string | null)[] = [];
    const other: (string | null)[] = [];
    await bus.subscribe('test_live', (p) => a.push(p));
    const unsubscribe = await bus.subscribe('test_live', (p) => b.push(p));
    await bus.subscribe('test_other', (p) => other.push(p));
    await db.tx(async (t) => {
      await t.query(`SELECT pg_notify('test_live', 'one')`);
      await new Promise((r) => setTimeout(r, 100));
      expect(a).toEqual([]); // not yet committed
    });
    await waitFor('both subscribers', async () => a.length === 1 && b.length === 1);
    expect(a).toEqual(['one']);
    unsubscribe();
    await notify(db, 'test_live', 'two');
    await waitFor('the remaining subscriber', async () => a.length === 2);
    expect(b).toEqual(['one']);
    expect(other).toEqual([]);
    await bus.release();
  });

  it.runIf(engine === 'postgres')('keeps two processes in step and reconnects after its connection is cut', async () => {
    const db2 = openPostgres(url!, { max: 2 }); // a second app process's database handle
    try {
      const first = liveBus(db);
      const second = liveBus(db2);
      const got1: (string | null)[] = [];
      const got2: (string | null)[] = [];
      await first.subscribe('test_step', (p) => got1.push(p));
      await second.subscribe('test_step', (p) => got2.push(p));
      await notify(db2, 'test_step', 'from-2');
      await waitFor('both processes', async () => got1.includes('from-2') && got2.includes('from-2'));
      // cut every LISTEN connection of the bus
      const admin = new pg.Client({ connectionString: url! });
      await admin.connect();
      const cut = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'vallamaja-live' AND datname = current_database()`);
      await admin.end();
      expect(cut.rowCount).toBe(2);
      await waitFor('the catch-up signal after reconnecting', async () => got1.includes(null) && got2.includes(null), 20_000);
      await notify(db, 'test_step', 'after');
      await waitFor('a notification after the reconnect', async () => got1.includes('after') && got2.includes('after'));
      await first.release();
      await second.release();
    } finally {
      await db2.close();
    }
  });
});

describe('event streams', () => {
  it('caps the streams per process (503 beyond) and ends them when the app closes', async () => {
    const appDb = await testDb();
    // a hub with room for one stream, on a route of its own (registered before the app is ready)
    const app2 = await buildApp({
      config: testConfig(),
      db: appDb,
      extend: (a) => {
        const hub = createLiveHub(a, { maxWatchers: 1, heartbeatMs: 50 });
        a.get('/test/stream', async (req, reply) => {
          const s = hub.open(req, reply);
          s.send(1, 'hello', { n: 1 });
          return reply;
        });
      },
    });
    await app2.listen({ port: 0, host: '127.0.0.1' });
    const port = (app2.server.address() as { port: number }).port;
    const chunks: string[] = [];
    let ended = false;
    await new Promise<void>((resolve) => {
      http.get(`http://127.0.0.1:${port}/test/stream`, (res) => {
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toContain('text/event-stream');
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          chunks.push(c);
          resolve();
        });
        res.on('end', () => (ended = true));
      });
    });
    await waitFor('a heartbeat', async () => chunks.join('').includes(': heartbeat'));
    expect(chunks.join('')).toContain('id: 1\nevent: hello\ndata: {"n":1}\n\n');
    const second = await new Promise<number>((resolve) => http.get(`http://127.0.0.1:${port}/test/stream`, (res) => (res.resume(), resolve(res.statusCode ?? 0))));
    expect(second).toBe(503);
    await app2.close(); // does not wait for the open stream: the hub ends it first
    await waitFor('the stream to end', async () => ended);
    await appDb.close();
  });
});
