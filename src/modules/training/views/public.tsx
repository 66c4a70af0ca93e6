// The public training pages: programmes with their regional groups (free places) and the seminars and
// webinars; a group's days and sessions; an event with its registration; a certificate's check; a
// KOV's teams; and the participant's own page (teams, attendance, certificates, check-in, day surveys).
import type { FieldError } from '../../../kernel/errors.js';
import { fmtDate, fmtDateTime, fmtNumber, pick } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, ErrorSummary, Layout, Table, TextField } from '../../../kernel/web/components.js';
import type { SurveyValues } from '../../feedback/index.js';
import { FeedbackStyles, SurveyQuestions } from '../../feedback/index.js';
import type { Catalogue, Certificate, GroupDetail, GroupSummary, MyTraining, Team, TrainingEvent } from '../service.js';

export interface FormState {
  values?: Record<string, string>;
  errors?: FieldError[];
}

const crumbsTo = (ctx: PageCtx) => [{ href: '/training', label: ctx.t('training.nav') }];

export function GroupsTable(props: { ctx: PageCtx; groups: GroupSummary[]; caption: string }) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <Table
      t={t}
      caption={props.caption}
      captionHidden
      rows={props.groups}
      columns={[
        { label: t('training.col.region'), cell: (g) => <a href={`/training/groups/${g.id}`}>{g.region}</a> },
        { label: t('training.col.place'), cell: (g) => g.place },
        { label: t('training.col.starts'), cell: (g) => (g.firstDay ? fmtDate(g.firstDay) : '–') },
        { label: t('training.col.free'), cell: (g) => t('training.freeOf', { free: fmtNumber(g.free), capacity: fmtNumber(g.capacity) }) },
        { label: t('training.col.deadline'), cell: (g) => (g.open ? fmtDateTime(g.deadline) : t('training.closed')) },
      ]}
    />
  );
}

