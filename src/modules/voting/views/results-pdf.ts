// The results protocol as a PDF (kernel/pdf.ts: A4, DejaVu Sans with Estonian letters and Cyrillic):
// the vote, the counts per option (with a bar each), turnout by settlement unit and age group (suppressed as in the
// JSON), the key's threshold, where the public board is, the results digest and the committee's
// sign-offs (name, time in Tallinn, the digest each confirmed) with how to check them.
//
// resultsProtocol() lays the protocol out as lines (pure; tests read it), resultsPdf() typesets them.
import type { Locale } from '../../../kernel/i18n.js';
import { fmtDateTime, translate } from '../../../kernel/i18n.js';
import { createPdf, pdfToBuffer } from '../../../kernel/pdf.js';
import type { Results, TurnoutCell, VoteView } from '../service.js';

export interface ProtocolLine {
  kind: 'title' | 'subtitle' | 'text' | 'heading' | 'item' | 'mono' | 'small';
  text: string;
  /** An option's count as a share of its question's largest count (0–1): drawn as a bar under the line. */
  bar?: number;
}

/**
 * The protocol's options: where the board is, and a module's own lines after the counts (e.g. an
 * elder election's winner and the tie break), already in the protocol's language.
 */
export interface ProtocolOptions {
  boardUrl: string;
  extra?: ProtocolLine[];
}

export function resultsProtocol(vote: VoteView, res: Results, locale: Locale, opts: ProtocolOptions): ProtocolLine[] {
  const t = (key: string, vars?: Record<string, string | number>) => translate(locale, key, vars);
  const out: ProtocolLine[] = [];
  const line = (kind: ProtocolLine['kind'], text: string) => out.push({ kind, text });
  line('title', t('voting.pdf.title'));
  line('subtitle', vote.title[locale]);
  line('text', `${t('voting.pdf.voteId')}: ${vote.id}`);
  line('text', `${t('voting.pdf.window')}: ${fmtDateTime(vote.opensAt)} – ${fmtDateTime(vote.closesAt)}`);
  line('text', `${t('voting.pdf.status')}: ${vote.status}`);
  line('text', `${t('voting.pdf.turnout')}: ${res.turnout} / ${res.rollSize}`);
  if (vote.key) line('text', t('voting.pdf.key', { k: vote.key.threshold, n: vote.key.members }));
  line('text', t('voting.pdf.certified', { n: res.certifications, k: res.threshold ?? 0 }));
  line('text', `${t('voting.pdf.board')}: ${opts.boardUrl}`);
  for (const q of res.questions) {
    line('heading', q.text[locale]);
    const max = Math.max(0, ...q.options.map((o) => o.count ?? 0));
    for (const o of q.options) {
      out.push({ kind: 'item', text: `${o.text[locale]}: ${o.count ?? '—'}`, ...(o.count !== null && max > 0 ? { bar: o.count / max } : {}) });
    }
  }
  out.push(...(opts.extra ?? []));
  const table = (heading: string, cells: TurnoutCell[]) => {
    line('heading', heading);
    for (const c of cells) line('item', `${c.key}: ${c.voted} / ${c.eligible}`);
  };
  table(t('voting.pdf.byUnit'), res.turnoutByUnit);
  table(t('voting.pdf.byAge'), res.turnoutByAge);
  line('small', t('voting.pdf.suppression'));

  line('heading', t('voting.pdf.signatures'));
  if (res.digest) {
    line('text', `${t('voting.pdf.digest')}:`);
    line('mono', res.digest);
  }
  if (res.signatures.length === 0) line('item', t('voting.pdf.noSignatures'));
  for (const s of res.signatures) line('item', t('voting.pdf.signature', { name: s.name, at: fmtDateTime(s.signedAt), digest: s.digest ?? t('voting.pdf.noDigest') }));
  line('small', t('voting.pdf.verify', { voteId: vote.id }));
  return out;
}

/** The bars' colour: the web charts' blue (9.2:1 on white). */
const BAR_COLOUR = '#1d4f91';

export async function resultsPdf(vote: VoteView, res: Results, locale: Locale, opts: ProtocolOptions & { compress?: boolean }): Promise<Buffer> {
  const title = vote.title[locale];
  const doc = createPdf({ title: `${translate(locale, 'voting.pdf.title')}: ${title}`, lang: locale, compress: opts.compress });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  /** An indented block: every wrapped line keeps the indent. */
  const indented = (text: string) => {
    doc.text(text, left + 12, doc.y, { width: width - 12 });
    doc.x = left;
  };
  for (const l of resultsProtocol(vote, res, locale, opts)) {
    switch (l.kind) {
      case 'title':
        doc.font('bold').fontSize(18).text(l.text);
        break;
      case 'subtitle':
        doc.moveDown(0.3).font('bold').fontSize(14).text(l.text);
        doc.font('body').fontSize(10).moveDown(0.5);
        break;
      case 'text':
        doc.font('body').fontSize(10).text(l.text);
        break;
      case 'heading':
        doc.moveDown(0.8).font('bold').fontSize(12).text(l.text);
        break;
      case 'item':
        doc.font('body').fontSize(10);
        indented(l.text);
        if (l.bar !== undefined) {
          // a bar chart of the counts (the numbers are in the line above it); at least a hairline for a count above 0
          const w = l.bar > 0 ? Math.max(1, l.bar * (width - 12) * 0.6) : 0;
          if (w > 0) doc.rect(left + 12, doc.y + 1, w, 7).fill(BAR_COLOUR);
          doc.fillColor('black');
          doc.y += 11;
        }
        break;
      case 'mono':
        doc.font('body').fontSize(9);
        indented(l.text);
        break;
      case 'small':
        doc.moveDown(0.8).font('body').fontSize(8).text(l.text);
        break;
    }
  }
  return pdfToBuffer(doc);
}
