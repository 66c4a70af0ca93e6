// Presenters: what the polls JSON API and the results exports show of a poll and its results.
// Views and JSON never get raw rows; pages and the API share these shapes.
import { fmtDateTime } from '../../kernel/i18n.js';
import type { EligibleCount } from '../residents/index.js';
import type { Results } from '../voting/index.js';
import type { CommitteeMember, Poll } from './service.js';

/** A poll for officials (the API): the definition, its stage, the vote's figures and where things are. */
export function pollOut(p: Poll) {
  const v = p.vote;
  const base = `/kov/${p.kov}/polls/${p.id}`;
  const boardOut = v.publishedAt !== null;
  return {
    id: p.id,
    kov: p.kov,
    voteId: p.voteId,
    status: p.status,
    title: v.title,
    description: p.description,
    questions: v.questions,
    opensAt: v.opensAt.toISOString(),
    closesAt: v.closesAt.toISOString(),
    revote: v.revote,
    eligibility: p.rules,
    threshold: p.threshold,
    members: p.members,
    createdAt: p.createdAt.toISOString(),
    publishedAt: p.publishedAt?.toISOString() ?? null,
    closedAt: v.closedAt?.toISOString() ?? null,
    boardPublishedAt: v.publishedAt?.toISOString() ?? null,
    certifiedAt: v.certifiedAt?.toISOString() ?? null,
    rollSize: v.rollSize,
    turnout: v.turnout,
    /** Committee members whose key shares have been brought (after close). */
    decrypted: p.decrypted,
    key: v.key ? { threshold: v.key.threshold, members: v.key.members, commitments: v.key.commitments } : null,
    links: {
      page: p.publishedAt ? base : null,
      board: boardOut ? `/api/v1/boards/${p.voteId}` : null,
      results: `/api/v1${base}/results`,
      resultsCsv: `/api/v1${base}/results.csv`,
      resultsPdf: `/api/v1${base}/results.pdf`,
      publicResultsPdf: p.status === 'certified' ? `${base}/results.pdf` : null,
    },
  };
}

/** The eligible count as the manage page shows it: total and by settlement unit (code null: on an extra list only). */
export function eligibleOut(p: Poll, c: EligibleCount) {
  return { poll: p.id, eligibility: p.rules, total: c.total, byUnit: c.byUnit.map((u) => ({ code: u.code, name: u.name, count: u.count })) };
}

/** The results as CSV (UTF-8 with BOM, CRLF; Estonian texts; empty count before the board is published). */
export function resultsCsv(r: Results): string {
  const q = (s: string) => (/[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = ['question_id,question,option_id,option,votes'];
  for (const qu of r.questions) {
    for (const o of qu.options) lines.push([qu.id, q(qu.text.et), o.id, q(o.text.et), o.count === null ? '' : String(o.count)].join(','));
  }
  lines.push(`,roll_size,,,${r.rollSize}`, `,turnout,,,${r.turnout}`);
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The results as JSON: counts, turnout (suppressed), the results digest and the committee's sign-offs. */
export function resultsJson(poll: Poll, r: Results) {
  return {
    poll: poll.id,
    voteId: poll.voteId,
    kov: poll.kov,
    title: poll.vote.title,
    status: poll.status,
    opensAt: poll.vote.opensAt.toISOString(),
    closesAt: poll.vote.closesAt.toISOString(),
    certifiedAt: poll.vote.certifiedAt?.toISOString() ?? null,
    rollSize: r.rollSize,
    turnout: r.turnout,
    questions: r.questions.map((q) => ({ id: q.id, text: q.text, options: q.options.map((o) => ({ id: o.id, text: o.text, count: o.count })) })),
    turnoutByUnit: r.turnoutByUnit,
    turnoutByAge: r.turnoutByAge,
    board: r.digest ? `/api/v1/boards/${poll.voteId}` : null,
    // the committee's sign-offs, each bound to the results digest (docs/api.md, "Results digest")
    digest: r.digest,
    certifications: r.certifications,
    threshold: r.threshold,
    signatures: r.signatures.map((s) => ({ name: s.name, signedAt: s.signedAt.toISOString(), signedAtLocal: fmtDateTime(s.signedAt), digest: s.digest })),
    verify: `vallamaja verify ${poll.voteId}`,
  };
}

/** A committee member for officials: number, last four digits, whether her share still waits. */
export function committeeMemberOut(m: CommitteeMember) {
  return { member: m.member, hint: m.hint, share: m.share, pickedUpAt: m.pickedUpAt?.toISOString() ?? null };
}
