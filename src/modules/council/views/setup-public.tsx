// The council's public pages (set-up part): the councils across Estonia, a KOV's council (members with
// factions, commissions, upcoming and past sittings, drafts), a sitting's notice with its agenda and
// documents, and a draft's page (documents with versions, opinions, amendments; a member proposes).
import type { FieldError } from '../../../kernel/errors.js';
import { fmtDateTime } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, ErrorSummary, Layout, Table, TextAreaField } from '../../../kernel/web/components.js';
import { Facts, ListOrNone, OpinionList } from './parts.js';
import type { AmendmentRow, CouncilOverview, DraftRow, DraftView, FileMetaRow, Seat, SittingDetails, SittingRow, SittingView } from '../service.js';

type Kov = { code: string; name: string };
type T = PageCtx['t'];

export const sittingTitle = (t: T, bodyName: string, s: Pick<SittingRow, 'number'>) => t('council.sitting.title', { body: bodyName, number: s.number });
/** Crumbs of a page under the KOV's council: the KOV, the council, the page. */
const councilCrumbs = (t: T, kov: Kov, title: string) => [{ label: kov.name, href: `/kov/${kov.code}` }, { label: t('council.title'), href: `/kov/${kov.code}/council` }, { label: title }];
/** A sitting's details in a line, as its notice states them: time, kind, mode, place, video link. */
const detailsLine = (t: T, d: SittingDetails) => [fmtDateTime(d.startsAt), t(`council.sittingKind.${d.kind}`), t(`council.mode.${d.mode}`), d.place, d.videoUrl].filter((x) => !!x).join(', ');
export const fileHref = (kov: string, f: Pick<FileMetaRow, 'id'>) => `/kov/${kov}/council/files/${f.id}`;

export function SeatsTable(props: { t: T; caption: string; seats: Seat[]; captionHidden?: boolean }) {
  const { t } = props;
  return (
    <Table
      t={t}
      caption={props.caption}
      captionHidden={props.captionHidden}
      rows={props.seats}
      columns={[
        { label: t('council.col.name'), cell: (s) => s.name },
        { label: t('council.col.role'), cell: (s) => (s.substituteFor ? t('council.substituteOf', { name: s.replacedName ?? '' }) : t(`council.role.${s.role}`)) },
        { label: t('council.col.faction'), cell: (s) => s.faction ?? '' },
      ]}
    />
  );
}

export function SittingsTable(props: { ctx: PageCtx; kov: string; caption: string; sittings: SittingRow[]; bodyName: (id: string) => string; admin?: boolean }) {
  const { t } = props.ctx;
  if (!props.sittings.length) return <p>{t('council.none')}</p>;
  const base = props.admin ? `/kov/${props.kov}/council/admin/sittings` : `/kov/${props.kov}/council/sittings`;
  return (
    <Table
      t={t}
      caption={props.caption}
      captionHidden
      rows={props.sittings}
      columns={[
        { label: t('council.col.sitting'), cell: (s) => <a href={`${base}/${s.id}`}>{sittingTitle(t, props.bodyName(s.body_id), s)}</a> },
        { label: t('council.col.when'), cell: (s) => fmtDateTime(s.starts_at) },
        { label: t('council.sitting.kind'), cell: (s) => t(`council.sittingKind.${s.kind}`) },
        { label: t('council.col.state'), cell: (s) => t(`council.state.${s.state}`) },
      ]}
    />
  );
}

export function DraftsTable(props: { ctx: PageCtx; kov: string; drafts: DraftRow[]; admin?: boolean }) {
  const { t } = props.ctx;
  if (!props.drafts.length) return <p>{t('council.none')}</p>;
  const base = props.admin ? `/kov/${props.kov}/council/admin/drafts` : `/kov/${props.kov}/council/drafts`;
  return (
    <Table
      t={t}
      caption={t('council.drafts')}
      captionHidden
      rows={props.drafts}
      columns={[
        { label: t('council.col.number'), cell: (d) => d.number },
        { label: t('council.col.title'), cell: (d) => <a href={`${base}/${d.id}`}>{d.title}</a> },
        { label: t('council.col.presenter'), cell: (d) => d.presenter },
        { label: t('council.col.status'), cell: (d) => t(`council.draftStatus.${d.status}`) },
      ]}
    />
  );
}

