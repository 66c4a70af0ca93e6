// The polls world on dates across a year: the same register gives the same roll whatever the day,
// and an age limit is crossed exactly on the birthday (in Tallinn), whatever the time zone the
// server runs in (the suite runs with TZ=Pacific/Kiritimati, 12 to 14 hours ahead of Tallinn).
import { afterEach, describe, expect, it } from 'vitest';
import { advanceClock, resetClock, setClock, today } from '../../kernel/clock.js';
import { engine } from '../../../test/helpers.js';
import { A, pollsWorld, turnsAgeDayAfter } from './fixtures.js';
import { previewEligible } from './service.js';

const RULES = { units: [], minAge: 16, on: null, residentSince: null, extraLists: [] };

afterEach(() => resetClock());

describe(`the polls fixture on dates across a year (${engine})`, () => {
  // New Year, the spring DST change (29.03.2026 03:00), midsummer, the autumn change (25.10.2026),
  // New Year's Eve late at night, the end of a February, a leap day.
  const DATES = ['2026-01-01T00:30:00+02:00', '2026-03-29T03:30:00+03:00', '2026-06-24T12:00:00+03:00', '2026-10-25T03:30:00+02:00', '2026-12-31T23:30:00+02:00', '2027-02-28T10:00:00+02:00', '2028-02-29T10:00:00+02:00'];
  for (const at of DATES) {
    it(`on ${at}: two of the three residents are 16 today; the third turns 16 tomorrow and is on the roll then`, async () => {
      const { db, app, young } = await pollsWorld({ on: at });
      try {
        const on = today();
        expect(on).toBe(at.slice(0, 10)); // today() is the date in Tallinn, not in the server's zone
        expect((await previewEligible(db, A, RULES)).total).toBe(2);
        // a poll whose reference date is tomorrow: her birthday
        const [y, m, d] = on.split('-').map(Number) as [number, number, number];
        const tomorrow = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
        expect((await previewEligible(db, A, { ...RULES, on: tomorrow })).total).toBe(3);
        // and when tomorrow comes, today's poll counts her too
        advanceClock(24 * 3600_000);
        expect((await previewEligible(db, A, RULES)).total).toBe(3);
        expect(young).toBe(turnsAgeDayAfter(on, 16));
      } finally {
        await app.close();
        await db.close();
      }
    });
  }

  it('crosses the age limit on the birthday itself: born 01.12.2010, 15 on 30.11.2026 and 16 on 01.12.2026', async () => {
    setClock('2026-11-30T23:59:00+02:00', { ticking: false });
    const { db, app, young } = await pollsWorld();
    try {
      expect(young).toBe(turnsAgeDayAfter('2026-11-30', 16));
      expect(young.slice(1, 7)).toBe('101201');
      expect((await previewEligible(db, A, RULES)).total).toBe(2);
      advanceClock(60_000); // 01.12.2026 00:00 in Tallinn
      expect(today()).toBe('2026-12-01');
      expect((await previewEligible(db, A, RULES)).total).toBe(3);
    } finally {
      await app.close();
      await db.close();
    }
  });
});