export function TrainingIndexPage(props: { ctx: PageCtx; catalogue: Catalogue; coordinator: boolean; trainerGroups: string[] }) {
  const { ctx, catalogue } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('training.title')} crumbs={[{ label: t('training.nav') }]}>
      <h1>{t('training.title')}</h1>
      <p>{t('training.intro')}</p>
      {ctx.user && (
        <ul>
          <li>
            <a href="/training/my">{t('training.my.title')}</a>
          </li>
          {props.coordinator && (
            <li>
              <a href="/training/admin">{t('training.coord.title')}</a>
            </li>
          )}
          {props.trainerGroups.map((g) => (
            <li>
              <a href={`/training/admin/groups/${g}`}>{t('training.trainer.groupLink', { region: catalogue.programmes.flatMap((p) => p.groups).find((x) => x.id === g)?.region ?? '' })}</a>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('training.programmes')}</h2>
      {catalogue.programmes.length === 0 && <p>{t('training.noProgrammes')}</p>}
      {catalogue.programmes.map((p) => (
        <section aria-labelledby={`p-${p.id}`}>
          <h3 id={`p-${p.id}`}>{pick(p.name, ctx.locale)}</h3>
          <p>{pick(p.description, ctx.locale)}</p>
          <p>{t('training.programmeFacts', { hours: fmtNumber(p.academicHours), days: fmtNumber(p.contactDays), elearning: fmtNumber(p.elearningHours) })}</p>
          <p>{t('training.rule', { days: fmtNumber(p.minDays), total: fmtNumber(p.contactDays), hours: fmtNumber(p.minElearningHours) })}</p>
          <GroupsTable ctx={ctx} groups={p.groups} caption={t('training.groupsOf', { name: pick(p.name, ctx.locale) })} />
        </section>
      ))}
      <h2>{t('training.events')}</h2>
      <EventsTable ctx={ctx} events={catalogue.events} />
    </Layout>
  );
}

function EventsTable(props: { ctx: PageCtx; events: TrainingEvent[] }) {
  const t = props.ctx.t;
  return (
    <Table
      t={t}
      caption={t('training.events')}
      captionHidden
      rows={props.events}
      columns={[
        { label: t('training.col.event'), cell: (e) => <a href={`/training/events/${e.id}`}>{e.title}</a> },
        { label: t('training.col.kind'), cell: (e) => t(`training.kind.${e.kind}`) },
        { label: t('training.col.when'), cell: (e) => fmtDateTime(e.startsAt) },
        { label: t('training.col.free'), cell: (e) => t('training.freeOf', { free: fmtNumber(e.free), capacity: fmtNumber(e.capacity) }) },
      ]}
    />
  );
}

export function DaysList(props: { ctx: PageCtx; detail: GroupDetail }) {
  const t = props.ctx.t;
  return (
    <>
      {props.detail.days.map((d) => (
        <section aria-labelledby={`d-${d.no}`}>
          <h3 id={`d-${d.no}`}>{t('training.dayN', { no: d.no, date: fmtDate(d.date) })}</h3>
          {d.sessions.length === 0 ? (
            <p>{t('training.noSessions')}</p>
          ) : (
            <ul>
              {d.sessions.map((s) => (
                <li>
                  {s.starts} {s.topic}
                  {s.trainer && <> ({s.trainer})</>}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}

export function GroupPage(props: { ctx: PageCtx; detail: GroupDetail }) {
  const { ctx, detail } = props;
  const t = ctx.t;
  const g = detail.group;
  const title = `${pick(detail.programme.name, ctx.locale)}: ${g.region}`;
  return (
    <Layout ctx={ctx} title={title} crumbs={[...crumbsTo(ctx), { label: g.region }]}>
      <h1>{title}</h1>
      <dl class="summary">
        <dt>{t('training.col.place')}</dt>
        <dd>{g.place}</dd>
        <dt>{t('training.col.free')}</dt>
        <dd>{t('training.freeOf', { free: fmtNumber(g.free), capacity: fmtNumber(g.capacity) })}</dd>
        <dt>{t('training.col.waiting')}</dt>
        <dd>{fmtNumber(g.waiting)}</dd>
        <dt>{t('training.col.deadline')}</dt>
        <dd>{g.open ? fmtDateTime(g.deadline) : t('training.closed')}</dd>
        {detail.trainers.length > 0 && (
          <>
            <dt>{t('training.trainers')}</dt>
            <dd>{detail.trainers.join(', ')}</dd>
          </>
        )}
      </dl>
      <p>{t('training.registerHint')}</p>
      <h2>{t('training.days')}</h2>
      <DaysList ctx={ctx} detail={detail} />
    </Layout>
  );
}

export function EventPage(props: { ctx: PageCtx; event: TrainingEvent; registered: boolean; form: FormState }) {
  const { ctx, event: e } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={e.title} crumbs={[...crumbsTo(ctx), { label: e.title }]}>
      <h1>{e.title}</h1>
      <ErrorSummary t={t} errors={props.form.errors ?? []} />
      <dl class="summary">
        <dt>{t('training.col.kind')}</dt>
        <dd>{t(`training.kind.${e.kind}`)}</dd>
        <dt>{t('training.col.when')}</dt>
        <dd>{fmtDateTime(e.startsAt)}</dd>
        {e.place && (
          <>
            <dt>{t('training.col.place')}</dt>
            <dd>{e.place}</dd>
          </>
        )}
        <dt>{t('training.col.free')}</dt>
        <dd>{t('training.freeOf', { free: fmtNumber(e.free), capacity: fmtNumber(e.capacity) })}</dd>
        <dt>{t('training.col.deadline')}</dt>
        <dd>{e.open ? fmtDateTime(e.deadline) : t('training.closed')}</dd>
      </dl>
      {e.description && <p>{e.description}</p>}
      <h2>{t('training.event.register')}</h2>
      {props.registered ? (
        <p>{t('training.event.registered')}</p>
      ) : !e.open || e.free === 0 ? (
        <p>{e.open ? t('training.event.full') : t('training.closed')}</p>
      ) : !ctx.user ? (
        <p>
          <a href={`/auth/login?return=${encodeURIComponent(`/training/events/${e.id}`)}`}>{t('training.signInToRegister')}</a>
        </p>
      ) : (
        <form method="post" action={`/training/events/${e.id}/register`} novalidate>
          <CsrfField ctx={ctx} />
          <TextField t={t} name="email" type="email" autocomplete="email" label={t('training.field.email')} value={props.form.values?.email ?? ''} errors={props.form.errors} required />
          <button type="submit">{t('training.event.registerButton')}</button>
        </form>
      )}
    </Layout>
  );
}

export function CertificatePage(props: { ctx: PageCtx; code: string; cert: Certificate | null }) {
  const { ctx, cert } = props;
  const t = ctx.t;
  const title = t('training.cert.check');
  return (
    <Layout ctx={ctx} title={title} crumbs={[...crumbsTo(ctx), { label: title }]}>
      <h1>{title}</h1>
      {cert ? (
        <>
          <p class="notice notice-success" role="status">
            <strong>{t('training.cert.valid')}</strong>
          </p>
          <dl class="summary">
            <dt>{t('training.cert.name')}</dt>
            <dd>{cert.name}</dd>
            <dt>{t('training.cert.programme')}</dt>
            <dd>{pick(cert.programme, ctx.locale)}</dd>
            <dt>{t('training.cert.issued')}</dt>
            <dd>{fmtDate(cert.issuedOn)}</dd>
            <dt>{t('training.cert.code')}</dt>
            <dd>{cert.code}</dd>
          </dl>
          <p>
            <a href={`/training/certificates/${cert.code}/pdf`}>{t('training.cert.pdf')}</a>
          </p>
        </>
      ) : (
        <p class="notice" role="status">
          {t('training.cert.invalid')}
        </p>
      )}
    </Layout>
  );
}

export function KovTrainingPage(props: { ctx: PageCtx; kov: { code: string; name: string }; teams: Team[]; groups: Map<string, string> }) {
  const { ctx } = props;
  const t = ctx.t;
  const title = t('training.kov.title', { kov: props.kov.name });
  const teams = props.teams.filter((x) => x.status === 'confirmed');
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: `/kov/${props.kov.code}`, label: props.kov.name }, { label: t('training.nav') }]}>
      <h1>{title}</h1>
      <p>{t('training.kov.intro')}</p>
      <Table
        t={t}
        caption={title}
        captionHidden
        rows={teams}
        columns={[
          { label: t('training.col.topic'), cell: (x) => x.topic },
          { label: t('training.col.group'), cell: (x) => <a href={`/training/groups/${x.groupId}`}>{props.groups.get(x.groupId) ?? ''}</a> },
          { label: t('training.col.size'), cell: (x) => fmtNumber(x.size), numeric: true },
        ]}
      />
      <p>
        <a href="/training">{t('training.allProgrammes')}</a>
      </p>
    </Layout>
  );
}

export function MyPage(props: { ctx: PageCtx; my: MyTraining; form: FormState }) {
  const { ctx, my } = props;
  const t = ctx.t;
  const title = t('training.my.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={[...crumbsTo(ctx), { label: title }]}>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={props.form.errors ?? []} />
      <h2>{t('training.checkin.title')}</h2>
      <form method="post" action="/training/my/checkin" novalidate>
        <CsrfField ctx={ctx} />
        <TextField t={t} name="code" label={t('training.checkin.code')} hint={t('training.checkin.hint')} value={props.form.values?.code ?? ''} errors={props.form.errors} maxLength={6} autocomplete="off" />
        <button type="submit">{t('training.checkin.button')}</button>
      </form>
      <h2>{t('training.my.teams')}</h2>
      {my.teams.length === 0 && <p>{t('training.my.noTeams')}</p>}
      {my.teams.map((x) => (
        <section aria-labelledby={`m-${x.memberId}`}>
          <h3 id={`m-${x.memberId}`}>
            {pick(x.group.programme.name, ctx.locale)}: {x.group.group.region}
          </h3>
          <p>
            {t(`training.status.${x.status}`)} · {x.topic}
          </p>
          {x.status === 'confirmed' && (
            <>
              <p>{t('training.my.progress', { days: fmtNumber(x.completion.daysAttended), total: fmtNumber(x.group.days.length), hours: fmtNumber(x.elearningHours) })}</p>
              {x.certificateCode ? (
                <p>
                  <a href={`/training/certificates/${x.certificateCode}`}>{t('training.my.certificate')}</a>
                </p>
              ) : (
                <p>{t('training.my.notYet', { days: fmtNumber(x.completion.daysMissing), hours: fmtNumber(x.completion.hoursMissing) })}</p>
              )}
              <ul>
                {x.group.days.map((d) => (
                  <li>
                    {t('training.dayN', { no: d.no, date: fmtDate(d.date) })}: {x.attended.includes(d.id) ? t('training.present') : t('training.absent')}
                    {x.attended.includes(d.id) && !my.feedbackGiven.includes(d.id) && (
                      <>
                        {' '}
                        · <a href={`/training/my/days/${d.id}/feedback`}>{t('training.feedback.link', { no: d.no })}</a>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      ))}
      <h2>{t('training.events')}</h2>
      {my.events.length === 0 ? (
        <p>{t('training.my.noEvents')}</p>
      ) : (
        <ul>
          {my.events.map((e) => (
            <li>
              <a href={`/training/events/${e.id}`}>{e.title}</a> ({fmtDateTime(e.startsAt)}){e.attended && <> · {t('training.present')}</>}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

/** A contact day's survey: the feedback module's questions (values kept and errors shown on a second round). */
export function DayFeedbackPage(props: { ctx: PageCtx; dayId: string; title: string; values: SurveyValues; errors: FieldError[] }) {
  const { ctx } = props;
  const t = ctx.t;
  const title = props.errors.length ? `${t('form.errorPrefix')} ${props.title}` : props.title;
  return (
    <Layout ctx={ctx} title={title} crumbs={[...crumbsTo(ctx), { href: '/training/my', label: t('training.my.title') }, { label: props.title }]}>
      <FeedbackStyles />
      <ErrorSummary t={t} errors={props.errors} />
      <h1>{props.title}</h1>
      <p>{t('training.feedback.intro')}</p>
      <form method="post" action={`/training/my/days/${props.dayId}/feedback`} class="fb-form" novalidate>
        <CsrfField ctx={ctx} />
        <SurveyQuestions t={t} locale={ctx.locale} values={props.values} errors={props.errors} about="subject" />
        <button type="submit">{t('training.feedback.send')}</button>
      </form>
    </Layout>
  );
}
