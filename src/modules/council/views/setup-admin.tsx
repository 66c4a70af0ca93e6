// The council's official pages (set-up part; KOV admin or council secretary): the dashboard (bodies,
// people, drafts, sittings, each with its form), a body's members and substitutes, a draft's documents,
// status and opinions, and a sitting's agenda with the notice's publication.
import { dateToTallinnLocal } from '../../../kernel/clock.js';
import type { FieldError } from '../../../kernel/errors.js';
import { fmtDate, fmtDateTime } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, ErrorSummary, Layout, SelectField, Table, TextAreaField, TextField } from '../../../kernel/web/components.js';
import type { BodyRow, DraftRow, DraftView, MembershipView, Person, SittingRow, SittingView } from '../service.js';
import { DRAFT_KINDS, DRAFT_STATUSES, NOTICE_DAYS } from '../service.js';
import { ListOrNone, OpinionList, UploadField } from './parts.js';
import { DraftsTable, SittingsTable, fileHref, sittingTitle } from './setup-public.js';

type Kov = { code: string; name: string };
type T = PageCtx['t'];
export type Values = Record<string, string>;

export interface FormState {
  errors?: FieldError[];
  values?: Values;
}

const crumbsOf = (t: T, kov: Kov, last?: string) => [
  { label: kov.name, href: `/kov/${kov.code}` },
  { label: t('council.title'), href: `/kov/${kov.code}/council` },
  ...(last ? [{ label: t('council.admin.title'), href: `/kov/${kov.code}/council/admin` }, { label: last }] : [{ label: t('council.admin.title') }]),
];

function opts(t: T, prefix: string, values: readonly string[]) {
  return values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
}

