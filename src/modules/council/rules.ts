// The arithmetic of a live sitting (pure, no database): who holds the council's seats on a date
// (members and the substitutes who take a member's seat), the quorum (KOKS § 44 (4): more than half
// of the council's composition registered present) and the majority rules of a vote with its outcome.
import type { Choice, Majority, VoteOutcome } from './repo/live.js';

/** What the seat rules need of a membership (a council_membership row). */
export interface SeatMembership {
  id: string;
  voting_right: boolean;
  /** 'YYYY-MM-DD' (Europe/Tallinn). */
  starts: string;
  ends: string | null;
  /** The membership (seat) this substitute's membership replaces while it runs. */
  substitute_for: string | null;
}

const runsOn = (m: SeatMembership, day: string) => m.starts <= day && (m.ends === null || m.ends >= day);

/**
 * The memberships that hold a seat on `day`, with or without a voting right: those that run that day,
 * except a member whose seat a running substitute holds. A substitute who replaces a substitute takes
 * the seat from her too. Order of the input is kept.
 */
export function holdersOn<M extends SeatMembership>(memberships: readonly M[], day: string): M[] {
  const running = memberships.filter((m) => runsOn(m, day));
  const replaced = new Set(running.filter((m) => m.substitute_for !== null).map((m) => m.substitute_for!));
  return running.filter((m) => !replaced.has(m.id));
}

/**
 * The memberships that hold a voting seat on `day`: the holders (above) with a voting right (the
 * substitute votes, the member she replaces does not). Order of the input is kept.
 */
export function seatedOn<M extends SeatMembership>(memberships: readonly M[], day: string): M[] {
  return holdersOn(memberships, day).filter((m) => m.voting_right);
}

/** Present seats needed for a quorum: more than half of the composition (31 seats → 16, 30 → 16). */
export function quorumNeeded(seats: number): number {
  return Math.floor(seats / 2) + 1;
}

export interface Quorum {
  seats: number;
  present: number;
  needed: number;
  has: boolean;
}

/** The quorum of a sitting: `present` counts only seated memberships registered present. */
export function quorumOf(seats: number, present: number): Quorum {
  const needed = quorumNeeded(seats);
  return { seats, present, needed, has: present >= needed };
}

/**
 * The votes in favour a rule needs:
 *   simple            more for than against (against + 1); abstentions do not count either way
 *   composition       more than half of the council's seats
 *   two_thirds        at least two thirds of the seats (⌈2·seats/3⌉)
 *   present_majority  more than half of those registered present when the vote opened
 */
export function votesNeeded(majority: Majority, c: { seats: number; present: number; against: number }): number {
  switch (majority) {
    case 'simple':
      return c.against + 1;
    case 'composition':
      return Math.floor(c.seats / 2) + 1;
    case 'two_thirds':
      return Math.ceil((2 * c.seats) / 3);
    case 'present_majority':
      return Math.floor(c.present / 2) + 1;
  }
}

/**
 * The outcome of a vote: the choices of the eligible seats counted (choices of anyone not eligible,
 * which the service never stores, are ignored), those eligible who did not choose are 'not voting';
 * abstentions count as not for. `present` is the number registered present when the vote opened.
 */
export function outcomeOf(
  majority: Majority,
  c: { seats: number; present: number; eligible: readonly string[]; choices: readonly { membershipId: string; choice: Choice }[] },
): VoteOutcome {
  const eligible = new Set(c.eligible);
  const counted = new Set<string>();
  const n = { for: 0, against: 0, abstain: 0 };
  for (const ch of c.choices) {
    if (!eligible.has(ch.membershipId) || counted.has(ch.membershipId)) continue;
    counted.add(ch.membershipId);
    n[ch.choice]++;
  }
  const needed = votesNeeded(majority, { seats: c.seats, present: c.present, against: n.against });
  return {
    for: n.for,
    against: n.against,
    abstain: n.abstain,
    notVoting: eligible.size - counted.size,
    seats: c.seats,
    present: c.present,
    needed,
    adopted: n.for >= needed,
  };
}

/** The seats that may vote on an item: present seated memberships less those who declared a conflict. */
export function eligibleFor(presentSeated: readonly string[], recused: readonly string[]): string[] {
  const out = new Set(recused);
  return presentSeated.filter((id) => !out.has(id));
}
