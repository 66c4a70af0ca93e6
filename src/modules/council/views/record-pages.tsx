// The council's record pages: the public archive (search, closed sittings with decisions), a sitting's
// record and signed minutes, a member's voting record; the secretary's minutes editor and the chair's
// sign-off. The minutes' text is shown through parseMinutes as headings, lists and paragraphs of
// plain text (Preact escapes it; nothing of it is HTML).
import type { ComponentChildren } from 'preact';
import type { FieldError } from '../../../kernel/errors.js';
import { fmtDate, fmtDateTime } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, ErrorSummary, Layout, Pagination, TextAreaField } from '../../../kernel/web/components.js';
import type { ArchivePage as ArchiveList, ArchiveSittingView, MemberRecord } from '../archive.js';
import type { MinutesBlock, MinutesView, RecordItem, RecordVote, SittingRecord } from '../minutes.js';
import { choiceLine, parseMinutes, voteHeading, voteSummary } from '../minutes.js';
import { MINUTES_MAX } from '../minutes.js';
import { Facts, ListOrNone, TableOrNone } from './parts.js';

type Kov = { code: string; name: string };
const base = (kov: Kov) => `/kov/${kov.code}/council`;
/** The KOV and its council: where a record page's crumbs start. */
const councilCrumbs = (ctx: PageCtx, kov: Kov) => [
  { label: kov.name, href: `/kov/${kov.code}` },
  { label: ctx.t('council.title'), href: base(kov) },
];
const archiveCrumbs = (ctx: PageCtx, kov: Kov) => [...councilCrumbs(ctx, kov), { label: ctx.t('council.rec.archive.title'), href: `${base(kov)}/archive` }];
const sittingName = (ctx: PageCtx, r: { body: { name: string }; number: number } | { bodyName: string; number: number }) =>
  ctx.t('council.rec.sittingName', { body: 'body' in r ? r.body.name : r.bodyName, number: r.number });

/** The minutes' text as blocks: its headings start at h2 (the page has its own h1). */
export function MinutesText(props: { blocks: MinutesBlock[] }) {
  const out: ComponentChildren[] = [];
  let list: string[] = [];
  const flush = () => {
    if (list.length) out.push(<ul>{list.map((l) => <li>{l}</li>)}</ul>);
    list = [];
  };
  for (const b of props.blocks) {
    if (b.kind === 'li') {
      list.push(b.text);
      continue;
    }
    flush();
    if (b.kind === 'h1') out.push(<h2>{b.text}</h2>);
    else if (b.kind === 'h2') out.push(<h3>{b.text}</h3>);
    else if (b.kind === 'h3') out.push(<h4>{b.text}</h4>);
    else out.push(<p>{b.text}</p>);
  }
  flush();
  return <div class="minutes">{out}</div>;
}

