// The service catalogue's official pages (service owners and KOV admins; templates: ELVL): the list
// with status filters, a new service, adopting a template, a service's page (its content, channels,
// process steps, diagrams, versions, publish / archive with a confirmation), the edit form, the
// version history, the cross-KOV view and the templates.
import type { FieldError } from '../../../kernel/errors.js';
import { fmtDateTime, fmtNumber } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CheckboxesField, CsrfField, ErrorSummary, Layout, SelectField, Table, TextAreaField, TextField } from '../../../kernel/web/components.js';
import type { Lang, ServiceContent, ServiceStatus } from '../model.js';
import { AUDIENCES, CHANNEL_KINDS, LIFE_EVENTS } from '../model.js';
import type { FormValues } from '../present.js';
import { durationText, euros, inLang, many, one } from '../present.js';
import type { CrossKovView, DiagramView, ServiceListItem, ServiceView, TemplateView, VersionInfo } from '../service.js';

type Kov = { code: string; name: string };
type T = PageCtx['t'];

export interface FormState {
  errors?: FieldError[];
  values?: FormValues;
}

const adminBase = (kov: string) => `/kov/${kov}/services/admin`;
const lang = (ctx: PageCtx): Lang => ctx.locale as Lang;

function crumbs(t: T, kov: Kov, ...rest: { label: string; href?: string }[]) {
  return [
    { label: kov.name, href: `/kov/${kov.code}` },
    { label: t('admin.title'), href: `/kov/${kov.code}/admin` },
    { label: t('services.admin.title'), href: adminBase(kov.code) },
    ...rest,
  ];
}

const opts = (t: T, prefix: string, values: readonly string[]) => values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));

function StatusTag(props: { t: T; status: ServiceStatus }) {
  return <strong class={`tag tag-${props.status}`}>{props.t(`services.status.${props.status}`)}</strong>;
}

// ---------------------------------------------------------------- the list

export function AdminListPage(props: { ctx: PageCtx; kov: Kov; items: ServiceListItem[]; status: ServiceStatus | null; keepsTemplates: boolean }) {
  const { ctx, kov } = props;
  const t = ctx.t;
  const base = adminBase(kov.code);
  const title = t('services.admin.title');
  return (
    <Layout ctx={ctx} title={`${title} · ${kov.name}`} crumbs={crumbs(t, kov).slice(0, -1).concat({ label: title })} wide>
      <h1>{title}</h1>
      <p>{t('services.admin.intro')}</p>
      <div class="actions">
        <span>
          <a href={`${base}/new`}>{t('services.admin.new')}</a>
        </span>
        <span>
          <a href={`${base}/adopt`}>{t('services.admin.adopt')}</a>
        </span>
        <span>
          <a href="/services/admin/cross-kov">{t('services.cross.title')}</a>
        </span>
        {props.keepsTemplates && (
          <span>
            <a href="/services/admin/templates">{t('services.tpl.title')}</a>
          </span>
        )}
      </div>
      <form method="get" action={base} class="filters">
        <SelectField
          t={t}
          name="status"
          label={t('services.f.status')}
          value={props.status ?? ''}
          options={[{ value: '', label: t('services.admin.all') }, ...opts(t, 'services.status', ['draft', 'published', 'archived'])]}
        />
        <button type="submit">{t('form.filter')}</button>
      </form>
      <Table
        t={t}
        caption={props.status ? `${title}: ${t(`services.status.${props.status}`)}` : title}
        captionHidden
        rows={props.items}
        columns={[
          { label: t('services.f.name'), cell: (s) => <a href={`${base}/${s.id}`}>{inLang(s.name, lang(ctx)) || s.slug}</a> },
          { label: t('services.f.status'), cell: (s) => <StatusTag t={t} status={s.status} /> },
          { label: t('services.col.draft'), cell: (s) => (s.draftNo !== null && s.currentNo !== null ? t('services.admin.pendingDraft', { no: s.draftNo }) : '') },
          { label: t('services.f.unit'), cell: (s) => s.unit ?? '' },
          { label: t('services.f.ownerName'), cell: (s) => s.ownerName ?? '' },
          { label: t('services.col.updated'), cell: (s) => fmtDateTime(s.updatedAt) },
        ]}
      />
    </Layout>
  );
}

