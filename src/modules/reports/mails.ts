// The reporter's and followers' e-mails, composed from messages-mail.ts and messages-follow.ts in the
// reader's language (et/en/ru): plain text, and the same words as readable HTML (kernel
// htmlFromText); dates in the Estonian form (22.11.2026). Never a personal ID code; never an internal
// note. A mail about changes carries its unsubscribe link (and the notifier the List-Unsubscribe headers).
import { fmtDate, translator, type Locale } from '../../kernel/i18n.js';
import { htmlFromText } from '../../kernel/mail.js';
import type { EventKind, ReportStatus } from './repo.js';

export interface MailText {
  subject: string;
  text: string;
  html: string;
}

/** What every mail about a report says about it. */
export interface MailReport {
  lang: Locale;
  kovName: string;
  number: string;
  category: string;
  /** The address, or the coordinates. */
  place: string;
  /** The public page of the report. */
  link: string;
  /** The link that stops the mails about this report (mails about changes). */
  unsubscribe?: string | null;
}

function compose(r: MailReport, subject: string, paragraphs: (string | null)[]): MailText {
  const t = translator(r.lang);
  const head = [t('reports.mail.greeting'), t('reports.mail.report', { number: r.number, category: r.category }), t('reports.mail.place', { place: r.place })];
  const footer = [t('reports.mail.footer', { kov: r.kovName }), r.unsubscribe ? t('reports.mail.unsubscribe', { link: r.unsubscribe }) : null].filter(Boolean).join('\n');
  const body = [head.join('\n'), ...paragraphs.filter((p): p is string => p !== null && p !== ''), '--\n' + footer];
  const text = `${body.join('\n\n')}\n`;
  return { subject, text, html: htmlFromText(text, r.lang, subject) };
}

/** An anonymous report: the link that confirms the e-mail address (its page asks before confirming). */
export function confirmMail(r: MailReport, confirmLink: string): MailText {
  const t = translator(r.lang);
  return compose(r, t('reports.mail.confirm.subject', { number: r.number }), [
    `${t('reports.mail.confirm.body', { kov: r.kovName })}\n${confirmLink}`,
    t('reports.mail.confirm.ignore'),
  ]);
}

/** The report is received: its number, public link and expected-by date. */
export function receiptMail(r: MailReport, expectedAt: Date | null, willNotify: boolean): MailText {
  const t = translator(r.lang);
  return compose(r, t('reports.mail.receipt.subject', { number: r.number }), [
    [t('reports.mail.receipt.body', { kov: r.kovName, number: r.number }), expectedAt ? t('reports.mail.receipt.expected', { date: fmtDate(expectedAt) }) : null]
      .filter(Boolean)
      .join(' '),
    t('reports.mail.follow', { link: r.link }),
    willNotify ? t('reports.mail.receipt.notify') : null,
  ]);
}

export interface MailChange {
  kind: EventKind;
  status: ReportStatus;
  /** The public answer text of the event, if any. */
  body: string | null;
  /** category: the new category's name. */
  category?: string;
  /** forwarded: to whom. */
  forwardedTo?: string | null;
}

function changeLine(t: ReturnType<typeof translator>, c: MailChange): string {
  const status = t(`reports.status.${c.status}`);
  switch (c.kind) {
    case 'answer':
      return t('reports.mail.change.answer');
    case 'category':
      return t('reports.mail.change.category', { category: c.category ?? '' });
    case 'merged':
      return t('reports.mail.change.merged');
    case 'reopened':
      return t('reports.mail.change.reopened');
    case 'confirmed':
      return t('reports.mail.change.confirmed');
    default:
      return [t('reports.mail.change.status', { status }), c.forwardedTo ? t('reports.mail.change.forwardedTo', { to: c.forwardedTo }) : null].filter(Boolean).join(' ');
  }
}

/** A public change of the report: what changed, with the public answer. */
export function updateMail(r: MailReport, c: MailChange): MailText {
  const t = translator(r.lang);
  return compose(r, t('reports.mail.update.subject', { number: r.number, status: t(`reports.status.${c.status}`) }), [
    `${t('reports.mail.update.intro', { number: r.number })}\n${changeLine(t, c)}`,
    c.body ? `${t('reports.mail.answer')}\n${c.body}` : null,
    t('reports.mail.follow', { link: r.link }),
  ]);
}

/** The report is fixed or closed: what changed, and "is it fixed?" with the feedback link. */
export function feedbackMail(r: MailReport, c: MailChange, feedbackLink: string): MailText {
  const t = translator(r.lang);
  return compose(r, t('reports.mail.feedback.subject', { number: r.number }), [
    `${t('reports.mail.update.intro', { number: r.number })}\n${changeLine(t, c)}`,
    c.body ? `${t('reports.mail.answer')}\n${c.body}` : null,
    `${t('reports.mail.feedback.ask')}\n${feedbackLink}`,
    t('reports.mail.follow', { link: r.link }),
  ]);
}

/** Someone asked to follow a report with this address: the link that confirms it. */
export function followConfirmMail(r: MailReport, confirmLink: string): MailText {
  const t = translator(r.lang);
  return compose(r, t('reports.mail.followConfirm.subject', { number: r.number }), [
    `${t('reports.mail.followConfirm.body', { number: r.number })}\n${confirmLink}`,
    t('reports.mail.followConfirm.ignore'),
  ]);
}

/** A public change of a report the reader follows. */
export function followerUpdateMail(r: MailReport, c: MailChange): MailText {
  const t = translator(r.lang);
  return compose(r, t('reports.mail.update.subject', { number: r.number, status: t(`reports.status.${c.status}`) }), [
    `${t('reports.mail.followed.intro', { number: r.number })}\n${changeLine(t, c)}`,
    c.body ? `${t('reports.mail.answer')}\n${c.body}` : null,
    t('reports.mail.followed.link', { link: r.link }),
  ]);
}