/** KOVs with a council. */
export function AllCouncilsPage(props: { ctx: PageCtx; kovs: { kov: string; kovName: string; name: string; seats: number }[] }) {
  const { t } = props.ctx;
  const title = t('council.all.title');
  return (
    <Layout ctx={props.ctx} title={title} crumbs={[{ label: title }]}>
      <h1>{title}</h1>
      <p>{t('council.all.intro')}</p>
      {props.kovs.length ? (
        <ul>
          {props.kovs.map((k) => (
            <li>
              <a href={`/kov/${k.kov}/council`}>{k.kovName}</a> — {k.name} ({t('council.seatsCount', { n: k.seats })})
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('council.all.none')}</p>
      )}
    </Layout>
  );
}

export function KovCouncilPage(props: { ctx: PageCtx; kov: Kov; o: CouncilOverview; drafts: DraftRow[]; canManage: boolean }) {
  const { ctx, kov, o } = props;
  const t = ctx.t;
  const title = t('council.kovTitle', { kov: kov.name });
  const names = new Map([...(o.council ? [o.council] : []), ...o.commissions].map((b) => [b.id, b.name]));
  const bodyName = (id: string) => names.get(id) ?? '';
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ label: kov.name, href: `/kov/${kov.code}` }, { label: t('council.title') }]} wide>
      <h1>{title}</h1>
      {props.canManage && (
        <p>
          <a href={`/kov/${kov.code}/council/admin`}>{t('council.admin.title')}</a>
        </p>
      )}
      {!o.council ? (
        <p>{t('council.noCouncil')}</p>
      ) : (
        <>
          <h2>{t('council.upcoming')}</h2>
          <SittingsTable ctx={ctx} kov={kov.code} caption={t('council.upcoming')} sittings={o.upcoming} bodyName={bodyName} />
          <h2>
            {o.council.name} ({t('council.seatsCount', { n: o.council.seats })})
          </h2>
          <SeatsTable t={t} caption={t('council.members')} seats={o.seats} />
          <h2>{t('council.commissions')}</h2>
          {o.commissions.length === 0 && <p>{t('council.none')}</p>}
          {o.commissions.map((c) => (
            <section aria-labelledby={`c-${c.id}`}>
              <h3 id={`c-${c.id}`}>{c.name}</h3>
              <SeatsTable t={t} caption={`${c.name}: ${t('council.members')}`} seats={o.commissionSeats.get(c.id) ?? []} captionHidden />
            </section>
          ))}
          <h2>{t('council.drafts')}</h2>
          <DraftsTable ctx={ctx} kov={kov.code} drafts={props.drafts} />
          <h2>{t('council.past')}</h2>
          <SittingsTable ctx={ctx} kov={kov.code} caption={t('council.past')} sittings={o.past} bodyName={bodyName} />
          <p>
            <a href={`/kov/${kov.code}/council/archive`}>{t('council.rec.archive.title')}</a> · <a href={`/oparl/v1/bodies/${kov.code}`}>OParl API</a>
          </p>
        </>
      )}
    </Layout>
  );
}

