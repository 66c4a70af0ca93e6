// The training module's pure rules (no database): completion, places and the waiting list, the
// registration deadline, a team's input, check-in and certificate codes. service.ts applies them in
// its transactions; model.test.ts tests them.
import { randomInt } from 'node:crypto';
import type { FieldError } from '../../kernel/errors.js';
import { parseIdcode } from '../../kernel/idcode.js';

/** The most members a team may have (and the fewest: one). */
export const MAX_TEAM = 5;

/** A programme's completion rule: contact days attended and e-learning hours done. */
export interface CompletionRule {
  minDays: number;
  minElearningHours: number;
}

export interface Completion {
  complete: boolean;
  daysAttended: number;
  daysMissing: number;
  hoursMissing: number;
}

/** Whether a participant completed: at least minDays contact days AND at least minElearningHours. */
export function completion(rule: CompletionRule, daysAttended: number, elearningHours: number): Completion {
  const daysMissing = Math.max(0, rule.minDays - daysAttended);
  const hoursMissing = Math.max(0, Math.round((rule.minElearningHours - elearningHours) * 10) / 10);
  return { complete: daysMissing === 0 && hoursMissing === 0, daysAttended, daysMissing, hoursMissing };
}

/** A group's places (counted in people) as its row holds them. */
export interface Places {
  capacity: number;
  /** People in confirmed teams. */
  taken: number;
  /** Teams on the waiting list. */
  waiting: number;
}

export const freePlaces = (p: Pick<Places, 'capacity' | 'taken'>): number => Math.max(0, p.capacity - p.taken);

/**
 * Where a new team of `size` people goes: confirmed when it fits whole and nobody waits before it
 * (the waiting list is served in order), else on the waiting list. No partial teams.
 */
export function placeFor(p: Places, size: number): 'confirmed' | 'waiting' {
  return p.waiting === 0 && size <= freePlaces(p) ? 'confirmed' : 'waiting';
}

/**
 * The waiting teams (in their order) that the free places take, strictly in order: the first team
 * that does not fit whole stops the promotions (a later, smaller team does not jump the queue).
 */
export function promotions<T extends { size: number }>(p: Pick<Places, 'capacity' | 'taken'>, waitingInOrder: readonly T[]): T[] {
  let free = freePlaces(p);
  const out: T[] = [];
  for (const team of waitingInOrder) {
    if (team.size > free) break;
    out.push(team);
    free -= team.size;
  }
  return out;
}

/** Registration is open until the deadline (inclusive of the deadline's instant: closed at it). */
export const registrationOpen = (deadline: Date, at: Date): boolean => at.getTime() < deadline.getTime();

const EMAIL_RE = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]{2,}$/;
export const isEmail = (s: string): boolean => s.length <= 254 && EMAIL_RE.test(s);

/** A member as the form or the API gives it: a name, a personal ID code, an e-mail address (may be empty). */
export interface MemberInput {
  name: string;
  idcode: string;
  email: string;
}

export interface TeamInput {
  groupId: string;
  /** A service of the KOV's catalogue (its id), or '' when the team names a problem instead. */
  serviceId: string;
  /** The problem the team will work on (when no service is chosen). */
  problem: string;
  contactEmail: string;
  members: MemberInput[];
}

/** Field errors of a team's input (the service checks the service id against the catalogue). */
export function teamErrors(input: TeamInput): FieldError[] {
  const errs: FieldError[] = [];
  const members = input.members.filter((m) => m.name.trim() || m.idcode.trim() || m.email.trim());
  if (!input.groupId) errs.push({ field: 'groupId', reason: 'training.error.group' });
  if (!input.serviceId && !input.problem.trim()) errs.push({ field: 'problem', reason: 'training.error.topic' });
  if (input.problem.length > 500) errs.push({ field: 'problem', reason: 'training.error.tooLong' });
  if (!isEmail(input.contactEmail.trim())) errs.push({ field: 'contactEmail', reason: 'training.error.email' });
  if (members.length < 1) errs.push({ field: 'members.0.name', reason: 'training.error.noMembers' });
  if (members.length > MAX_TEAM) errs.push({ field: `members.${MAX_TEAM}.name`, reason: 'training.error.tooMany' });
  const seen = new Set<string>();
  input.members.forEach((m, i) => {
    if (!(m.name.trim() || m.idcode.trim() || m.email.trim())) return;
    if (!m.name.trim() || m.name.length > 200) errs.push({ field: `members.${i}.name`, reason: 'training.error.name' });
    const id = parseIdcode(m.idcode);
    if (!id.ok) errs.push({ field: `members.${i}.idcode`, reason: 'training.error.idcode' });
    else if (seen.has(id.value.code)) errs.push({ field: `members.${i}.idcode`, reason: 'training.error.twice' });
    else seen.add(id.value.code);
    if (m.email.trim() && !isEmail(m.email.trim())) errs.push({ field: `members.${i}.email`, reason: 'training.error.email' });
  });
  return errs;
}

/** The members a form gave (empty rows left out), trimmed. */
export function filledMembers(members: readonly MemberInput[]): MemberInput[] {
  return members
    .filter((m) => m.name.trim() || m.idcode.trim() || m.email.trim())
    .map((m) => ({ name: m.name.trim(), idcode: m.idcode.trim(), email: m.email.trim() }));
}

const CODE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function code(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += CODE_CHARS[randomInt(CODE_CHARS.length)];
  return s;
}
/** A day's check-in code, shown in the room (6 characters, no 0/O or 1/I). */
export const newCheckinCode = (): string => code(6);
/** A certificate's verification code (12 characters). */
export const newCertificateCode = (): string => code(12);
export const isCheckinCode = (s: string): boolean => /^[A-Z0-9]{6}$/.test(s);
export const isCertificateCode = (s: string): boolean => /^[A-Z0-9]{12}$/.test(s);

/** A check-in is valid only on the day itself (Europe/Tallinn date) and for that day's group. */
export const checkinValid = (dayDate: string, todayInTallinn: string): boolean => dayDate === todayInTallinn;

export const EVENT_KINDS = ['seminar', 'webinar'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