// ---------------------------------------------------------------- the main content form

function L3Fields(props: { t: T; field: string; legend: string; v: FormValues; errors: FieldError[]; area?: boolean; required?: boolean }) {
  const { t, field, v, errors } = props;
  return (
    <fieldset class="l3">
      <legend>{props.legend}</legend>
      {(['et', 'en', 'ru'] as const).map((l) =>
        props.area ? (
          <TextAreaField t={t} name={`${field}.${l}`} label={t(`services.lang.${l}`)} value={one(v, `${field}.${l}`)} errors={errors} required={props.required && l === 'et'} lang={l} rows={4} />
        ) : (
          <TextField t={t} name={`${field}.${l}`} label={t(`services.lang.${l}`)} value={one(v, `${field}.${l}`)} errors={errors} required={props.required && l === 'et'} />
        ),
      )}
    </fieldset>
  );
}

export function ContentFields(props: { ctx: PageCtx; v: FormValues; errors: FieldError[]; related?: { id: string; name: string }[]; template?: boolean }) {
  const { ctx, v, errors } = props;
  const t = ctx.t;
  return (
    <>
      <L3Fields t={t} field="name" legend={t('services.f.name')} v={v} errors={errors} required />
      <L3Fields t={t} field="description" legend={t('services.f.description')} v={v} errors={errors} area required />
      {!props.template && (
        <>
          <TextField t={t} name="unit" label={t('services.f.unit')} hint={t('services.f.unit.hint')} value={one(v, 'unit')} errors={errors} />
          <TextField t={t} name="ownerName" label={t('services.f.ownerName')} hint={t('services.f.ownerName.hint')} value={one(v, 'ownerName')} errors={errors} />
          <TextField t={t} name="ownerEmail" label={t('services.f.ownerEmail')} type="email" value={one(v, 'ownerEmail')} errors={errors} />
        </>
      )}
      <TextAreaField t={t} name="legalBases" label={t('services.f.legalBases')} hint={t('services.f.legalBases.hint')} value={one(v, 'legalBases')} errors={errors} rows={3} />
      <CheckboxesField t={t} name="audiences" legend={t('services.f.audiences')} options={opts(t, 'services.audience', AUDIENCES)} values={many(v, 'audiences')} errors={errors} />
      <CheckboxesField t={t} name="lifeEvents" legend={t('services.f.lifeEvents')} hint={t('services.f.lifeEvents.hint')} options={opts(t, 'services.lifeEvent', LIFE_EVENTS)} values={many(v, 'lifeEvents')} errors={errors} />
      <L3Fields t={t} field="requirements" legend={t('services.f.requirements')} v={v} errors={errors} area />
      <TextAreaField t={t} name="evidence" label={t('services.f.evidence')} hint={t('services.f.evidence.hint')} value={one(v, 'evidence')} errors={errors} rows={3} />
      <L3Fields t={t} field="output" legend={t('services.f.output')} v={v} errors={errors} area />
      <TextAreaField t={t} name="relatedState" label={t('services.f.relatedState')} hint={t('services.f.relatedState.hint')} value={one(v, 'relatedState')} errors={errors} rows={2} />
      {props.related && props.related.length > 0 && (
        <CheckboxesField t={t} name="relatedServices" legend={t('services.f.relatedServices')} options={props.related.map((r) => ({ value: r.id, label: r.name }))} values={many(v, 'relatedServices')} errors={errors} />
      )}
      <TextField t={t} name="keywords" label={t('services.f.keywords')} hint={t('services.f.keywords.hint')} value={one(v, 'keywords')} errors={errors} />
    </>
  );
}

export function ContentFormPage(props: {
  ctx: PageCtx;
  kov: Kov;
  title: string;
  action: string;
  back: { href: string; label: string };
  form: FormState;
  related?: { id: string; name: string }[];
  note?: string;
}) {
  const { ctx, kov } = props;
  const t = ctx.t;
  const errors = props.form.errors ?? [];
  return (
    <Layout ctx={ctx} title={props.title} crumbs={crumbs(t, kov, props.back, { label: props.title })}>
      <h1>{props.title}</h1>
      <ErrorSummary t={t} errors={errors} />
      {props.note && <p>{props.note}</p>}
      <form method="post" action={props.action} novalidate>
        <CsrfField ctx={ctx} />
        {one(props.form.values ?? {}, 'stamp') && <input type="hidden" name="stamp" value={one(props.form.values ?? {}, 'stamp')} />}
        <ContentFields ctx={ctx} v={props.form.values ?? {}} errors={errors} related={props.related} />
        <button type="submit">{t('form.save')}</button> <a href={props.back.href}>{t('form.cancel')}</a>
      </form>
    </Layout>
  );
}

