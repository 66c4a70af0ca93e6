// The results protocol as a PDF (kernel/pdf.ts: A4, DejaVu Sans with Estonian letters and Cyrillic):
// the vote, the counts per option, turnout by settlement unit and age group (suppressed as in the
// JSON), the key's threshold, certification and where the public board is.
import type { Locale } from '../../../kernel/i18n.js';
import { fmtDateTime, translate } from '../../../kernel/i18n.js';
import { createPdf, pdfToBuffer } from '../../../kernel/pdf.js';
import type { Results, TurnoutCell, VoteView } from '../service.js';

export async function resultsPdf(vote: VoteView, res: Results, locale: Locale, opts: { boardUrl: string; compress?: boolean }): Promise<Buffer> {
  const t = (key: string, vars?: Record<string, string | number>) => translate(locale, key, vars);
  const title = vote.title[locale];
  const doc = createPdf({ title: `${t('voting.pdf.title')}: ${title}`, lang: locale, compress: opts.compress });
  doc.font('bold').fontSize(18).text(t('voting.pdf.title'));
  doc.moveDown(0.3).fontSize(14).text(title);
  doc.font('body').fontSize(10).moveDown(0.5);
  doc.text(`${t('voting.pdf.voteId')}: ${vote.id}`);
  doc.text(`${t('voting.pdf.window')}: ${fmtDateTime(vote.opensAt)} – ${fmtDateTime(vote.closesAt)}`);
  doc.text(`${t('voting.pdf.status')}: ${vote.status}`);
  doc.text(`${t('voting.pdf.turnout')}: ${res.turnout} / ${res.rollSize}`);
  if (vote.key) doc.text(t('voting.pdf.key', { k: vote.key.threshold, n: vote.key.members }));
  doc.text(t('voting.pdf.certified', { n: res.certifications, k: res.threshold ?? 0 }));
  doc.text(`${t('voting.pdf.board')}: ${opts.boardUrl}`);
  for (const q of res.questions) {
    doc.moveDown(0.8).font('bold').fontSize(12).text(q.text[locale]);
    doc.font('body').fontSize(10);
    for (const o of q.options) doc.text(`${o.text[locale]}: ${o.count ?? '—'}`, { indent: 12 });
  }
  const table = (heading: string, cells: TurnoutCell[]) => {
    doc.moveDown(0.8).font('bold').fontSize(12).text(heading);
    doc.font('body').fontSize(10);
    for (const c of cells) doc.text(`${c.key}: ${c.voted} / ${c.eligible}`, { indent: 12 });
  };
  table(t('voting.pdf.byUnit'), res.turnoutByUnit);
  table(t('voting.pdf.byAge'), res.turnoutByAge);
  doc.moveDown(0.8).fontSize(8).text(t('voting.pdf.suppression'));
  return pdfToBuffer(doc);
}
