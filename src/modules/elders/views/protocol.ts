// The election's own lines in the results protocol (the voting core's PDF, src/modules/voting/views/
// results-pdf.ts, typesets them after the counts): the villages, the tie rule, the winner and her
// term, and the tie break — the public draw's seed, label, keys and order, or the run-off. Pure.
import type { Locale } from '../../../kernel/i18n.js';
import { fmtDate, translate } from '../../../kernel/i18n.js';
import type { ProtocolLine } from '../../voting/index.js';
import { tieBreakOf } from '../present.js';
import type { Election } from '../service.js';

export function protocolLines(e: Election, locale: Locale, opts: { unitNames: Map<string, string>; publicUrl: string }): ProtocolLine[] {
  const t = (key: string, vars?: Record<string, string | number>) => translate(locale, key, vars);
  const nameOf = (id: string) => e.candidates.find((c) => c.id === id)?.name ?? id;
  const out: ProtocolLine[] = [];
  const line = (kind: ProtocolLine['kind'], text: string) => out.push({ kind, text });
  line('heading', t('elders.protocol.outcome'));
  line('text', t('elders.protocol.units', { units: e.units.map((u) => `${opts.unitNames.get(u) ?? u} (${u})`).join(', ') }));
  line('text', t('elders.protocol.tieRule', { rule: t(e.tieRule === 'lot' ? 'elders.tie.lot' : 'elders.tie.runoff') }));
  const o = e.outcome;
  if (o?.kind === 'elected') {
    line('text', t('elders.protocol.winner', { name: nameOf(o.candidateId), votes: o.votes }));
    if (e.elder) line('text', t('elders.protocol.term', { start: fmtDate(e.elder.termStart), end: fmtDate(e.elder.termEnd) }));
  } else if (o?.kind === 'none') line('text', t('elders.result.none'));
  const tb = tieBreakOf(e);
  if (tb?.kind === 'draw') {
    line('text', t('elders.protocol.draw', { names: tb.tied.map(nameOf).join(', '), label: tb.label }));
    line('text', `${t('elders.protocol.seed')}:`);
    line('mono', tb.seed);
    tb.order.forEach((id, i) => line('item', `${i + 1}. ${nameOf(id)}: ${tb.keys[id] ?? ''}`));
  } else if (tb?.kind === 'runoff' && o?.kind === 'runoff') {
    line('text', t('elders.protocol.runoff', { names: tb.tied.map(nameOf).join(', '), votes: o.votes }));
    line('text', tb.runoffId ? t('elders.protocol.runoffRef', { url: `${opts.publicUrl}/kov/${e.kov}/elders/${tb.runoffId}` }) : t('elders.protocol.runoffPending'));
  }
  return out;
}