function FileList(props: { t: T; kov: string; documents: { documentId: string; versions: FileMetaRow[] }[] }) {
  const { t } = props;
  if (!props.documents.length) return <p>{t('council.none')}</p>;
  const facts = (f: FileMetaRow) => t('council.draft.fileFacts', { type: f.media_type === 'application/pdf' ? 'PDF' : 'DOCX', kb: Math.max(1, Math.round(f.size / 1024)), at: fmtDateTime(f.uploaded_at) });
  return (
    <ul>
      {props.documents.map((d) => {
        const last = d.versions[d.versions.length - 1]!;
        const earlier = d.versions.slice(0, -1).reverse();
        return (
          <li>
            <a href={fileHref(props.kov, last)}>{last.name}</a> ({t('council.draft.version', { version: last.version })}; {facts(last)})
            {earlier.length > 0 && (
              <details>
                <summary>{t('council.draft.earlier')}</summary>
                <ul>
                  {earlier.map((f) => (
                    <li>
                      <a href={fileHref(props.kov, f)}>{f.name}</a> ({t('council.draft.version', { version: f.version })}; {facts(f)})
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function Amendments(props: { t: T; amendments: AmendmentRow[] }) {
  const { t } = props;
  if (!props.amendments.length) return <p>{t('council.none')}</p>;
  return (
    <ol>
      {props.amendments.map((a) => (
        <li>
          <p>{a.text}</p>
          <p class="hint">{t('council.draft.amendmentBy', { name: a.proposer_name, at: fmtDateTime(a.created_at), status: t(`council.amendmentStatus.${a.status}`) })}</p>
        </li>
      ))}
    </ol>
  );
}

export function SittingPage(props: { ctx: PageCtx; kov: Kov; v: SittingView; admin?: boolean }) {
  const { ctx, kov, v } = props;
  const t = ctx.t;
  const s = v.sitting;
  const title = sittingTitle(t, v.body.name, s);
  return (
    <Layout ctx={ctx} title={title} crumbs={councilCrumbs(t, kov, title)}>
      <h1>{title}</h1>
      {props.admin && (
        <p>
          <a href={`/kov/${kov.code}/council/admin/sittings/${s.id}`}>{t('council.admin.title')}</a>
        </p>
      )}
      <Facts
        rows={[
          [t('council.sitting.startsAt'), fmtDateTime(s.starts_at)],
          [t('council.sitting.kind'), t(`council.sittingKind.${s.kind}`)],
          [t('council.sitting.mode'), t(`council.mode.${s.mode}`)],
          !!s.place && [t('council.sitting.place'), s.place],
          !!s.video_url && [t('council.sitting.video'), <a href={s.video_url}>{s.video_url}</a>],
          [t('council.col.state'), t(`council.state.${s.state}`)],
          !!s.notice_published_at && [t('council.sitting.notice'), fmtDateTime(s.notice_published_at)],
        ]}
      />
      {v.noticeChanges.length > 0 && (
        <section aria-labelledby="notice-changes">
          <h2 id="notice-changes">{t('council.sitting.changes')}</h2>
          <ul>
            {v.noticeChanges.map((c) => (
              <li>
                {t('council.sitting.changeAt', { at: fmtDateTime(c.changed_at), reason: c.reason })}
                <br />
                {t('council.sitting.changeWas', { was: detailsLine(t, c.before), now: detailsLine(t, c.after) })}
              </li>
            ))}
          </ul>
        </section>
      )}
      <h2>{t('council.sitting.agenda')}</h2>
      {v.items.length === 0 ? (
        <p>{t('council.none')}</p>
      ) : (
        <ol>
          {v.items.map((i) => (
            <li>
              <strong>{i.title}</strong>
              {!i.public && <> ({t('council.item.closed')})</>}
              {i.draft_id && (
                <>
                  {' — '}
                  <a href={`/kov/${kov.code}/council/drafts/${i.draft_id}`}>{t('council.item.draft', { number: i.draft_number ?? '' })}</a>
                </>
              )}
              {i.result && <p>{i.result}</p>}
              {i.amendments.length > 0 && (
                <>
                  <p>{t('council.sitting.amendments')}</p>
                  <Amendments t={t} amendments={i.amendments} />
                </>
              )}
            </li>
          ))}
        </ol>
      )}
      <h2>{t('council.sitting.documents')}</h2>
      <FileList t={t} kov={kov.code} documents={v.files} />
    </Layout>
  );
}

export function DraftPage(props: { ctx: PageCtx; kov: Kov; v: DraftView; bodyName: string; canPropose: boolean; myPersonId: string | null; canManage: boolean; errors?: FieldError[]; values?: Record<string, string> }) {
  const { ctx, kov, v } = props;
  const t = ctx.t;
  const d = v.draft;
  const title = t('council.draft.title', { number: d.number, title: d.title });
  const errors = props.errors ?? [];
  const mine = v.amendments.filter((a) => a.proposer_id === props.myPersonId && a.status === 'proposed');
  return (
    <Layout ctx={ctx} title={title} crumbs={councilCrumbs(t, kov, title)}>
      <h1>{title}</h1>
      {errors.length > 0 && <ErrorSummary t={t} errors={errors} />}
      {props.canManage && (
        <p>
          <a href={`/kov/${kov.code}/council/admin/drafts/${d.id}`}>{t('council.draft.manage')}</a>
        </p>
      )}
      <Facts
        rows={[
          [t('council.f.body'), props.bodyName],
          [t('council.draft.kind'), t(`council.draftKind.${d.kind}`)],
          [t('council.draft.presenter'), d.presenter],
          [t('council.draft.status'), t(`council.draftStatus.${d.status}`)],
        ]}
      />
      {d.summary && (
        <>
          <h2>{t('council.draft.summary')}</h2>
          <p>{d.summary}</p>
        </>
      )}
      <h2>{t('council.draft.documents')}</h2>
      <FileList t={t} kov={kov.code} documents={v.documents} />
      <h2>{t('council.draft.opinions')}</h2>
      <OpinionList t={t} opinions={v.opinions} />
      <h2>{t('council.draft.sittings')}</h2>
      <ListOrNone
        items={v.sittings}
        none={t('council.none')}
        item={(s) => (
          <>
            <a href={`/kov/${kov.code}/council/sittings/${s.id}`}>{sittingTitle(t, props.bodyName, s)}</a> ({fmtDateTime(s.starts_at)})
          </>
        )}
      />
      <h2>{t('council.draft.amendments')}</h2>
      <Amendments t={t} amendments={v.amendments} />
      {mine.map((a) => (
        <form method="post" action={`/kov/${kov.code}/council/drafts/${d.id}/amendments/${a.id}/withdraw`}>
          <CsrfField ctx={ctx} />
          <button type="submit" class="secondary" aria-label={`${t('council.draft.withdraw')}: ${a.text.slice(0, 60)}`}>
            {t('council.draft.withdraw')}
          </button>
        </form>
      ))}
      {props.canPropose && (
        <section aria-labelledby="propose-title">
          <h2 id="propose-title">{t('council.draft.propose')}</h2>
          <form method="post" action={`/kov/${kov.code}/council/drafts/${d.id}/amendments`} novalidate>
            <CsrfField ctx={ctx} />
            <TextAreaField t={t} name="text" label={t('council.draft.proposeText')} hint={t('council.draft.proposeHint')} value={props.values?.text ?? ''} errors={errors} rows={5} required />
            <button type="submit">{t('council.draft.propose')}</button>
          </form>
        </section>
      )}
    </Layout>
  );
}