export function AdminDashboard(props: { ctx: PageCtx; kov: Kov; bodies: BodyRow[]; people: Person[]; drafts: DraftRow[]; sittings: SittingRow[]; form?: FormState }) {
  const { ctx, kov } = props;
  const t = ctx.t;
  const title = t('council.admin.title');
  const errors = props.form?.errors ?? [];
  const v = props.form?.values ?? {};
  const base = `/kov/${kov.code}/council/admin`;
  const names = new Map(props.bodies.map((b) => [b.id, b.name]));
  const hasCouncil = props.bodies.some((b) => b.kind === 'council');
  const bodyOptions = props.bodies.map((b) => ({ value: b.id, label: b.name }));
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbsOf(t, kov)} wide>
      <h1>{title}</h1>
      {errors.length > 0 && <ErrorSummary t={t} errors={errors} />}
      <p>
        <a href={`/kov/${kov.code}/council`}>{t('council.admin.publicPage')}</a> · <a href={`/kov/${kov.code}/council/admin/minutes`}>{t('council.rec.admin.title')}</a>
      </p>

      <h2>{t('council.admin.bodies')}</h2>
      <Table
        t={t}
        caption={t('council.admin.bodies')}
        captionHidden
        rows={props.bodies}
        columns={[
          { label: t('council.col.name'), cell: (b) => <a href={`${base}/bodies/${b.id}`}>{b.name}</a> },
          { label: t('council.f.kind'), cell: (b) => t(`council.kind.${b.kind}`) },
          { label: t('council.f.seats'), cell: (b) => String(b.seats), numeric: true },
        ]}
      />
      <details open={errors.some((e) => ['bodyKind', 'bodyName', 'shortName', 'seats'].includes(e.field)) || !hasCouncil}>
        <summary>{t('council.admin.newBody')}</summary>
        <form method="post" action={`${base}/bodies`} novalidate>
          <CsrfField ctx={ctx} />
          <SelectField t={t} name="bodyKind" label={t('council.f.kind')} value={v.bodyKind ?? (hasCouncil ? 'commission' : 'council')} errors={errors} options={opts(t, 'council.kind', ['council', 'commission'])} />
          <TextField t={t} name="bodyName" label={t('council.f.name')} value={v.bodyName} errors={errors} required />
          <TextField t={t} name="shortName" label={t('council.f.shortName')} value={v.shortName} errors={errors} />
          <TextField t={t} name="seats" label={t('council.f.seats')} type="number" value={v.seats} errors={errors} required />
          <button type="submit">{t('council.admin.add')}</button>
        </form>
      </details>

      <h2>{t('council.admin.sittings')}</h2>
      <SittingsTable ctx={ctx} kov={kov.code} caption={t('council.admin.sittings')} sittings={props.sittings} bodyName={(id) => names.get(id) ?? ''} admin />
      {props.bodies.length > 0 && (
        <details open={errors.some((e) => ['sittingBody', 'sittingKind', 'mode', 'startsAt', 'place', 'videoUrl'].includes(e.field))}>
          <summary>{t('council.admin.newSitting')}</summary>
          <form method="post" action={`${base}/sittings`} novalidate>
            <CsrfField ctx={ctx} />
            <SelectField t={t} name="sittingBody" label={t('council.f.body')} value={v.sittingBody} errors={errors} options={bodyOptions} />
            <SelectField t={t} name="sittingKind" label={t('council.f.sittingKind')} value={v.sittingKind} errors={errors} options={opts(t, 'council.sittingKind', ['regular', 'extraordinary'])} />
            <SelectField t={t} name="mode" label={t('council.f.mode')} value={v.mode ?? 'hybrid'} errors={errors} options={opts(t, 'council.mode', ['room', 'online', 'hybrid'])} />
            <TextField t={t} name="startsAt" label={t('council.f.startsAt')} type="datetime-local" value={v.startsAt} errors={errors} required />
            <TextField t={t} name="place" label={t('council.f.place')} value={v.place} errors={errors} />
            <TextField t={t} name="videoUrl" label={t('council.f.videoUrl')} type="url" value={v.videoUrl} errors={errors} />
            <button type="submit">{t('council.admin.create')}</button>
          </form>
        </details>
      )}

      <h2>{t('council.admin.drafts')}</h2>
      <DraftsTable ctx={ctx} kov={kov.code} drafts={props.drafts} admin />
      {props.bodies.length > 0 && (
        <details open={errors.some((e) => ['draftBody', 'number', 'title', 'draftKind', 'presenter', 'summary'].includes(e.field))}>
          <summary>{t('council.admin.newDraft')}</summary>
          <form method="post" action={`${base}/drafts`} novalidate>
            <CsrfField ctx={ctx} />
            <SelectField t={t} name="draftBody" label={t('council.f.body')} value={v.draftBody} errors={errors} options={bodyOptions} />
            <TextField t={t} name="number" label={t('council.f.number')} value={v.number} errors={errors} required />
            <TextField t={t} name="title" label={t('council.f.title')} value={v.title} errors={errors} required />
            <SelectField t={t} name="draftKind" label={t('council.f.draftKind')} value={v.draftKind} errors={errors} options={opts(t, 'council.draftKind', DRAFT_KINDS)} />
            <TextField t={t} name="presenter" label={t('council.f.presenter')} value={v.presenter} errors={errors} required />
            <TextAreaField t={t} name="summary" label={t('council.f.summary')} value={v.summary} errors={errors} rows={4} />
            <button type="submit">{t('council.admin.create')}</button>
          </form>
        </details>
      )}

      <h2>{t('council.admin.people')}</h2>
      <Table
        t={t}
        caption={t('council.admin.people')}
        captionHidden
        rows={props.people}
        columns={[
          { label: t('council.col.name'), cell: (p) => p.name },
          { label: t('council.col.idcode'), cell: (p) => p.hint ?? '' },
          { label: t('council.col.email'), cell: (p) => p.email ?? '' },
        ]}
      />
      <details open={errors.some((e) => ['personName', 'idcode', 'email'].includes(e.field))}>
        <summary>{t('council.admin.newPerson')}</summary>
        <form method="post" action={`${base}/people`} novalidate>
          <CsrfField ctx={ctx} />
          <TextField t={t} name="personName" label={t('council.f.personName')} value={v.personName} errors={errors} required />
          <TextField t={t} name="idcode" label={t('council.f.idcode')} hint={t('council.admin.personHint')} value={v.idcode} errors={errors} inputmode="numeric" />
          <TextField t={t} name="email" label={t('council.f.email')} type="email" value={v.email} errors={errors} />
          <button type="submit">{t('council.admin.add')}</button>
        </form>
      </details>
    </Layout>
  );
}

