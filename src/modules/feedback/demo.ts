// Demo data of the survey: a few hundred answers over the last months for the published services of
// the demo catalogue (module services loads it first: demoOrder), some comments still pending — among
// them ones with a phone number or an e-mail address, which the moderation page flags. The answers are
// drawn from a seeded generator (generateAnswers), which the test fixtures use as well.
import type { DemoContext } from '../../kernel/module.js';
import type { Db } from '../../kernel/db.js';
import { nowMs } from '../../kernel/clock.js';
import { uuidv7 } from '../../kernel/ids.js';
import { serviceRefs } from '../services/index.js';
import type { CommentState, Driver } from './model.js';
import { CHANNELS, DRIVERS } from './model.js';
import { seededRandom } from '../../kernel/random.js';
import { flagsOf } from './moderation.js';
import type { BulkAnswerRow } from './repo/survey.js';
import { insertAnswersBulk } from './repo/survey.js';

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
  'Helistage mulle tagasi 5123 4567, tahaksin otsust arutada.',
  'Vastust ootasin kaua. Kirjutage palun mari.maasikas@example.ee',
  'Kõik sujus kiiresti, aitäh!',
  'Vorm oli arusaadav, aga vastust pidin kaua ootama.',
  'Ametnik helistas ise tagasi ja selgitas kõik ära.',
  'Veebilehelt ei leidnud, milliseid dokumente on vaja.',
  'Very helpful staff, thank you.',
  'Всё было понятно и быстро.',
  'Taotluse staatust ei saanud kuskilt vaadata.',
  'Lahke teenindus vallamajas.',
];

/** n answers for the services (round-robin), drawn from the seeded generator (not stored). */
export function generateAnswers(kov: string, serviceIds: readonly string[], n: number, o: SeedOptions = {}): BulkAnswerRow[] {
  if (!serviceIds.length) throw new Error('generateAnswers: no services');
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
    let commentState: CommentState = hasComment ? states[Math.floor(rnd() * states.length)]! : 'none';
    const comment = hasComment && commentState !== 'redacted' ? COMMENTS[Math.floor(rnd() * COMMENTS.length)]! : null;
    // a comment with a phone number or an e-mail address waits for a moderator (who would remove it)
    if (comment !== null && flagsOf(comment).length) commentState = 'pending';
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
      comment,
      commentState,
      lang: rnd() < 0.85 ? 'et' : rnd() < 0.5 ? 'en' : 'ru',
      answeredAt: at,
    });
  }
  return rows;
}

/** Stores generated answers of one KOV, in chunks of 2,000 rows. */
export async function storeAnswers(db: Db, kov: string, rows: readonly BulkAnswerRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    await db.tx((t) => insertAnswersBulk(t, kov, chunk), { kov });
  }
}

/** How many answers each published demo service gets (the demo stays fast: one statement per KOV). */
const DEMO_PER_SERVICE = 40;

export async function feedbackDemo(ctx: DemoContext): Promise<void> {
  const refs = await serviceRefs(ctx.db, null);
  const byKov = new Map<string, string[]>();
  for (const s of refs) byKov.set(s.kovCode, [...(byKov.get(s.kovCode) ?? []), s.id]);
  let total = 0;
  let seed = 11;
  for (const [kov, ids] of byKov) {
    const rows: BulkAnswerRow[] = [];
    // services differ: each its own lean to satisfaction
    ids.forEach((id, i) => rows.push(...generateAnswers(kov, [id], DEMO_PER_SERVICE, { seed: seed++, lean: [1.2, 0.4, 0.9, -0.2, 0.7][i % 5], commentShare: 0.25 })));
    await storeAnswers(ctx.db, kov, rows);
    total += rows.length;
  }
  ctx.log(`feedback: ${total} survey answers for ${refs.length} published services`);
}
