// Test factories for the feedback module (other modules' tests and the bench may use them too).
//   answer(db, kov, serviceId, partial)        one answer through the real insert (pending comment if it has one)
//   seedAnswers(db, kov, serviceIds, n, opts)  n answers in a few bulk statements, drawn from a seeded
//                                              generator: the rows are returned, so a test can compute
//                                              the figures it expects independently of the SQL
import type { Db } from '../../kernel/db.js';
import { nowMs } from '../../kernel/clock.js';
import { uuidv7 } from '../../kernel/ids.js';
import type { Channel, CommentState, Driver } from './model.js';
import { CHANNELS, DRIVERS } from './model.js';
import type { AnswerRow, BulkAnswerRow } from './repo/survey.js';
import { insertAnswer, insertAnswersBulk } from './repo/survey.js';

export interface AnswerPartial {
  channel?: Channel;
  satisfaction?: number;
  ease?: number;
  wentWell?: Driver[];
  wentBadly?: Driver[];
  comment?: string | null;
  lang?: 'et' | 'en' | 'ru';
  answeredAt?: Date;
}

/** One answer (the real insert: a comment is 'pending'). */
export async function answer(db: Db, kov: string, serviceId: string, p: AnswerPartial = {}): Promise<AnswerRow> {
  return db.tx(
    (t) =>
      insertAnswer(t, {
        id: uuidv7(),
        kov,
        serviceId,
        channel: p.channel ?? 'form',
        inviteId: null,
        satisfaction: p.satisfaction ?? 4,
        ease: p.ease ?? 4,
        wentWell: p.wentWell ?? [],
        wentBadly: p.wentBadly ?? [],
        comment: p.comment ?? null,
        lang: p.lang ?? 'et',
        answeredAt: p.answeredAt,
      }),
    { kov },
  );
}

/** A small seeded generator (mulberry32): the same seed, the same answers. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeedOptions {
  seed?: number;
  /** Answers fall between `from` and `to` (default: the 180 days before the kernel clock's now). */
  from?: Date;
  to?: Date;
  /** Share of answers with a comment (default 0.2); of those, the states drawn from `commentStates`. */
  commentShare?: number;
  commentStates?: CommentState[];
  /** A lean to satisfaction (added to a 1..5 draw, clamped): services differ this way in demos. */
  lean?: number;
}

const COMMENTS = [
  'Kõik sujus kiiresti, aitäh!',
  'Vorm oli arusaadav, aga vastust pidin kaua ootama.',
  'Ametnik helistas ise tagasi ja selgitas kõik ära.',
  'Veebilehelt ei leidnud, milliseid dokumente on vaja.',
  'Very helpful staff, thank you.',
  'Всё было понятно и быстро.',
  'Taotluse staatust ei saanud kuskilt vaadata.',
  'Lahke teenindus vallamajas.',
];

/** n answers for the services (round-robin), inserted in chunks; answers the rows as inserted. */
export async function seedAnswers(db: Db, kov: string, serviceIds: readonly string[], n: number, o: SeedOptions = {}): Promise<BulkAnswerRow[]> {
  if (!serviceIds.length) throw new Error('seedAnswers: no services');
  const rnd = seededRandom(o.seed ?? 1);
  const to = (o.to ?? new Date(nowMs())).getTime();
  const from = (o.from ?? new Date(to - 180 * 86400_000)).getTime();
  const states = o.commentStates ?? ['pending', 'approved', 'approved', 'rejected'];
  const share = o.commentShare ?? 0.2;
  const clamp = (x: number) => Math.min(5, Math.max(1, Math.round(x)));
  const rows: BulkAnswerRow[] = [];
  for (let i = 0; i < n; i++) {
    const satisfaction = clamp(1 + rnd() * 5 - 0.5 + (o.lean ?? 0.8));
    const ease = clamp(satisfaction + (rnd() - 0.5) * 2);
    const wentWell: Driver[] = [];
    const wentBadly: Driver[] = [];
    for (const d of DRIVERS) {
      const r = rnd();
      if (r < 0.08 * satisfaction) wentWell.push(d);
      else if (r > 1 - 0.06 * (6 - satisfaction)) wentBadly.push(d);
    }
    const hasComment = rnd() < share;
    const commentState: CommentState = hasComment ? states[Math.floor(rnd() * states.length)]! : 'none';
    const at = new Date(from + Math.floor(rnd() * Math.max(1, to - from)));
    rows.push({
      id: uuidv7(at.getTime()),
      kov,
      serviceId: serviceIds[i % serviceIds.length]!,
      channel: CHANNELS.filter((c) => c !== 'link')[Math.floor(rnd() * 4)]!,
      inviteId: null,
      satisfaction,
      ease,
      wentWell,
      wentBadly,
      comment: hasComment && commentState !== 'redacted' ? COMMENTS[Math.floor(rnd() * COMMENTS.length)]! : null,
      commentState: commentState === 'redacted' || hasComment ? commentState : 'none',
      lang: rnd() < 0.85 ? 'et' : rnd() < 0.5 ? 'en' : 'ru',
      answeredAt: at,
    });
  }
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    await db.tx((t) => insertAnswersBulk(t, kov, chunk), { kov });
  }
  return rows;
}