export function BodyAdminPage(props: { ctx: PageCtx; kov: Kov; body: BodyRow; memberships: MembershipView[]; people: Person[]; form?: FormState }) {
  const { ctx, kov, body } = props;
  const t = ctx.t;
  const title = body.name;
  const errors = props.form?.errors ?? [];
  const v = props.form?.values ?? {};
  const base = `/kov/${kov.code}/council/admin`;
  const members = props.memberships.filter((m) => !m.substitute_for);
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbsOf(t, kov, title)} wide>
      <h1>{title}</h1>
      {errors.length > 0 && <ErrorSummary t={t} errors={errors} />}
      <p>
        {t(`council.kind.${body.kind}`)}, {t('council.seatsCount', { n: body.seats })}
      </p>
      <h2>{t('council.admin.memberships')}</h2>
      <Table
        t={t}
        caption={t('council.admin.memberships')}
        captionHidden
        rows={props.memberships}
        columns={[
          { label: t('council.col.name'), cell: (m) => m.person_name },
          { label: t('council.col.role'), cell: (m) => (m.substitute_for ? t('council.substituteOf', { name: m.substitute_for_name ?? '' }) : t(`council.role.${m.role}`)) },
          { label: t('council.col.faction'), cell: (m) => m.faction ?? '' },
          { label: t('council.col.period'), cell: (m) => t('council.period', { starts: fmtDate(m.starts), ends: m.ends ? fmtDate(m.ends) : '…' }) },
          { label: t('council.col.voting'), cell: (m) => (m.voting_right ? t('council.yes') : t('council.no')) },
          {
            label: t('council.col.actions'),
            cell: (m) =>
              m.ends ? (
                ''
              ) : (
                <form method="post" action={`${base}/memberships/${m.id}/end`} class="inline">
                  <CsrfField ctx={ctx} />
                  <label for={`f-end-${m.id}`} class="visually-hidden">
                    {t('council.f.ends')}: {m.person_name}
                  </label>
                  <input id={`f-end-${m.id}`} name="ends" type="date" required />{' '}
                  <button type="submit" class="secondary">
                    {t('council.admin.endMembership')}
                  </button>
                </form>
              ),
          },
        ]}
      />
      <h2>{t('council.admin.addMembership')}</h2>
      <form method="post" action={`${base}/bodies/${body.id}/memberships`} novalidate>
        <CsrfField ctx={ctx} />
        <SelectField t={t} name="personId" label={t('council.f.person')} value={v.personId} errors={errors} options={props.people.map((p) => ({ value: p.id, label: p.hint ? `${p.name} (${p.hint})` : p.name }))} />
        <SelectField t={t} name="role" label={t('council.f.role')} value={v.role ?? 'member'} errors={errors} options={opts(t, 'council.role', ['member', 'chair', 'deputy'])} />
        <TextField t={t} name="faction" label={t('council.f.faction')} value={v.faction} errors={errors} />
        <SelectField t={t} name="votingRight" label={t('council.f.votingRight')} value={v.votingRight ?? 'yes'} errors={errors} options={[{ value: 'yes', label: t('council.yes') }, { value: 'no', label: t('council.no') }]} />
        <TextField t={t} name="starts" label={t('council.f.starts')} type="date" value={v.starts} errors={errors} required />
        <TextField t={t} name="ends" label={t('council.f.ends')} type="date" value={v.ends} errors={errors} />
        <SelectField
          t={t}
          name="substituteFor"
          label={t('council.f.substituteFor')}
          value={v.substituteFor ?? ''}
          errors={errors}
          options={[{ value: '', label: t('council.f.noSubstitute') }, ...members.map((m) => ({ value: m.id, label: `${m.person_name} (${fmtDate(m.starts)} – ${m.ends ? fmtDate(m.ends) : '…'})` }))]}
        />
        <button type="submit">{t('council.admin.add')}</button>
      </form>
    </Layout>
  );
}

