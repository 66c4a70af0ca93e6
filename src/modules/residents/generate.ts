// Synthetic population registers for demos and benchmarks: valid, unique ID codes, a realistic age
// distribution (Estonia's population pyramid, roughly), Estonian and Russian names, the KOV's own
// settlement units (uneven sizes), residence start dates. Writes the CSV that import.ts reads.
// Deterministic for a given seed.
import type { Writable } from 'node:stream';
import type { Db } from '../../kernel/db.js';
import { withCheckDigit } from '../../kernel/idcode.js';
import { seededRandom } from '../../kernel/random.js';
import { CSV_HEADER } from './import.js';
import { countyOfKov, settlementUnitsOf } from '../territory/index.js';
import { today } from '../../kernel/clock.js';

const EST_MALE = ['Jaan', 'Andres', 'Toomas', 'Peeter', 'Mart', 'Rein', 'Tiit', 'Jüri', 'Margus', 'Priit', 'Kristjan', 'Rasmus', 'Oskar', 'Sander', 'Martin', 'Markus', 'Robin', 'Karl', 'Henri', 'Mihkel'];
const EST_FEMALE = ['Mari', 'Anne', 'Tiina', 'Kadri', 'Kristiina', 'Liis', 'Maria', 'Eha', 'Sirje', 'Tiiu', 'Laura', 'Sofia', 'Mia', 'Emma', 'Hanna', 'Kätlin', 'Triin', 'Piret', 'Ülle', 'Helju'];
const EST_FAMILY = ['Tamm', 'Saar', 'Sepp', 'Mägi', 'Kask', 'Kukk', 'Rebane', 'Ilves', 'Pärn', 'Koppel', 'Lepp', 'Kuusk', 'Karu', 'Õunapuu', 'Vaher', 'Lill', 'Raudsepp', 'Kallas', 'Põder', 'Luik'];
const RUS_MALE = ['Aleksandr', 'Sergei', 'Dmitri', 'Andrei', 'Vladimir', 'Aleksei', 'Nikolai', 'Ivan', 'Maksim', 'Artjom'];
const RUS_FEMALE = ['Jelena', 'Olga', 'Tatjana', 'Natalja', 'Svetlana', 'Irina', 'Anna', 'Jekaterina', 'Julia', 'Anastassia'];
const RUS_FAMILY_M = ['Ivanov', 'Smirnov', 'Kuznetsov', 'Popov', 'Vassiljev', 'Petrov', 'Sokolov', 'Mihhailov', 'Fjodorov', 'Morozov'];
const RUS_FAMILY_F = ['Ivanova', 'Smirnova', 'Kuznetsova', 'Popova', 'Vassiljeva', 'Petrova', 'Sokolova', 'Mihhailova', 'Fjodorova', 'Morozova'];

/** Share of the population by 5-year age group 0–4 … 95–99 (Estonia, about 2024). */
const AGE_WEIGHTS = [5.0, 5.6, 5.5, 5.0, 4.6, 5.5, 6.8, 7.1, 7.0, 6.9, 6.4, 6.2, 6.3, 6.1, 5.3, 4.4, 3.2, 2.2, 1.1, 0.3];

export interface GenerateOptions {
  kov: string;
  count: number;
  seed?: number;
  /** Reference "today" (YYYY-MM-DD) for ages; default today in Europe/Tallinn. */
  today?: string;
  onProgress?: (rows: number) => void;
}

export class GenerateError extends Error {}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Writes `count` synthetic people of the KOV as CSV to `out`. The KOV must exist (with its units). */
export async function generateRegister(db: Db, out: Writable, opts: GenerateOptions): Promise<{ rows: number; units: number }> {
  const info = await db.tx(async (t) => {
    const county = await countyOfKov(t, opts.kov);
    return county ? { county, units: await settlementUnitsOf(t, opts.kov) } : null;
  });
  if (!info) throw new GenerateError(`KOV ${opts.kov} is not in the current EHAK version (import EHAK or load the demo data first)`);
  if (!info.units.length) throw new GenerateError(`KOV ${opts.kov} has no settlement units in the current EHAK version`);
  if (!Number.isInteger(opts.count) || opts.count < 1 || opts.count > 5_000_000) throw new GenerateError('--count must be 1 … 5,000,000');
  const r = seededRandom(opts.seed ?? 1);
  const refDay = Date.parse(`${opts.today ?? today()}T00:00:00Z`);
  // uneven unit sizes: weight 1/(rank+1) in a shuffled order
  const unitWeights = info.units.map((_, i) => 1 / (i + 1));
  const order = info.units.map((u) => u.code).sort(() => r() - 0.5);
  const unitCum: number[] = [];
  let acc = 0;
  for (const w of unitWeights) unitCum.push((acc += w));
  const ageCum: number[] = [];
  acc = 0;
  for (const w of AGE_WEIGHTS) ageCum.push((acc += w));
  const pickCum = (cum: number[]) => {
    const x = r() * cum[cum.length - 1]!;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const used = new Set<string>();
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((res) => out.once('drain', () => res())));
  await write(`${CSV_HEADER.join(',')}\n`);
  let chunk = '';
  for (let i = 0; i < opts.count; i++) {
    const ageDays = Math.floor((pickCum(ageCum) * 5 + r() * 5) * 365.25);
    const birth = refDay - ageDays * DAY - DAY; // at least a day old
    const bd = new Date(birth);
    const year = bd.getUTCFullYear();
    const male = r() < 0.47;
    const g = (year >= 2000 ? 5 : year >= 1900 ? 3 : 1) + (male ? 0 : 1);
    const ymd = `${String(year % 100).padStart(2, '0')}${String(bd.getUTCMonth() + 1).padStart(2, '0')}${String(bd.getUTCDate()).padStart(2, '0')}`;
    let code = '';
    for (let tries = 0; ; tries++) {
      const first10 = `${g}${ymd}${String(Math.floor(r() * 1000)).padStart(3, '0')}`;
      if (!used.has(first10)) {
        used.add(first10);
        code = withCheckDigit(first10);
        break;
      }
      if (tries > 5000) throw new GenerateError('ran out of serial numbers for a birth date: lower --count');
    }
    const russian = r() < 0.25;
    const given = russian ? pick(r, male ? RUS_MALE : RUS_FEMALE) : pick(r, male ? EST_MALE : EST_FEMALE);
    const family = russian ? pick(r, male ? RUS_FAMILY_M : RUS_FAMILY_F) : pick(r, EST_FAMILY);
    const unit = order[pickCum(unitCum)]!;
    // residence started between birth and today, more often recently
    const span = refDay - birth;
    const since = iso(refDay - Math.floor(span * r() * r()));
    chunk += `${code},${given},${family},${info.county},${opts.kov},${unit},${since}\n`;
    if ((i + 1) % 10_000 === 0) {
      await write(chunk);
      chunk = '';
      opts.onProgress?.(i + 1);
    }
  }
  if (chunk) await write(chunk);
  opts.onProgress?.(opts.count);
  return { rows: opts.count, units: info.units.length };
}
