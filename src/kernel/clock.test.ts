import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, clockIsReal, dateInTallinn, databaseNow, now, nowMs, resetClock, setClock, today } from './clock.js';
import type { Db } from './db.js';
import { uuidv7 } from './ids.js';
import { asOwner, engine, testDb } from '../../test/helpers.js';

afterEach(() => resetClock());

describe('the kernel clock', () => {
  it('stands still where a test sets it, and moves only when told', () => {
    setClock('2026-12-01T00:00:00+02:00');
    expect(now().toISOString()).toBe('2026-11-30T22:00:00.000Z');
    expect(nowMs()).toBe(nowMs());
    advanceClock(90_000);
    expect(now().toISOString()).toBe('2026-11-30T22:01:30.000Z');
    expect(clockIsReal()).toBe(false);
    resetClock();
    expect(clockIsReal()).toBe(true);
    expect(databaseNow()).toBeNull();
  });

  it('ticks from a set instant when asked to', async () => {
    setClock('2030-01-01T12:00:00Z', { ticking: true });
    const a = nowMs();
    await new Promise((r) => setTimeout(r, 20));
    expect(nowMs() - a).toBeGreaterThanOrEqual(15);
    expect(new Date(a).getUTCFullYear()).toBe(2030);
  });

  it('says today in Tallinn, whatever the process time zone (here Pacific/Kiritimati)', () => {
    expect(process.env.TZ).toBe('Pacific/Kiritimati');
    setClock('2026-06-30T21:30:00Z'); // 01.07 00:30 in Tallinn (EEST), 01.07 11:30 in Kiritimati
    expect(today()).toBe('2026-07-01');
    setClock('2026-12-31T21:59:59Z'); // 23:59:59 on New Year's Eve in Tallinn (EET)
    expect(today()).toBe('2026-12-31');
    advanceClock(1000);
    expect(today()).toBe('2027-01-01');
    setClock('2026-03-15'); // a date alone is noon in Tallinn that day
    expect(dateInTallinn(now())).toBe('2026-03-15');
  });

  it('keeps ids in creation order while it stands still', () => {
    setClock('2026-12-01T10:00:00Z');
    const ids = Array.from({ length: 5000 }, () => uuidv7());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.parse('2026-12-01T10:00:00Z'));
  });
});

describe(`core_now(): the database reads the same clock (${engine})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await testDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('is the set instant in tenant transactions, owner transactions and single statements', async () => {
    setClock('2027-03-28T01:30:00Z');
    const want = '2027-03-28T01:30:00.000Z';
    const inTx = await db.tx((t) => t.one<{ n: Date }>('SELECT core_now() AS n'), { kov: '0784' });
    expect(new Date(inTx!.n).toISOString()).toBe(want);
    const inSystem = await asOwner(db, (t) => t.one<{ n: Date }>('SELECT core_now() AS n'));
    expect(new Date(inSystem!.n).toISOString()).toBe(want);
    const [st] = await db.txStatement<{ n: Date }>('SELECT core_now() AS n WHERE $1::int = 1', [1], { kov: '0784' });
    expect(new Date(st!.n).toISOString()).toBe(want);
    const [ss] = await db.systemStatement<{ n: Date }>('test', 'SELECT core_now() AS n');
    expect(new Date(ss!.n).toISOString()).toBe(want);
  });

  it('is the database clock when the kernel clock is real', async () => {
    const r = await db.tx((t) => t.one<{ d: number }>('SELECT abs(extract(epoch FROM core_now() - now()))::float8 AS d'));
    expect(r!.d).toBe(0);
  });

  it('is what new rows are stamped with by default', async () => {
    setClock('2031-05-05T05:05:05Z');
    await asOwner(db, (t) => t.query(`INSERT INTO core_tenant (kov_code, name, kind, county_code, ehak_version) VALUES ('0999', 'Kella vald', 'vald', '0037', 'test')`));
    const r = await asOwner(db, (t) => t.one<{ c: Date }>(`SELECT created_at AS c FROM core_tenant WHERE kov_code = '0999'`));
    expect(new Date(r!.c).toISOString()).toBe('2031-05-05T05:05:05.000Z');
  });
});
