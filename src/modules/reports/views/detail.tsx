// One report as handlers see it: the report and the reporter's contact, photos, the place (WGS84 and
// L-EST97), the whole history (internal notes too), and a form for every handler action.
import type { FieldError } from '../../../kernel/errors.js';
import { fmtDateTime } from '../../../kernel/i18n.js';
import type { T } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, ErrorSummary, Layout, SelectField, TextField } from '../../../kernel/web/components.js';
import { HANDLER_STATUSES, transitionRefusal, type HandlerAction } from '../handling.js';
import type { ReportDetail } from '../inbox.js';
import { categoryName, handlerPhotoUrl, isOverdue, lest97 } from '../present.js';
import type { EventRow } from '../repo.js';
import { StatusTag, TextAreaField, adminCrumbs, pageTitle } from './parts.js';

type Values = Record<string, string>;

function ActionForm(props: { ctx: PageCtx; kov: string; id: string; kind: HandlerAction['kind']; children: preact.ComponentChildren }) {
  const t = props.ctx.t;
  return (
    <section class="action" aria-labelledby={`a-${props.kind}`}>
      <h3 id={`a-${props.kind}`}>{t(`reports.action.${props.kind}`)}</h3>
      <form method="post" action={`/kov/${props.kov}/reports/admin/${props.id}/actions`} novalidate>
        <CsrfField ctx={props.ctx} />
        <input type="hidden" name="kind" value={props.kind} />
        {props.children}
        <button type="submit">{t(`reports.action.${props.kind}.submit`)}</button>
      </form>
    </section>
  );
}

function eventText(t: T, e: EventRow): string {
  const d = e.data ?? {};
  switch (e.kind) {
    case 'created':
      return t('reports.history.created');
    case 'status':
      return d.forwardedTo ? t('reports.history.forwarded', { to: String(d.forwardedTo) }) : t('reports.history.status', { status: t(`reports.status.${e.status}`) });
    case 'merged':
      return t('reports.history.duplicate', { number: String(d.duplicateOf ?? '') });
    case 'reopened':
      return t('reports.history.reopened');
    case 'assigned':
      return d.assignee ? t('reports.history.assigned', { name: String(d.assignee) }) : t('reports.history.unassigned');
    case 'category':
      return t('reports.history.category', { code: String(d.category ?? '') });
    default:
      return t(`reports.history.${e.kind}`);
  }
}

