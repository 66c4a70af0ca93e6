// The kernel clock: the one place that reads the wall clock. Every rule, page, job and SQL statement
// takes the time from here (`now()`, `today()`), so a test sets the date instead of depending on the
// day it runs. Lint refuses `Date.now()` and `new Date()` without arguments anywhere else.
//
// The database sees the same time: while the clock is set, every transaction's prelude puts it in the
// transaction-local setting `vallamaja.now`, which SQL reads through `core_now()` (migrations). On the
// real clock the setting stays empty and `core_now()` is PostgreSQL's own `now()`.

export const TIME_ZONE = 'Europe/Tallinn';

/** Where the clock stands: the wall clock, a fixed instant, or the wall clock moved by an offset. */
type Mode = { kind: 'real' } | { kind: 'fixed'; at: number } | { kind: 'offset'; by: number };
let mode: Mode = { kind: 'real' };

/** Milliseconds since the epoch. */
export function nowMs(): number {
  if (mode.kind === 'fixed') return mode.at;
  const wall = Date.now(); // eslint-disable-line no-restricted-syntax -- the clock itself
  return mode.kind === 'offset' ? wall + mode.by : wall;
}

/** The current instant. */
export function now(): Date {
  return new Date(nowMs());
}

/** A date-time as YYYY-MM-DD in Tallinn. */
export function dateInTallinn(d: Date | number): string {
  return new Date(d).toLocaleDateString('sv-SE', { timeZone: TIME_ZONE });
}

// ---------- datetime-local values (forms) are Tallinn wall time ----------

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** Milliseconds Tallinn is ahead of UTC at the instant `ms`. */
function tallinnOffset(ms: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(ms / 1000) * 1000;
}

/** A datetime-local value ('2026-11-23T10:00') read as Tallinn wall time; null if not valid. */
export function tallinnLocalToDate(s: string): Date | null {
  const m = LOCAL_RE.exec(s.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  let ms = wall - tallinnOffset(wall);
  ms = wall - tallinnOffset(ms);
  const out = new Date(ms);
  return dateToTallinnLocal(out) === s.trim() ? out : null;
}

/** A Date as a datetime-local value in Tallinn time. */
export function dateToTallinnLocal(d: Date): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
    .format(d)
    .replace(' ', 'T');
}

/** Today's date in Tallinn, YYYY-MM-DD (a legal date: a roll's reference date, an age limit). */
export function today(): string {
  return dateInTallinn(nowMs());
}

function instant(at: Date | string | number): number {
  const ms = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(at) ? `${at}T12:00:00+02:00` : at);
  if (!Number.isFinite(ms)) throw new Error(`not a time: ${String(at)}`);
  return ms;
}

/**
 * Tests and tools: the clock stands still at `at` (a date alone means noon in Tallinn that day).
 * `setClock(at, { ticking: true })` starts it there and lets it run.
 */
export function setClock(at: Date | string | number, opts: { ticking?: boolean } = {}): void {
  const ms = instant(at);
  mode = opts.ticking ? { kind: 'offset', by: ms - Date.now() } : { kind: 'fixed', at: ms }; // eslint-disable-line no-restricted-syntax -- the clock itself
}

/** Moves a set clock on (or back) by `ms` milliseconds; on the real clock it starts an offset. */
export function advanceClock(ms: number): void {
  if (mode.kind === 'fixed') mode = { kind: 'fixed', at: mode.at + ms };
  else if (mode.kind === 'offset') mode = { kind: 'offset', by: mode.by + ms };
  else mode = { kind: 'offset', by: ms };
}

/** Back to the wall clock. */
export function resetClock(): void {
  mode = { kind: 'real' };
}

/** True while the clock is the wall clock (then the database uses its own now()). */
export function clockIsReal(): boolean {
  return mode.kind === 'real';
}

/** The instant the database should take as now, as ISO text, or null on the real clock. */
export function databaseNow(): string | null {
  return mode.kind === 'real' ? null : new Date(nowMs()).toISOString();
}

/**
 * The clock from the environment: `VALLAMAJA_CLOCK=2026-06-01T09:00:00+03:00` starts a process
 * (a test's child server) ticking from that instant. Refused in production.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): void {
  const v = env.VALLAMAJA_CLOCK;
  if (!v) return;
  if (env.NODE_ENV === 'production') throw new Error('VALLAMAJA_CLOCK is for development and tests; production runs on the real clock');
  setClock(v, { ticking: true });
}