// ---------------------------------------------------------------- adopting a template

export function AdoptPage(props: { ctx: PageCtx; kov: Kov; templates: TemplateView[]; adopted: Map<string, { id: string; name: string }> }) {
  const { ctx, kov } = props;
  const t = ctx.t;
  const title = t('services.admin.adopt');
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(t, kov, { label: title })} wide>
      <h1>{title}</h1>
      <p>{t('services.adopt.intro')}</p>
      <Table
        t={t}
        caption={t('services.tpl.title')}
        captionHidden
        rows={props.templates}
        columns={[
          { label: t('services.f.name'), cell: (x) => inLang(x.content.name, lang(ctx)) },
          { label: t('services.f.legalBases'), cell: (x) => x.content.legalBases.map((b) => `${b.act} ${b.section}`.trim()).join('; ') },
          {
            label: t('services.col.action'),
            cell: (x) => {
              const mine = props.adopted.get(x.id);
              return (
                <>
                  {mine && (
                    <p>
                      {t('services.adopt.already')} <a href={`${adminBase(kov.code)}/${mine.id}`}>{mine.name}</a>
                    </p>
                  )}
                  <form method="post" action={`${adminBase(kov.code)}/adopt`}>
                    <CsrfField ctx={ctx} />
                    <input type="hidden" name="templateId" value={x.id} />
                    <button type="submit" class="button-secondary button-small" aria-label={`${t('services.adopt.button')}: ${inLang(x.content.name, lang(ctx))}`}>
                      {t('services.adopt.button')}
                    </button>
                  </form>
                </>
              );
            },
          },
        ]}
      />
    </Layout>
  );
}

// ---------------------------------------------------------------- a service's content, shown

function Money(props: { t: T; cents: number }) {
  return <>{euros(props.cents) ?? props.t('services.free')}</>;
}

export function ContentView(props: { ctx: PageCtx; c: ServiceContent; relatedNames?: Map<string, string> }) {
  const { ctx, c } = props;
  const t = ctx.t;
  const l = lang(ctx);
  const dash = '—';
  return (
    <dl class="summary">
      <dt>{t('services.f.name')}</dt>
      <dd>
        {c.name.et}
        {c.name.en && (
          <>
            <br />
            <span lang="en">{c.name.en}</span>
          </>
        )}
        {c.name.ru && (
          <>
            <br />
            <span lang="ru">{c.name.ru}</span>
          </>
        )}
      </dd>
      <dt>{t('services.f.description')}</dt>
      <dd>{inLang(c.description, l) || dash}</dd>
      <dt>{t('services.f.unit')}</dt>
      <dd>{c.unit || dash}</dd>
      <dt>{t('services.f.ownerName')}</dt>
      <dd>
        {c.ownerName || dash}
        {c.ownerEmail && <> ({c.ownerEmail})</>}
      </dd>
      <dt>{t('services.f.legalBases')}</dt>
      <dd>
        {c.legalBases.length ? (
          <ul>
            {c.legalBases.map((b) => (
              <li>{b.url ? <a href={b.url}>{`${b.act} ${b.section}`.trim()}</a> : `${b.act} ${b.section}`.trim()}</li>
            ))}
          </ul>
        ) : (
          dash
        )}
      </dd>
      <dt>{t('services.f.audiences')}</dt>
      <dd>{c.audiences.map((a) => t(`services.audience.${a}`)).join(', ') || dash}</dd>
      <dt>{t('services.f.lifeEvents')}</dt>
      <dd>{c.lifeEvents.map((e) => t(`services.lifeEvent.${e}`)).join(', ') || dash}</dd>
      <dt>{t('services.f.requirements')}</dt>
      <dd>{inLang(c.requirements, l) || dash}</dd>
      <dt>{t('services.f.evidence')}</dt>
      <dd>{c.evidence.map((e) => inLang(e, l)).join('; ') || dash}</dd>
      <dt>{t('services.f.output')}</dt>
      <dd>{inLang(c.output, l) || dash}</dd>
      <dt>{t('services.f.relatedState')}</dt>
      <dd>
        {c.relatedState.length ? (
          <ul>
            {c.relatedState.map((s) => (
              <li>
                <a href={s.url}>{s.name}</a>
              </li>
            ))}
          </ul>
        ) : (
          dash
        )}
      </dd>
      <dt>{t('services.f.relatedServices')}</dt>
      <dd>{c.relatedServices.map((id) => props.relatedNames?.get(id) ?? id).join(', ') || dash}</dd>
      <dt>{t('services.f.keywords')}</dt>
      <dd>{c.keywords.join(', ') || dash}</dd>
    </dl>
  );
}

