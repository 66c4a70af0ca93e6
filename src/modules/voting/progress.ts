// Turnout over time during a vote, for officials: how many people of the roll first cast a ballot
// in each hour (a window of up to two days) or each Tallinn day (longer windows). Counts only, from
// the participation records: it says nothing about any choice and needs no key, so it may be shown
// while the vote is open. (Ballots are counted once per person: a re-vote does not add to it.)
import { nowMs, tallinnLocalToDate, dateInTallinn } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import * as repo from './repo.js';
import { needStatus, voteIn } from './votes.js';

const HOUR = 3_600_000;
/** Windows up to this long are shown per hour; longer ones per day. */
export const HOURLY_UP_TO_MS = 48 * HOUR;

export interface TurnoutPoint {
  /** The start of the hour, or Tallinn midnight of the day. */
  from: Date;
  /** People who first cast in this hour or day. */
  count: number;
  /** People who had cast by the end of it. */
  cumulative: number;
}

export interface TurnoutProgress {
  step: 'hour' | 'day';
  /** From the opening to now (while open) or to the close; hours or days with no cast are 0. */
  points: TurnoutPoint[];
  total: number;
  rollSize: number;
}

const nextDay = (d: string) => {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, day + 1)).toISOString().slice(0, 10);
};

/** Turnout per hour or day of a vote that has been opened (409 for a draft). */
export async function turnoutProgress(db: Db, kov: string, voteId: string): Promise<TurnoutProgress> {
  return db.tx(
    async (t) => {
      const v = await voteIn(t, kov, voteId);
      needStatus(v, 'open', 'closed', 'published', 'certified');
      const rows = await repo.participationByHour(t, voteId);
      const opens = new Date(v.opens_at).getTime();
      const closes = v.closed_at ? Math.min(new Date(v.closed_at).getTime(), new Date(v.closes_at).getTime()) : new Date(v.closes_at).getTime();
      const end = Math.min(nowMs(), closes);
      const step: TurnoutProgress['step'] = closes - opens <= HOURLY_UP_TO_MS ? 'hour' : 'day';
      const firstHour = Math.min(Math.floor(opens / HOUR), ...rows.map((r) => r.hour));
      const lastHour = Math.max(Math.floor((end - 1) / HOUR), ...rows.map((r) => r.hour));
      const byHour = new Map(rows.map((r) => [r.hour, r.n]));
      const points: TurnoutPoint[] = [];
      let cumulative = 0;
      if (step === 'hour') {
        for (let h = firstHour; h <= lastHour; h++) {
          const count = byHour.get(h) ?? 0;
          cumulative += count;
          points.push({ from: new Date(h * HOUR), count, cumulative });
        }
      } else if (lastHour >= firstHour) {
        const byDay = new Map<string, number>();
        for (const r of rows) {
          const d = dateInTallinn(r.hour * HOUR);
          byDay.set(d, (byDay.get(d) ?? 0) + r.n);
        }
        const last = dateInTallinn(lastHour * HOUR);
        for (let d = dateInTallinn(firstHour * HOUR); d <= last; d = nextDay(d)) {
          const count = byDay.get(d) ?? 0;
          cumulative += count;
          points.push({ from: tallinnLocalToDate(`${d}T00:00`) ?? new Date(`${d}T00:00:00Z`), count, cumulative });
        }
      }
      return { step, points, total: cumulative, rollSize: v.roll_size };
    },
    { kov },
  );
}