export function DraftAdminPage(props: { ctx: PageCtx; kov: Kov; v: DraftView; commissions: BodyRow[]; form?: FormState }) {
  const { ctx, kov, v } = props;
  const t = ctx.t;
  const d = v.draft;
  const title = t('council.draft.title', { number: d.number, title: d.title });
  const errors = props.form?.errors ?? [];
  const vals = props.form?.values ?? {};
  const base = `/kov/${kov.code}/council/admin/drafts/${d.id}`;
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbsOf(t, kov, title)}>
      <h1>{title}</h1>
      {errors.length > 0 && <ErrorSummary t={t} errors={errors} />}
      {d.published_at && (
        <p>
          <a href={`/kov/${kov.code}/council/drafts/${d.id}`}>{t('council.admin.publicPage')}</a>
        </p>
      )}
      <p>
        {t('council.draft.presenter')}: {d.presenter}. {t('council.draft.kind')}: {t(`council.draftKind.${d.kind}`)}.
      </p>
      {d.summary && <p>{d.summary}</p>}

      <h2>{t('council.admin.setStatus')}</h2>
      <form method="post" action={`${base}/status`} novalidate>
        <CsrfField ctx={ctx} />
        <SelectField t={t} name="status" label={t('council.f.status')} value={vals.status ?? d.status} errors={errors} options={opts(t, 'council.draftStatus', DRAFT_STATUSES)} />
        <button type="submit">{t('council.admin.save')}</button>
      </form>

      <h2>{t('council.draft.documents')}</h2>
      <ListOrNone
        items={v.documents}
        none={t('council.none')}
        item={(doc) =>
          doc.versions.map((f, i) => (
            <>
              {i > 0 && ', '}
              <a href={fileHref(kov.code, f)}>
                {f.name} ({t('council.draft.version', { version: f.version })})
              </a>
            </>
          ))
        }
      />
      <h3>{t('council.admin.upload')}</h3>
      <form method="post" action={`${base}/files`} enctype="multipart/form-data" novalidate>
        <CsrfField ctx={ctx} />
        <UploadField t={t} errors={errors} />
        <SelectField
          t={t}
          name="documentId"
          label={t('council.admin.newVersionOf')}
          value={vals.documentId ?? ''}
          errors={errors}
          options={[{ value: '', label: t('council.admin.newDocument') }, ...v.documents.map((doc) => ({ value: doc.documentId, label: doc.versions[doc.versions.length - 1]!.name }))]}
        />
        <button type="submit">{t('council.admin.upload')}</button>
      </form>

      <h2>{t('council.draft.opinions')}</h2>
      <OpinionList t={t} opinions={v.opinions} />
      {props.commissions.length > 0 && (
        <>
          <h3>{t('council.admin.opinion')}</h3>
          <form method="post" action={`${base}/opinions`} novalidate>
            <CsrfField ctx={ctx} />
            <SelectField t={t} name="opinionBody" label={t('council.f.commission')} value={vals.opinionBody} errors={errors} options={props.commissions.map((c) => ({ value: c.id, label: c.name }))} />
            <TextAreaField t={t} name="opinion" label={t('council.f.opinion')} value={vals.opinion} errors={errors} rows={4} required />
            <TextField t={t} name="decidedOn" label={t('council.f.decidedOn')} type="date" value={vals.decidedOn} errors={errors} required />
            <button type="submit">{t('council.admin.save')}</button>
          </form>
        </>
      )}
      <h2>{t('council.draft.amendments')}</h2>
      <ListOrNone
        ordered
        items={v.amendments}
        none={t('council.none')}
        item={(a) => (
          <>
            {a.text} — {t('council.draft.amendmentBy', { name: a.proposer_name, at: fmtDateTime(a.created_at), status: t(`council.amendmentStatus.${a.status}`) })}
          </>
        )}
      />
    </Layout>
  );
}