function VoteBlock(props: { ctx: PageCtx; v: RecordVote; item: RecordItem }) {
  const { ctx, v } = props;
  return (
    <>
      <h4>{voteHeading(v, ctx.locale, props.item)}</h4>
      {v.repeatOf && <p>{ctx.t('council.rec.repeat', { subject: v.repeatOfSubject ?? '', reason: v.repeatReason ?? '' })}</p>}
      <p>{voteSummary(v, ctx.locale)}</p>
      {v.kind === 'secret' && <p>{ctx.t('council.rec.secretNames')}</p>}
      {v.choices && v.choices.length > 0 && (
        <details>
          <summary>{ctx.t('council.rec.col.choice')}</summary>
          <ul>
            {v.choices.map((c) => (
              <li>{choiceLine(c, ctx.locale)}</li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

/** The record of the sitting's items: decisions and votes. */
function RecordItems(props: { ctx: PageCtx; r: SittingRecord }) {
  const { ctx, r } = props;
  return (
    <>
      {r.items.map((i) => (
        <section>
          <h3>
            {i.position}. {i.title}
          </h3>
          {i.result && <p>{ctx.t('council.rec.decision', { result: i.result })}</p>}
          {!i.public && <p>{ctx.t('council.rec.closedItem')}</p>}
          {i.amendments.length > 0 && (
            <>
              <p>{ctx.t('council.rec.amendments')}:</p>
              <ul>
                {i.amendments.map((a) => (
                  <li>
                    {a.proposer}: {a.text} ({ctx.t(`council.rec.amendment.${a.status}`)})
                  </li>
                ))}
              </ul>
            </>
          )}
          {i.votes.map((v) => (
            <VoteBlock ctx={ctx} v={v} item={i} />
          ))}
        </section>
      ))}
    </>
  );
}

export function ArchivePage(props: { ctx: PageCtx; kov: Kov; list: ArchiveList; members: { id: string; name: string; faction: string | null }[] }) {
  const { ctx, kov, list } = props;
  const t = ctx.t;
  const title = t('council.rec.archive.title');
  return (
    <Layout ctx={ctx} title={`${title} · ${kov.name}`} crumbs={[...councilCrumbs(ctx, kov), { label: title }]} wide>
      <h1>{title}</h1>
      <p>{t('council.rec.archive.lead')}</p>
      <form method="get" action={`${base(kov)}/archive`} role="search" class="search">
        <div class="field">
          <label for="f-q">{t('council.rec.search.label')}</label>
          <input type="search" id="f-q" name="q" value={list.q} maxLength={200} />
        </div>
        <button type="submit">{t('council.rec.search.button')}</button>
      </form>
      {list.q && <p role="status">{t('council.rec.search.found', { n: list.total })}</p>}
      <TableOrNone t={t} caption={title} none={t('council.rec.none')} rows={list.sittings}
        columns={[
          { label: t('council.rec.col.sitting'), cell: (s) => <a href={`${base(kov)}/archive/sittings/${s.id}`}>{sittingName(ctx, s)}</a> },
          { label: t('council.rec.col.date'), cell: (s) => fmtDateTime(s.startsAt) },
          {
            label: t('council.rec.col.decisions'),
            cell: (s) =>
              s.decisions.length ? (
                <ul>
                  {s.decisions.map((d) => (
                    <li>
                      {d.position}. {d.title}: {d.result}
                    </li>
                  ))}
                </ul>
              ) : (
                '—'
              ),
          },
          {
            label: t('council.rec.col.minutes'),
            cell: (s) => (s.minutesSignedAt ? <a href={`${base(kov)}/archive/sittings/${s.id}/minutes.pdf`}>{t('council.rec.minutes.pdf')}</a> : t('council.rec.minutes.pending')),
          },
        ]}
      />
      <Pagination t={t} url={ctx.url} page={list.page} pages={list.pages} />
      <h2>{t('council.rec.members.title')}</h2>
      <ListOrNone
        class="columns"
        items={props.members}
        none={t('table.empty')}
        item={(m) => (
          <>
            <a href={`${base(kov)}/archive/members/${m.id}`}>{m.name}</a>
            {m.faction ? ` (${m.faction})` : ''}
          </>
        )}
      />
    </Layout>
  );
}

export function ArchiveSittingPage(props: { ctx: PageCtx; kov: Kov; view: ArchiveSittingView; canEdit: boolean; canSign?: boolean }) {
  const { ctx, kov } = props;
  const { record: r, minutes } = props.view;
  const t = ctx.t;
  const title = sittingName(ctx, r);
  return (
    <Layout ctx={ctx} title={`${title} · ${kov.name}`} crumbs={[...archiveCrumbs(ctx, kov), { label: title }]} wide>
      <h1>{title}</h1>
      <Facts
        rows={[
          [
            t('council.rec.col.date'),
            <>
              {fmtDateTime(r.startsAt)} ({t(`council.rec.kind.${r.kind}`)}, {t(`council.rec.mode.${r.mode}`)})
            </>,
          ],
          !!r.place && [t('council.rec.col.place'), r.place],
          [
            t('council.rec.col.minutes'),
            minutes ? (
              <>
                {t('council.rec.minutes.signed', { at: fmtDateTime(minutes.signed_at!) })} · <a href={`${base(kov)}/archive/sittings/${r.sittingId}/minutes.pdf`}>{t('council.rec.minutes.pdf')}</a>
              </>
            ) : (
              t('council.rec.minutes.notYet')
            ),
          ],
        ]}
      />
      {props.canEdit && (
        <p>
          <a href={`${base(kov)}/admin/sittings/${r.sittingId}/minutes`}>{t('council.rec.edit.link')}</a>
        </p>
      )}
      {props.canSign && (
        <p>
          <a href={`${base(kov)}/sittings/${r.sittingId}/minutes/sign`}>{t('council.rec.sign.title')}</a>
        </p>
      )}
      <h2>{t('council.rec.votes.title')}</h2>
      <RecordItems ctx={ctx} r={r} />
      {minutes && (
        <section aria-labelledby="minutes-title">
          <h2 id="minutes-title">{t('council.rec.minutes.title')}</h2>
          <MinutesText blocks={parseMinutes(minutes.text)} />
          <p>{t('council.rec.signedBy', { name: minutes.signed_by ?? '', at: fmtDateTime(minutes.signed_at!) })}</p>
        </section>
      )}
    </Layout>
  );
}

export function MemberRecordPage(props: { ctx: PageCtx; kov: Kov; rec: MemberRecord }) {
  const { ctx, kov, rec } = props;
  const t = ctx.t;
  const title = t('council.rec.member.title', { name: rec.person.name });
  const factions = [...new Set(rec.memberships.map((m) => m.faction).filter((f): f is string => !!f))];
  return (
    <Layout ctx={ctx} title={`${title} · ${kov.name}`} crumbs={[...archiveCrumbs(ctx, kov), { label: rec.person.name }]} wide>
      <h1>{title}</h1>
      {factions.length > 0 && (
        <p>
          {t('council.rec.col.faction')}: {factions.join(', ')}
        </p>
      )}
      <TableOrNone t={t} caption={title} none={t('council.rec.member.none')} rows={rec.votes}
        columns={[
          { label: t('council.rec.col.sitting'), cell: (v) => <a href={`${base(kov)}/archive/sittings/${v.sittingId}`}>{`${sittingName(ctx, { bodyName: v.bodyName, number: v.sittingNumber })}, ${fmtDate(v.startsAt)}`}</a> },
          { label: t('council.rec.col.item'), cell: (v) => `${v.itemPosition}. ${v.itemTitle}` },
          { label: t('council.rec.col.subject'), cell: (v) => v.subject },
          { label: t('council.rec.col.choice'), cell: (v) => t(`council.rec.choice.${v.choice}`) },
          { label: t('council.rec.col.outcome'), cell: (v) => (v.outcome ? `${t(v.outcome.adopted ? 'council.rec.outcome.adopted' : 'council.rec.outcome.rejected')} (${v.outcome.for}–${v.outcome.against}–${v.outcome.abstain})` : '—') },
        ]}
      />
    </Layout>
  );
}

export function MinutesEditPage(props: { ctx: PageCtx; kov: Kov; view: MinutesView; text: string; base: number; errors?: FieldError[] }) {
  const { ctx, kov, view } = props;
  const t = ctx.t;
  const r = view.record;
  const title = `${t('council.rec.edit.title')}: ${sittingName(ctx, r)}`;
  const signed = !!view.saved?.signed_at;
  const action = `${base(kov)}/admin/sittings/${r.sittingId}/minutes`;
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ label: kov.name, href: `/kov/${kov.code}` }, { label: t('council.title'), href: base(kov) }, { label: t('council.rec.edit.title') }]} wide>
      <h1>{title}</h1>
      {view.state !== 'closed' && <p>{t('council.rec.error.notClosed')}</p>}
      {signed ? (
        <>
          <p>{t('council.rec.edit.frozen')}</p>
          <MinutesText blocks={parseMinutes(view.saved!.text)} />
          <p>{t('council.rec.signedBy', { name: view.saved!.signed_by ?? '', at: fmtDateTime(view.saved!.signed_at!) })}</p>
        </>
      ) : (
        view.state === 'closed' && (
          <form method="post" action={action} novalidate>
            <ErrorSummary t={t} errors={props.errors ?? []} />
            <CsrfField ctx={ctx} />
            <input type="hidden" name="base" value={String(props.base)} />
            {!view.saved && <p>{t('council.rec.edit.drafted')}</p>}
            <TextAreaField t={t} name="text" label={t('council.rec.edit.text')} hint={t('council.rec.edit.hint')} value={props.text} rows={30} lang="et" maxLength={MINUTES_MAX} required errors={props.errors} />
            <button type="submit">{t('council.rec.edit.save')}</button>
          </form>
        )
      )}
      <p>
        <a href={`${action}.pdf`}>{t('council.rec.edit.preview')}</a>
      </p>
      {view.versions.length > 0 && (
        <>
          <h2>{t('council.rec.edit.history')}</h2>
          <ul>
            {view.versions.map((v) => (
              <li>{t('council.rec.edit.version', { n: v.version, at: fmtDateTime(v.edited_at), by: v.edited_by ?? '—', length: v.length })}</li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}

export function MinutesSignPage(props: { ctx: PageCtx; kov: Kov; view: MinutesView; errors?: FieldError[] }) {
  const { ctx, kov, view } = props;
  const t = ctx.t;
  const title = `${t('council.rec.sign.title')}: ${sittingName(ctx, view.record)}`;
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ label: kov.name, href: `/kov/${kov.code}` }, { label: t('council.title'), href: base(kov) }, { label: t('council.rec.sign.title') }]} wide>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={props.errors ?? []} />
      {!view.saved ? (
        <p>{t('council.rec.error.noMinutes')}</p>
      ) : view.saved.signed_at ? (
        <p>{t('council.rec.signedBy', { name: view.saved.signed_by ?? '', at: fmtDateTime(view.saved.signed_at) })}</p>
      ) : (
        <form method="post" action={`${base(kov)}/sittings/${view.record.sittingId}/minutes/sign`}>
          <CsrfField ctx={ctx} />
          <p id="f-sign">{t('council.rec.sign.lead')}</p>
          <button type="submit">{t('council.rec.sign.button')}</button>
        </form>
      )}
      {view.saved && <MinutesText blocks={parseMinutes(view.saved.text)} />}
    </Layout>
  );
}

/** The secretary's list: closed sittings and where their minutes stand, each with its editor. */
export function MinutesAdminPage(props: { ctx: PageCtx; kov: Kov; list: ArchiveList }) {
  const { ctx, kov, list } = props;
  const t = ctx.t;
  const title = t('council.rec.admin.title');
  return (
    <Layout ctx={ctx} title={`${title} · ${kov.name}`} crumbs={[...councilCrumbs(ctx, kov), { label: title }]} wide>
      <h1>{title}</h1>
      <p>{t('council.rec.admin.lead')}</p>
      <TableOrNone t={t} caption={title} none={t('council.rec.none')} rows={list.sittings}
        columns={[
          { label: t('council.rec.col.sitting'), cell: (s) => <a href={`${base(kov)}/admin/sittings/${s.id}/minutes`}>{sittingName(ctx, s)}</a> },
          { label: t('council.rec.col.date'), cell: (s) => fmtDateTime(s.startsAt) },
          {
            label: t('council.rec.col.minutes'),
            cell: (s) => (s.minutesSignedAt ? t('council.rec.admin.state.signed', { at: fmtDateTime(s.minutesSignedAt) }) : t(s.minutesSaved ? 'council.rec.admin.state.saved' : 'council.rec.admin.state.none')),
          },
        ]}
      />
      <Pagination t={t} url={ctx.url} page={list.page} pages={list.pages} />
    </Layout>
  );
}