function ChannelsTable(props: { ctx: PageCtx; c: ServiceContent; removeAction?: (i: number) => string }) {
  const { ctx } = props;
  const t = ctx.t;
  const rows = props.c.channels.map((ch, i) => ({ ch, i }));
  return (
    <Table
      t={t}
      caption={t('services.channels')}
      captionHidden
      rows={rows}
      columns={[
        { label: t('services.f.channelKind'), cell: ({ ch }) => t(`services.channel.${ch.kind}`) },
        {
          label: t('services.col.contact'),
          cell: ({ ch }) => (
            <>
              {ch.url && <a href={ch.url}>{ch.url}</a>}
              {ch.address && <div>{ch.address}</div>}
              {ch.openingHours && <div>{ch.openingHours}</div>}
              {ch.phone && <div>{ch.phone}</div>}
              {ch.email && <div>{ch.email}</div>}
            </>
          ),
        },
        { label: t('services.f.cost'), cell: ({ ch }) => <Money t={t} cents={ch.costCents} />, numeric: true },
        { label: t('services.f.processingTime'), cell: ({ ch }) => durationText(ch.processingTime, lang(ctx)) || '—' },
        ...(props.removeAction
          ? [
              {
                label: t('services.col.action'),
                cell: ({ i, ch }: { i: number; ch: ServiceContent['channels'][number] }) => (
                  <form method="post" action={props.removeAction!(i)}>
                    <CsrfField ctx={ctx} />
                    <button type="submit" class="button-secondary button-small" aria-label={`${t('services.remove')}: ${t(`services.channel.${ch.kind}`)} ${i + 1}`}>
                      {t('services.remove')}
                    </button>
                  </form>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

function StepsList(props: { ctx: PageCtx; c: ServiceContent; action?: (i: number, verb: 'remove' | 'up') => string }) {
  const { ctx } = props;
  const t = ctx.t;
  if (!props.c.steps.length) return <p class="empty">{t('services.steps.none')}</p>;
  return (
    <ol class="steps">
      {props.c.steps.map((s, i) => (
        <li>
          <strong>{s.what}</strong>
          <div>
            {[s.who && `${t('services.f.stepWho')}: ${s.who}`, s.system && `${t('services.f.stepSystem')}: ${s.system}`, s.duration && `${t('services.f.stepDuration')}: ${durationText(s.duration, lang(ctx))}`]
              .filter(Boolean)
              .join(' · ')}
          </div>
          {props.action && (
            <div class="actions">
              {i > 0 && (
                <form method="post" action={props.action(i, 'up')}>
                  <CsrfField ctx={ctx} />
                  <button type="submit" class="button-secondary button-small" aria-label={`${t('services.steps.up')}: ${s.what}`}>
                    {t('services.steps.up')}
                  </button>
                </form>
              )}
              <form method="post" action={props.action(i, 'remove')}>
                <CsrfField ctx={ctx} />
                <button type="submit" class="button-secondary button-small" aria-label={`${t('services.remove')}: ${s.what}`}>
                  {t('services.remove')}
                </button>
              </form>
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}

export function DiagramsPart(props: { ctx: PageCtx; kov: string; serviceId: string; diagrams: DiagramView[]; canEdit: boolean; errors: FieldError[] }) {
  const { ctx } = props;
  const t = ctx.t;
  const base = `${adminBase(props.kov)}/${props.serviceId}/diagrams`;
  return (
    <>
      {props.diagrams.length === 0 && <p class="empty">{t('services.diagrams.none')}</p>}
      {props.diagrams.map((d) => (
        <section class="diagram" aria-labelledby={`d-${d.id}`}>
          <h3 id={`d-${d.id}`}>{d.name}</h3>
          <p>
            {t(`services.diagram.${d.kind}`)} · {fmtNumber(Math.ceil(d.bytes / 1024))} kB · {fmtDateTime(d.createdAt)} · {d.createdBy} ·{' '}
            <a href={`${base}/${d.id}`} download>
              {t('services.diagrams.download')}
            </a>
          </p>
          {d.kind === 'bpmn' &&
            (d.tasks.length ? (
              <>
                <p>{t('services.diagrams.tasks')}</p>
                <ol>
                  {d.tasks.map((x) => (
                    <li>
                      {x.name}
                      {x.lane && <> ({x.lane})</>}
                    </li>
                  ))}
                </ol>
              </>
            ) : (
              <p>{t('services.diagrams.noTasks')}</p>
            ))}
          {props.canEdit && (
            <form method="post" action={`${base}/${d.id}/remove`}>
              <CsrfField ctx={ctx} />
              <button type="submit" class="button-secondary button-small" aria-label={`${t('services.remove')}: ${d.name}`}>
                {t('services.remove')}
              </button>
            </form>
          )}
        </section>
      ))}
      {props.canEdit && (
        <form method="post" action={base} enctype="multipart/form-data">
          <CsrfField ctx={ctx} />
          <div class={props.errors.some((e) => e.field === 'file') ? 'field field-error' : 'field'}>
            <label for="f-file">{t('services.diagrams.file')}</label>
            <p class="hint" id="f-file-hint">
              {t('services.diagrams.hint')}
            </p>
            {props.errors
              .filter((e) => e.field === 'file')
              .map((e) => (
                <p class="error-message" id="f-file-error">
                  <span class="visually-hidden">{t('form.errorPrefix')} </span>
                  {t(e.reason, e.vars)}
                </p>
              ))}
            <input type="file" id="f-file" name="file" accept=".bpmn,.drawio,.xml" aria-describedby={props.errors.some((e) => e.field === 'file') ? 'f-file-hint f-file-error' : 'f-file-hint'} />
          </div>
          <button type="submit">{t('services.diagrams.upload')}</button>
        </form>
      )}
    </>
  );
}

// ---------------------------------------------------------------- a service's page

export function ServiceAdminPage(props: {
  ctx: PageCtx;
  kov: Kov;
  view: ServiceView;
  diagrams: DiagramView[];
  relatedNames: Map<string, string>;
  form: FormState;
  canEdit: boolean;
  publicHref: string | null;
}) {
  const { ctx, kov, view } = props;
  const t = ctx.t;
  const base = `${adminBase(kov.code)}/${view.id}`;
  const name = inLang(view.content.name, lang(ctx)) || view.slug;
  const errors = props.form.errors ?? [];
  const v = props.form.values ?? {};
  const c = view.content;
  return (
    <Layout ctx={ctx} title={name} crumbs={crumbs(t, kov, { label: name })} wide>
      <h1>{name}</h1>
      <ErrorSummary t={t} errors={errors} />
      <p>
        <StatusTag t={t} status={view.status} /> · {t('services.admin.versionLine', { no: view.versionNo })}
        {view.draftNo !== null && view.currentNo !== null && <> · {t('services.admin.pendingDraft', { no: view.draftNo })}</>} · {t('services.f.slug')}: <code>{view.slug}</code>
      </p>
      {view.draftNo !== null && view.currentNo !== null && <p class="notice">{t('services.admin.draftNotice', { current: view.currentNo, draft: view.draftNo })}</p>}
      {view.status !== 'draft' && view.draftNo === null && <p>{t('services.admin.editNotice')}</p>}
      <div class="actions">
        {props.canEdit && (
          <span>
            <a href={`${base}/edit`}>{t('services.admin.edit')}</a>
          </span>
        )}
        {props.canEdit && view.draftNo !== null && (
          <span>
            <a href={`${base}/publish`}>{t('services.admin.publish')}</a>
          </span>
        )}
        {props.canEdit && view.status === 'published' && (
          <span>
            <a href={`${base}/archive`}>{t('services.admin.archive')}</a>
          </span>
        )}
        <span>
          <a href={`${base}/versions`}>{t('services.versions.title')}</a>
        </span>
        {props.publicHref && (
          <span>
            <a href={props.publicHref}>{t('services.admin.publicPage')}</a>
          </span>
        )}
      </div>

      <h2>{t('services.admin.content')}</h2>
      <ContentView ctx={ctx} c={c} relatedNames={props.relatedNames} />

      <h2 id="channels">{t('services.channels')}</h2>
      <ChannelsTable ctx={ctx} c={c} removeAction={props.canEdit ? (i) => `${base}/channels/${i}/remove` : undefined} />
      {props.canEdit && (
        <details open={errors.some((e) => e.field.startsWith('channel.'))}>
          <summary>{t('services.channels.add')}</summary>
          <form method="post" action={`${base}/channels`} novalidate>
            <CsrfField ctx={ctx} />
            <SelectField t={t} name="channel.kind" label={t('services.f.channelKind')} value={one(v, 'channel.kind') || 'eservice'} options={opts(t, 'services.channel', CHANNEL_KINDS)} errors={errors} />
            <TextField t={t} name="channel.url" label={t('services.f.url')} hint={t('services.f.url.hint')} value={one(v, 'channel.url')} errors={errors} />
            <TextField t={t} name="channel.address" label={t('services.f.address')} hint={t('services.f.address.hint')} value={one(v, 'channel.address')} errors={errors} />
            <TextField t={t} name="channel.openingHours" label={t('services.f.openingHours')} value={one(v, 'channel.openingHours')} errors={errors} />
            <TextField t={t} name="channel.phone" label={t('services.f.phone')} value={one(v, 'channel.phone')} errors={errors} />
            <TextField t={t} name="channel.email" label={t('services.f.email')} type="email" value={one(v, 'channel.email')} errors={errors} />
            <TextField t={t} name="channel.cost" label={t('services.f.cost')} hint={t('services.f.cost.hint')} value={one(v, 'channel.cost')} errors={errors} inputmode="text" />
            <TextField t={t} name="channel.processingTime" label={t('services.f.processingTime')} hint={t('services.f.duration.hint')} value={one(v, 'channel.processingTime')} errors={errors} />
            <button type="submit">{t('services.channels.addButton')}</button>
          </form>
        </details>
      )}

      <h2 id="steps">{t('services.steps')}</h2>
      <StepsList ctx={ctx} c={c} action={props.canEdit ? (i, verb) => `${base}/steps/${i}/${verb}` : undefined} />
      {props.canEdit && (
        <details open={errors.some((e) => e.field.startsWith('step.'))}>
          <summary>{t('services.steps.add')}</summary>
          <form method="post" action={`${base}/steps`} novalidate>
            <CsrfField ctx={ctx} />
            <TextField t={t} name="step.what" label={t('services.f.stepWhat')} value={one(v, 'step.what')} errors={errors} required />
            <TextField t={t} name="step.who" label={t('services.f.stepWho')} hint={t('services.f.stepWho.hint')} value={one(v, 'step.who')} errors={errors} />
            <TextField t={t} name="step.system" label={t('services.f.stepSystem')} value={one(v, 'step.system')} errors={errors} />
            <TextField t={t} name="step.duration" label={t('services.f.stepDuration')} hint={t('services.f.duration.hint')} value={one(v, 'step.duration')} errors={errors} />
            <button type="submit">{t('services.steps.addButton')}</button>
          </form>
        </details>
      )}

      <h2 id="diagrams">{t('services.diagrams')}</h2>
      <DiagramsPart ctx={ctx} kov={kov.code} serviceId={view.id} diagrams={props.diagrams} canEdit={props.canEdit} errors={errors} />
    </Layout>
  );
}

// ---------------------------------------------------------------- publish / archive: confirm

export function ConfirmPage(props: { ctx: PageCtx; kov: Kov; view: ServiceView; verb: 'publish' | 'archive' }) {
  const { ctx, kov, view, verb } = props;
  const t = ctx.t;
  const base = `${adminBase(kov.code)}/${view.id}`;
  const name = inLang(view.content.name, lang(ctx)) || view.slug;
  const title = t(`services.confirm.${verb}.title`, { name });
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(t, kov, { label: name, href: base }, { label: t(`services.admin.${verb}`) })}>
      <h1>{title}</h1>
      <p>{verb === 'publish' ? t('services.confirm.publish.text', { no: view.draftNo ?? 0 }) : t('services.confirm.archive.text')}</p>
      <form method="post" action={`${base}/${verb}`}>
        <CsrfField ctx={ctx} />
        <button type="submit" class={verb === 'archive' ? 'button-warning' : undefined}>
          {t(`services.confirm.${verb}.button`)}
        </button>{' '}
        <a href={base}>{t('form.cancel')}</a>
      </form>
    </Layout>
  );
}

// ---------------------------------------------------------------- versions

export function VersionsPage(props: { ctx: PageCtx; kov: Kov; view: ServiceView; versions: VersionInfo[] }) {
  const { ctx, kov, view } = props;
  const t = ctx.t;
  const base = `${adminBase(kov.code)}/${view.id}`;
  const name = inLang(view.content.name, lang(ctx)) || view.slug;
  const title = t('services.versions.title');
  return (
    <Layout ctx={ctx} title={`${title}: ${name}`} crumbs={crumbs(t, kov, { label: name, href: base }, { label: title })} wide>
      <h1>
        {title}: {name}
      </h1>
      <Table
        t={t}
        caption={title}
        captionHidden
        rows={props.versions}
        columns={[
          { label: t('services.versions.no'), cell: (x) => <a href={`${base}/versions/${x.versionNo}`}>{t('services.versions.version', { no: x.versionNo })}</a> },
          { label: t('services.f.status'), cell: (x) => (x.current ? t('services.versions.current') : x.draft ? t('services.versions.draft') : x.publishedAt ? t('services.versions.earlier') : '') },
          { label: t('services.versions.made'), cell: (x) => `${fmtDateTime(x.createdAt)} · ${x.createdBy}` },
          { label: t('services.versions.edited'), cell: (x) => `${fmtDateTime(x.updatedAt)} · ${x.updatedBy}` },
          { label: t('services.versions.published'), cell: (x) => (x.publishedAt ? `${fmtDateTime(x.publishedAt)} · ${x.publishedBy ?? ''}` : '—') },
        ]}
      />
    </Layout>
  );
}

export function VersionPage(props: { ctx: PageCtx; kov: Kov; view: ServiceView; version: VersionInfo & { content: ServiceContent }; relatedNames: Map<string, string> }) {
  const { ctx, kov, view, version } = props;
  const t = ctx.t;
  const base = `${adminBase(kov.code)}/${view.id}`;
  const name = inLang(view.content.name, lang(ctx)) || view.slug;
  const title = t('services.versions.version', { no: version.versionNo });
  return (
    <Layout ctx={ctx} title={`${title}: ${name}`} crumbs={crumbs(t, kov, { label: name, href: base }, { label: t('services.versions.title'), href: `${base}/versions` }, { label: title })} wide>
      <h1>
        {title}: {name}
      </h1>
      <p>
        {t('services.versions.made')}: {fmtDateTime(version.createdAt)} · {version.createdBy}
        {version.publishedAt && (
          <>
            {' '}
            · {t('services.versions.published')}: {fmtDateTime(version.publishedAt)} · {version.publishedBy}
          </>
        )}
      </p>
      <ContentView ctx={ctx} c={version.content} relatedNames={props.relatedNames} />
      <h2>{t('services.channels')}</h2>
      <ChannelsTable ctx={ctx} c={version.content} />
      <h2>{t('services.steps')}</h2>
      <StepsList ctx={ctx} c={version.content} />
    </Layout>
  );
}

// ---------------------------------------------------------------- the cross-KOV view

export function CrossKovPage(props: { ctx: PageCtx; view: CrossKovView }) {
  const { ctx, view } = props;
  const t = ctx.t;
  const title = t('services.cross.title');
  const l = lang(ctx);
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ label: title }]} wide>
      <h1>{title}</h1>
      <p>{t('services.cross.intro')}</p>
      <h2>{t('services.cross.matrix')}</h2>
      {view.templates.length === 0 ? (
        <p class="empty">{t('table.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table class="matrix">
            <caption>{t('services.cross.matrixCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('services.cross.template')}</th>
                {view.kovs.map((k) => (
                  <th scope="col">{k.name}</th>
                ))}
                <th scope="col" class="num">
                  {t('services.cross.count')}
                </th>
              </tr>
            </thead>
            <tbody>
              {view.templates.map((tpl) => {
                const n = view.kovs.filter((k) => view.offers[k.code]?.[tpl.id]).length;
                return (
                  <tr>
                    <th scope="row">
                      {inLang(tpl.name, l)}
                      {tpl.stateOverlap && <> ({t('services.cross.stateOverlapShort')})</>}
                    </th>
                    {view.kovs.map((k) => (
                      <td>{view.offers[k.code]?.[tpl.id] ? t('services.cross.yes') : t('services.cross.no')}</td>
                    ))}
                    <td class="num">{fmtNumber(n)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('services.cross.overlaps')}</h2>
      <p>{t('services.cross.overlapsIntro')}</p>
      <Table
        t={t}
        caption={t('services.cross.overlaps')}
        captionHidden
        rows={view.stateOverlaps}
        columns={[
          { label: t('services.cross.kov'), cell: (o) => o.kovName },
          { label: t('services.f.name'), cell: (o) => inLang(o.name, l) },
          {
            label: t('services.f.relatedState'),
            cell: (o) =>
              o.stateServices.length ? (
                <ul>
                  {o.stateServices.map((s) => (
                    <li>
                      <a href={s.url}>{s.name}</a>
                    </li>
                  ))}
                </ul>
              ) : (
                '—'
              ),
          },
          { label: t('services.cross.byTemplate'), cell: (o) => (o.byTemplate ? t('services.cross.yes') : t('services.cross.no')) },
        ]}
      />
    </Layout>
  );
}

// ---------------------------------------------------------------- templates (ELVL)

export function TemplatesPage(props: { ctx: PageCtx; templates: TemplateView[] }) {
  const { ctx } = props;
  const t = ctx.t;
  const title = t('services.tpl.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ label: t('services.cross.title'), href: '/services/admin/cross-kov' }, { label: title }]} wide>
      <h1>{title}</h1>
      <p>{t('services.tpl.intro')}</p>
      <p>
        <a href="/services/admin/templates/new">{t('services.tpl.new')}</a>
      </p>
      <Table
        t={t}
        caption={title}
        captionHidden
        rows={props.templates}
        columns={[
          { label: t('services.f.name'), cell: (x) => <a href={`/services/admin/templates/${x.id}`}>{inLang(x.content.name, lang(ctx))}</a> },
          { label: t('services.f.code'), cell: (x) => <code>{x.code}</code> },
          { label: t('services.f.stateOverlap'), cell: (x) => (x.stateOverlap ? t('services.cross.yes') : t('services.cross.no')) },
          { label: t('services.f.active'), cell: (x) => (x.active ? t('services.cross.yes') : t('services.cross.no')) },
          { label: t('services.col.updated'), cell: (x) => `${fmtDateTime(x.updatedAt)}${x.updatedBy ? ` · ${x.updatedBy}` : ''}` },
        ]}
      />
    </Layout>
  );
}

export function TemplateFormPage(props: { ctx: PageCtx; title: string; action: string; form: FormState; isNew: boolean }) {
  const { ctx } = props;
  const t = ctx.t;
  const errors = props.form.errors ?? [];
  const v = props.form.values ?? {};
  return (
    <Layout ctx={ctx} title={props.title} crumbs={[{ label: t('services.tpl.title'), href: '/services/admin/templates' }, { label: props.title }]}>
      <h1>{props.title}</h1>
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action={props.action} novalidate>
        <CsrfField ctx={ctx} />
        {props.isNew && <TextField t={t} name="code" label={t('services.f.code')} hint={t('services.f.code.hint')} value={one(v, 'code')} errors={errors} required />}
        <ContentFields ctx={ctx} v={v} errors={errors} template />
        <CheckboxesField
          t={t}
          name="flags"
          legend={t('services.tpl.flags')}
          options={[
            { value: 'stateOverlap', label: t('services.f.stateOverlap') },
            { value: 'active', label: t('services.f.active') },
          ]}
          values={many(v, 'flags')}
          errors={errors}
        />
        <button type="submit">{t('form.save')}</button> <a href="/services/admin/templates">{t('form.cancel')}</a>
      </form>
    </Layout>
  );
}