export function SittingAdminPage(props: { ctx: PageCtx; kov: Kov; v: SittingView; drafts: DraftRow[]; form?: FormState }) {
  const { ctx, kov, v } = props;
  const t = ctx.t;
  const s = v.sitting;
  const title = sittingTitle(t, v.body.name, s);
  const errors = props.form?.errors ?? [];
  const vals = props.form?.values ?? {};
  const base = `/kov/${kov.code}/council/admin/sittings/${s.id}`;
  const editable = s.state === 'planned' || s.state === 'published';
  const drafts = props.drafts.filter((d) => d.body_id === s.body_id);
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbsOf(t, kov, title)}>
      <h1>{title}</h1>
      {errors.length > 0 && <ErrorSummary t={t} errors={errors} />}
      <p>
        {fmtDateTime(s.starts_at)}, {t(`council.sittingKind.${s.kind}`)}, {t(`council.mode.${s.mode}`)}
        {s.place ? `, ${s.place}` : ''}. {t('council.col.state')}: {t(`council.state.${s.state}`)}.
      </p>
      {s.state !== 'planned' && (
        <p>
          <a href={`/kov/${kov.code}/council/sittings/${s.id}`}>{t('council.admin.publicPage')}</a>
        </p>
      )}
      {s.state === 'published' && <p>{t('council.admin.afterNotice')}</p>}

      <h2>{t('council.sitting.agenda')}</h2>
      {v.items.length === 0 ? (
        <p>{t('council.none')}</p>
      ) : (
        <ol>
          {v.items.map((i, n) => (
            <li>
              {i.title}
              {i.draft_number && <> ({t('council.item.draft', { number: i.draft_number })})</>}
              {!i.public && <> ({t('council.item.closed')})</>}
              {editable && (
                <span class="actions">
                  {n > 0 && (
                    <form method="post" action={`${base}/items/${i.id}/move`} class="inline">
                      <CsrfField ctx={ctx} />
                      <input type="hidden" name="dir" value="up" />
                      <button type="submit" class="secondary" aria-label={t('council.admin.moveLabel', { action: t('council.admin.up'), title: i.title })}>
                        {t('council.admin.up')}
                      </button>
                    </form>
                  )}
                  {n < v.items.length - 1 && (
                    <form method="post" action={`${base}/items/${i.id}/move`} class="inline">
                      <CsrfField ctx={ctx} />
                      <input type="hidden" name="dir" value="down" />
                      <button type="submit" class="secondary" aria-label={t('council.admin.moveLabel', { action: t('council.admin.down'), title: i.title })}>
                        {t('council.admin.down')}
                      </button>
                    </form>
                  )}
                  <form method="post" action={`${base}/items/${i.id}/remove`} class="inline">
                    <CsrfField ctx={ctx} />
                    <button type="submit" class="secondary" aria-label={t('council.admin.moveLabel', { action: t('council.admin.remove'), title: i.title })}>
                      {t('council.admin.remove')}
                    </button>
                  </form>
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
      {editable && (
        <>
          <h3>{t('council.admin.addItem')}</h3>
          <form method="post" action={`${base}/items`} novalidate>
            <CsrfField ctx={ctx} />
            <TextField t={t} name="title" label={t('council.f.itemTitle')} value={vals.title} errors={errors} required />
            <SelectField t={t} name="draftId" label={t('council.f.draft')} value={vals.draftId ?? ''} errors={errors} options={[{ value: '', label: t('council.f.noDraft') }, ...drafts.map((d) => ({ value: d.id, label: `${d.number} ${d.title}` }))]} />
            <SelectField t={t} name="public" label={t('council.f.public')} value={vals.public ?? 'yes'} errors={errors} options={[{ value: 'yes', label: t('council.yes') }, { value: 'no', label: t('council.no') }]} />
            <button type="submit">{t('council.admin.add')}</button>
          </form>
        </>
      )}

      <h2>{t('council.sitting.documents')}</h2>
      <ListOrNone
        items={v.files.map((doc) => doc.versions[doc.versions.length - 1]!)}
        none={t('council.none')}
        item={(f) => (
          <>
            <a href={fileHref(kov.code, f)}>{f.name}</a> ({t('council.draft.version', { version: f.version })})
          </>
        )}
      />
      {s.state !== 'closed' && (
        <form method="post" action={`${base}/files`} enctype="multipart/form-data" novalidate>
          <CsrfField ctx={ctx} />
          <UploadField t={t} errors={errors} />
          <button type="submit" class="secondary">
            {t('council.admin.upload')}
          </button>
        </form>
      )}

      {editable && (
        <>
          <h2>{t('council.admin.editSitting')}</h2>
          <form method="post" action={`${base}/edit`} novalidate>
            <CsrfField ctx={ctx} />
            <SelectField t={t} name="sittingKind" label={t('council.f.sittingKind')} value={vals.sittingKind ?? s.kind} errors={errors} options={opts(t, 'council.sittingKind', ['regular', 'extraordinary'])} />
            <SelectField t={t} name="mode" label={t('council.f.mode')} value={vals.mode ?? s.mode} errors={errors} options={opts(t, 'council.mode', ['room', 'online', 'hybrid'])} />
            <TextField t={t} name="startsAt" label={t('council.f.startsAt')} type="datetime-local" value={vals.startsAt ?? dateToTallinnLocal(new Date(s.starts_at))} errors={errors} required />
            <TextField t={t} name="place" label={t('council.f.place')} value={vals.place ?? s.place ?? ''} errors={errors} />
            <TextField t={t} name="videoUrl" label={t('council.f.videoUrl')} type="url" value={vals.videoUrl ?? s.video_url ?? ''} errors={errors} />
            {s.state === 'published' && <TextAreaField t={t} name="reason" label={t('council.f.reason')} hint={t('council.f.reasonHint')} value={vals.reason ?? ''} errors={errors} rows={3} required />}
            <button type="submit" class="secondary">
              {t('council.admin.save')}
            </button>
          </form>
        </>
      )}
      {s.state === 'planned' && (
        <>
          <h2>{t('council.admin.publish')}</h2>
          <p id="f-publish">{t('council.admin.publishHint', { regular: NOTICE_DAYS.regular, extraordinary: NOTICE_DAYS.extraordinary, deadline: fmtDate(v.noticeDeadline) })}</p>
          <form method="post" action={`${base}/publish`}>
            <CsrfField ctx={ctx} />
            <button type="submit">{t('council.admin.publish')}</button>
          </form>
        </>
      )}
    </Layout>
  );
}