export function DetailPage(props: { ctx: PageCtx; kov: string; d: ReportDetail; canHandle: boolean; errors?: FieldError[]; values?: Values }) {
  const { ctx, kov, d } = props;
  const t = ctx.t;
  const r = d.report;
  const title = t('reports.detail.title', { number: r.number });
  const v = (k: string) => props.values?.[k] ?? '';
  const errs = props.errors;
  const allowed = (a: HandlerAction) => props.canHandle && transitionRefusal(r.status, a) === null;
  const lest = lest97(r.lat, r.lon);
  return (
    <Layout ctx={ctx} title={pageTitle(t, title, errs)} crumbs={adminCrumbs(ctx, kov, { label: r.number })} wide>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errs ?? []} />
      <dl class="summary">
        <dt>{t('reports.col.status')}</dt>
        <dd>
          <StatusTag t={t} status={r.status} />
          {r.forwarded_to && <> {t('reports.detail.forwardedTo', { to: r.forwarded_to })}</>}
          {d.duplicateOf && <> {t('reports.detail.duplicateOf', { number: d.duplicateOf })}</>}
        </dd>
        <dt>{t('reports.col.category')}</dt>
        <dd>
          {categoryName(d.category, ctx.locale)} ({t(`reports.domain.${r.domain}`)})
        </dd>
        <dt>{t('reports.detail.group')}</dt>
        <dd>{d.group?.name ?? t('reports.detail.none')}</dd>
        <dt>{t('reports.col.assignee')}</dt>
        <dd>{r.assignee_name ?? t('reports.detail.none')}</dd>
        <dt>{t('reports.detail.description')}</dt>
        <dd class="prewrap">{r.description}</dd>
        <dt>{t('reports.col.place')}</dt>
        <dd>
          {r.address && <div>{r.address}</div>}
          {r.lat !== null && r.lon !== null && (
            <div>
              {t('reports.detail.wgs84', { lat: r.lat.toFixed(6), lon: r.lon.toFixed(6) })}
              <br />
              {lest && t('reports.detail.lest97', { x: lest.x.toFixed(2), y: lest.y.toFixed(2) })}
            </div>
          )}
          {r.unit_code && <div>{t('reports.detail.unit', { unit: r.unit_code })}</div>}
        </dd>
        <dt>{t('reports.col.created')}</dt>
        <dd>{fmtDateTime(r.created_at)}</dd>
        <dt>{t('reports.col.expected')}</dt>
        <dd>
          {r.expected_at ? fmtDateTime(r.expected_at) : t('reports.detail.none')}
          {isOverdue(r) && <strong class="overdue"> {t('reports.inbox.overdueTag')}</strong>}
        </dd>
        {props.canHandle && (
          <>
            <dt>{t('reports.detail.reporter')}</dt>
            <dd>
              {[r.reporter_name, r.reporter_email, r.reporter_phone].filter(Boolean).join(', ') || t('reports.detail.none')}
              <br />
              {t(r.notify ? 'reports.detail.notifyYes' : 'reports.detail.notifyNo')}
            </dd>
          </>
        )}
      </dl>

      <h2>{t('reports.detail.photos')}</h2>
      {d.photos.length ? (
        props.canHandle ? (
          // through the handlers' own route: the photos of reports that are not public show too
          <ul class="report-photos">
            {d.photos.map((p, i) => (
              <li>
                <a href={handlerPhotoUrl(kov, r.id, p.id)}>
                  <img src={handlerPhotoUrl(kov, r.id, p.id)} width={p.width} height={p.height} alt={t('reports.detail.photoAlt', { n: i + 1 })} loading="lazy" />
                  {t('reports.detail.photo', { n: i + 1, w: p.width, h: p.height })}
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <ul>
            {d.photos.map((p, i) => (
              <li>{t('reports.detail.photo', { n: i + 1, w: p.width, h: p.height })}</li>
            ))}
          </ul>
        )
      ) : (
        <p>{t('reports.detail.noPhotos')}</p>
      )}

      <h2>{t('reports.detail.history')}</h2>
      <ol class="history">
        {d.events.map((e) => (
          <li>
            <strong>{eventText(t, e)}</strong> · {fmtDateTime(e.at)} · {e.actor_kind === 'reporter' ? t('reports.history.byReporter') : e.actor_name} · {t(e.public ? 'reports.history.public' : 'reports.history.internal')}
            {e.body && <p class="prewrap">{e.body}</p>}
          </li>
        ))}
      </ol>

      {props.canHandle && (
        <>
          <h2>{t('reports.detail.actions')}</h2>
          {r.status === 'unconfirmed' && <p>{t('reports.error.unconfirmedReport')}</p>}
          {allowed({ kind: 'status', status: 'fixed' }) && (
            <ActionForm ctx={ctx} kov={kov} id={r.id} kind="status">
              <SelectField
                t={t}
                name="status_status"
                label={t('reports.field.status')}
                errors={errs}
                value={v('status_status')}
                options={HANDLER_STATUSES.filter((s) => s !== r.status).map((s) => ({ value: s, label: t(`reports.status.${s}`) }))}
              />
              <TextAreaField t={t} name="status_answer" label={t('reports.field.answer')} hint={t('reports.field.answerHint')} errors={errs} value={v('status_answer')} maxLength={4000} />
            </ActionForm>
          )}
          {allowed({ kind: 'answer', body: 'x' }) && (
            <ActionForm ctx={ctx} kov={kov} id={r.id} kind="answer">
              <TextAreaField t={t} name="answer_body" label={t('reports.field.publicAnswer')} errors={errs} value={v('answer_body')} maxLength={4000} required />
            </ActionForm>
          )}
          {allowed({ kind: 'note', body: 'x' }) && (
            <ActionForm ctx={ctx} kov={kov} id={r.id} kind="note">
              <TextAreaField t={t} name="note_body" label={t('reports.field.note')} hint={t('reports.field.noteHint')} errors={errs} value={v('note_body')} maxLength={4000} required />
            </ActionForm>
          )}
          {allowed({ kind: 'assign', assignee: null }) && (
            <ActionForm ctx={ctx} kov={kov} id={r.id} kind="assign">
              <SelectField
                t={t}
                name="assign_assignee"
                label={t('reports.field.assignee')}
                errors={errs}
                value={v('assign_assignee') || r.assignee_hash || ''}
                options={[{ value: '', label: t('reports.detail.none') }, ...dedupe(d.members).map((m) => ({ value: m.idcodeHash, label: m.name }))]}
              />
              <SelectField
                t={t}
                name="assign_groupId"
                label={t('reports.field.group')}
                errors={errs}
                value={v('assign_groupId') || r.group_id || ''}
                options={[{ value: '', label: t('reports.detail.none') }, ...d.groups.map((g) => ({ value: g.id, label: g.name }))]}
              />
            </ActionForm>
          )}
          {allowed({ kind: 'category', code: 'x' }) && (
            <ActionForm ctx={ctx} kov={kov} id={r.id} kind="category">
              <SelectField
                t={t}
                name="category_code"
                label={t('reports.field.category')}
                errors={errs}
                value={v('category_code') || d.category.code}
                options={d.categories.filter((c) => c.active).map((c) => ({ value: c.code, label: categoryName(c, ctx.locale) }))}
              />
            </ActionForm>
          )}
          {allowed({ kind: 'forward', to: 'x' }) && (
            <ActionForm ctx={ctx} kov={kov} id={r.id} kind="forward">
              <TextField t={t} name="forward_to" label={t('reports.field.forwardTo')} errors={errs} value={v('forward_to')} maxLength={200} required />
              <TextAreaField t={t} name="forward_answer" label={t('reports.field.answer')} errors={errs} value={v('forward_answer')} maxLength={4000} />
            </ActionForm>
          )}
          {allowed({ kind: 'duplicate', of: 'x' }) && (
            <ActionForm ctx={ctx} kov={kov} id={r.id} kind="duplicate">
              <TextField t={t} name="duplicate_of" label={t('reports.field.duplicateOf')} hint={t('reports.field.duplicateOfHint')} errors={errs} value={v('duplicate_of')} maxLength={20} required />
              <TextAreaField t={t} name="duplicate_answer" label={t('reports.field.answer')} errors={errs} value={v('duplicate_answer')} maxLength={4000} />
            </ActionForm>
          )}
          {allowed({ kind: 'reopen', reason: 'x' }) && (
            <ActionForm ctx={ctx} kov={kov} id={r.id} kind="reopen">
              <TextAreaField t={t} name="reopen_reason" label={t('reports.field.reopenReason')} errors={errs} value={v('reopen_reason')} maxLength={4000} required />
            </ActionForm>
          )}
        </>
      )}
    </Layout>
  );
}

function dedupe(ms: { idcodeHash: string; name: string }[]) {
  const seen = new Set<string>();
  return ms.filter((m) => (seen.has(m.idcodeHash) ? false : (seen.add(m.idcodeHash), true)));
}
