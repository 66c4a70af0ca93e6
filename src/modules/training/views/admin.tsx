// The training module's official pages: a KOV's teams and team registration (KOV admins, training
// contacts); the coordinator's programmes, groups and events; a group's roster (teams with the waiting
// list, the attendance grid with e-learning hours, the day's check-in codes) for the coordinator and
// the group's trainers; an event's attendance.
import { fmtDate, fmtDateTime, fmtNumber, pick } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, ErrorSummary, Layout, SelectField, Table, TextAreaField, TextField } from '../../../kernel/web/components.js';
import { FeedbackStyles, SubjectFiguresView } from '../../feedback/index.js';
import { MAX_TEAM } from '../model.js';
import type { Catalogue, EventRoster, GroupSummary, Roster, Team } from '../service.js';
import type { FormState } from './public.js';
import { DaysList } from './public.js';

type Kov = { code: string; name: string };

const adminCrumbs = (ctx: PageCtx, kov: Kov) => [
  { href: `/kov/${kov.code}/admin`, label: ctx.t('training.admin.kovAdmin', { kov: kov.name }) },
  { href: `/kov/${kov.code}/training/admin`, label: ctx.t('training.admin.title') },
];

export function TeamsTable(props: { ctx: PageCtx; teams: Team[]; groupNames: Map<string, string>; cancelBase?: string; showKov?: boolean }) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <Table
      t={t}
      caption={t('training.teams')}
      captionHidden
      stack
      rows={props.teams}
      columns={[
        ...(props.showKov ? [{ label: t('training.col.kov'), cell: (x: Team) => x.kov }] : []),
        { label: t('training.col.group'), cell: (x: Team) => props.groupNames.get(x.groupId) ?? '' },
        { label: t('training.col.topic'), cell: (x: Team) => x.topic },
        { label: t('training.col.members'), cell: (x: Team) => x.members.map((m) => m.name).join(', ') },
        {
          label: t('training.col.status'),
          cell: (x: Team) => (x.status === 'waiting' && x.waitingPlace !== null ? t('training.status.waitingN', { no: x.waitingPlace }) : t(`training.status.${x.status}`)),
        },
        ...(props.cancelBase
          ? [
              {
                label: t('training.col.actions'),
                cell: (x: Team) =>
                  x.status === 'cancelled' ? (
                    ''
                  ) : (
                    <form method="post" action={`${props.cancelBase}/${x.id}/cancel`}>
                      <CsrfField ctx={ctx} />
                      <button type="submit" class="button-secondary button-small">
                        {t('training.admin.cancel')}
                        <span class="visually-hidden"> {x.topic}</span>
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

export function KovAdminPage(props: { ctx: PageCtx; kov: Kov; teams: Team[]; groups: GroupSummary[]; groupNames: Map<string, string>; canRegister: boolean }) {
  const { ctx, kov } = props;
  const t = ctx.t;
  const title = t('training.admin.title');
  const open = props.groups.filter((g) => g.open);
  return (
    <Layout ctx={ctx} title={title} crumbs={[adminCrumbs(ctx, kov)[0]!, { label: title }]}>
      <h1>{title}</h1>
      <p>{t('training.admin.intro')}</p>
      <h2>{t('training.admin.openGroups')}</h2>
      {open.length === 0 ? (
        <p>{t('training.admin.noOpen')}</p>
      ) : (
        <ul>
          {open.map((g) => (
            <li>
              {props.groupNames.get(g.id)} — {t('training.freeOf', { free: fmtNumber(g.free), capacity: fmtNumber(g.capacity) })}
              {props.canRegister && (
                <>
                  {' '}
                  · <a href={`/kov/${kov.code}/training/admin/register?group=${g.id}`}>{t('training.admin.registerIn', { region: g.region })}</a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('training.admin.ourTeams')}</h2>
      <TeamsTable ctx={ctx} teams={props.teams} groupNames={props.groupNames} cancelBase={props.canRegister ? `/kov/${kov.code}/training/admin/teams` : undefined} />
    </Layout>
  );
}

export function RegisterPage(props: {
  ctx: PageCtx;
  kov: Kov;
  groups: { value: string; label: string }[];
  services: { value: string; label: string }[];
  form: FormState;
}) {
  const { ctx, kov, form } = props;
  const t = ctx.t;
  const v = form.values ?? {};
  const title = t('training.register.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={[...adminCrumbs(ctx, kov), { label: title }]}>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={form.errors ?? []} />
      <p>{t('training.register.intro', { max: MAX_TEAM })}</p>
      <form method="post" action={`/kov/${kov.code}/training/admin/register`} novalidate>
        <CsrfField ctx={ctx} />
        <SelectField t={t} name="groupId" label={t('training.register.group')} options={props.groups} value={v.groupId ?? ''} errors={form.errors} required />
        <SelectField
          t={t}
          name="serviceId"
          label={t('training.register.service')}
          hint={t('training.register.serviceHint')}
          options={[{ value: '', label: t('training.register.noService') }, ...props.services]}
          value={v.serviceId ?? ''}
          errors={form.errors}
        />
        <TextAreaField t={t} name="problem" label={t('training.register.problem')} hint={t('training.register.problemHint')} value={v.problem ?? ''} errors={form.errors} maxLength={500} rows={3} />
        <TextField t={t} name="contactEmail" type="email" autocomplete="email" label={t('training.register.contactEmail')} value={v.contactEmail ?? ''} errors={form.errors} required />
        {Array.from({ length: MAX_TEAM }, (_, i) => (
          <fieldset class="field">
            <legend>{t('training.register.member', { no: i + 1 })}</legend>
            <TextField t={t} name={`members.${i}.name`} label={t('training.field.name')} value={v[`members.${i}.name`] ?? ''} errors={form.errors} autocomplete="off" />
            <TextField
              t={t}
              name={`members.${i}.idcode`}
              label={t('training.field.idcode')}
              hint={t('training.field.idcodeHint')}
              value={v[`members.${i}.idcode`] ?? ''}
              errors={form.errors}
              inputmode="numeric"
              maxLength={11}
              autocomplete="off"
            />
            <TextField t={t} name={`members.${i}.email`} type="email" label={t('training.field.email')} value={v[`members.${i}.email`] ?? ''} errors={form.errors} autocomplete="off" />
          </fieldset>
        ))}
        <button type="submit">{t('training.register.button')}</button>
      </form>
    </Layout>
  );
}

// ------------------------------------------------------------------ the coordinator

const coordCrumbs = (ctx: PageCtx) => [
  { href: '/training', label: ctx.t('training.nav') },
  { href: '/training/admin', label: ctx.t('training.coord.title') },
];

export function CoordPage(props: { ctx: PageCtx; catalogue: Catalogue }) {
  const { ctx, catalogue } = props;
  const t = ctx.t;
  const title = t('training.coord.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/training', label: t('training.nav') }, { label: title }]}>
      <h1>{title}</h1>
      <ul class="actions">
        <li>
          <a class="button" href="/training/admin/programmes/new">
            {t('training.coord.newProgramme')}
          </a>
        </li>
        <li>
          <a class="button" href="/training/admin/groups/new">
            {t('training.coord.newGroup')}
          </a>
        </li>
        <li>
          <a class="button" href="/training/admin/events/new">
            {t('training.coord.newEvent')}
          </a>
        </li>
      </ul>
      {catalogue.programmes.map((p) => (
        <section aria-labelledby={`p-${p.id}`}>
          <h2 id={`p-${p.id}`}>{pick(p.name, ctx.locale)}</h2>
          <ul>
            {p.groups.map((g) => (
              <li>
                <a href={`/training/admin/groups/${g.id}`}>{t('training.coord.roster', { region: g.region })}</a> — {t('training.freeOf', { free: fmtNumber(g.free), capacity: fmtNumber(g.capacity) })},{' '}
                {t('training.coord.waiting', { n: fmtNumber(g.waiting) })}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <h2>{t('training.events')}</h2>
      <ul>
        {catalogue.events.map((e) => (
          <li>
            <a href={`/training/admin/events/${e.id}`}>{e.title}</a> ({t(`training.kind.${e.kind}`)}, {fmtDateTime(e.startsAt)}) — {t('training.coord.registered', { n: fmtNumber(e.taken) })}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

function FormPage(props: { ctx: PageCtx; title: string; action: string; form: FormState; children: preact.ComponentChildren; button: string }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={props.title} crumbs={[...coordCrumbs(ctx), { label: props.title }]}>
      <h1>{props.title}</h1>
      <ErrorSummary t={ctx.t} errors={props.form.errors ?? []} />
      <form method="post" action={props.action} novalidate>
        <CsrfField ctx={ctx} />
        {props.children}
        <button type="submit">{props.button}</button>
      </form>
    </Layout>
  );
}

export function ProgrammeFormPage(props: { ctx: PageCtx; form: FormState }) {
  const { ctx, form } = props;
  const t = ctx.t;
  const v = form.values ?? {};
  const f = (name: string, label: string, extra: { hint?: string; inputmode?: 'numeric' } = {}) => (
    <TextField t={t} name={name} label={label} value={v[name] ?? ''} errors={form.errors} {...extra} />
  );
  return (
    <FormPage ctx={ctx} title={t('training.coord.newProgramme')} action="/training/admin/programmes/new" form={form} button={t('training.coord.create')}>
      {f('code', t('training.field.code'), { hint: t('training.field.codeHint') })}
      {f('name.et', t('training.field.nameEt'))}
      {f('name.en', t('training.field.nameEn'))}
      {f('name.ru', t('training.field.nameRu'))}
      <TextAreaField t={t} name="description.et" label={t('training.field.description')} value={v['description.et'] ?? ''} errors={form.errors} rows={3} />
      {f('academicHours', t('training.field.academicHours'), { inputmode: 'numeric' })}
      {f('contactDays', t('training.field.contactDays'), { inputmode: 'numeric' })}
      {f('elearningHours', t('training.field.elearningHours'), { inputmode: 'numeric' })}
      {f('minDays', t('training.field.minDays'), { inputmode: 'numeric' })}
      {f('minElearningHours', t('training.field.minElearningHours'), { inputmode: 'numeric' })}
      {f('reminderDays', t('training.field.reminderDays'), { inputmode: 'numeric' })}
    </FormPage>
  );
}

export function GroupFormPage(props: { ctx: PageCtx; form: FormState; programmes: { value: string; label: string }[] }) {
  const { ctx, form } = props;
  const t = ctx.t;
  const v = form.values ?? {};
  return (
    <FormPage ctx={ctx} title={t('training.coord.newGroup')} action="/training/admin/groups/new" form={form} button={t('training.coord.create')}>
      <SelectField t={t} name="programmeId" label={t('training.field.programme')} options={props.programmes} value={v.programmeId ?? ''} errors={form.errors} required />
      <TextField t={t} name="region" label={t('training.col.region')} value={v.region ?? ''} errors={form.errors} required />
      <TextField t={t} name="place" label={t('training.col.place')} value={v.place ?? ''} errors={form.errors} required />
      <TextField t={t} name="capacity" label={t('training.field.capacity')} value={v.capacity ?? '35'} errors={form.errors} inputmode="numeric" required />
      <TextField t={t} name="deadline" type="datetime-local" label={t('training.col.deadline')} value={v.deadline ?? ''} errors={form.errors} required />
      <TextField t={t} name="dates" label={t('training.field.dates')} hint={t('training.field.datesHint')} value={v.dates ?? ''} errors={form.errors} required />
    </FormPage>
  );
}

export function EventFormPage(props: { ctx: PageCtx; form: FormState }) {
  const { ctx, form } = props;
  const t = ctx.t;
  const v = form.values ?? {};
  return (
    <FormPage ctx={ctx} title={t('training.coord.newEvent')} action="/training/admin/events/new" form={form} button={t('training.coord.create')}>
      <SelectField
        t={t}
        name="kind"
        label={t('training.col.kind')}
        options={[
          { value: 'seminar', label: t('training.kind.seminar') },
          { value: 'webinar', label: t('training.kind.webinar') },
        ]}
        value={v.kind ?? 'seminar'}
        errors={form.errors}
      />
      <TextField t={t} name="title" label={t('training.field.title')} value={v.title ?? ''} errors={form.errors} required />
      <TextAreaField t={t} name="description" label={t('training.field.description')} value={v.description ?? ''} errors={form.errors} rows={3} />
      <TextField t={t} name="startsAt" type="datetime-local" label={t('training.col.when')} value={v.startsAt ?? ''} errors={form.errors} required />
      <TextField t={t} name="place" label={t('training.col.place')} value={v.place ?? ''} errors={form.errors} />
      <TextField t={t} name="url" type="url" label={t('training.field.url')} value={v.url ?? ''} errors={form.errors} />
      <TextField t={t} name="capacity" label={t('training.field.capacity')} value={v.capacity ?? ''} errors={form.errors} inputmode="numeric" required />
      <TextField t={t} name="deadline" type="datetime-local" label={t('training.col.deadline')} value={v.deadline ?? ''} errors={form.errors} required />
    </FormPage>
  );
}

export function RosterPage(props: { ctx: PageCtx; roster: Roster; coordinator: boolean; groupNames: Map<string, string>; form: FormState }) {
  const { ctx, roster, form } = props;
  const t = ctx.t;
  const d = roster.detail;
  const title = t('training.roster.title', { programme: pick(d.programme.name, ctx.locale), region: d.group.region });
  const base = `/training/admin/groups/${d.group.id}`;
  const todayCode = roster.checkinCodes;
  return (
    <Layout ctx={ctx} title={title} crumbs={[...coordCrumbs(ctx).slice(0, props.coordinator ? 2 : 1), { label: d.group.region }]} wide>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={form.errors ?? []} />
      <p>
        {t('training.freeOf', { free: fmtNumber(d.group.free), capacity: fmtNumber(d.group.capacity) })} · {t('training.coord.waiting', { n: fmtNumber(d.group.waiting) })} ·{' '}
        {t('training.rule', { days: fmtNumber(d.programme.minDays), total: fmtNumber(d.programme.contactDays), hours: fmtNumber(d.programme.minElearningHours) })}
      </p>
      <h2>{t('training.roster.codes')}</h2>
      <p>{t('training.roster.codesHint')}</p>
      <ul>
        {d.days.map((day) => (
          <li>
            {t('training.dayN', { no: day.no, date: fmtDate(day.date) })}: <strong class="secret">{todayCode.find((c) => c.dayId === day.id)?.code}</strong>
          </li>
        ))}
      </ul>
      <FeedbackStyles />
      <h2 id="feedback">{t('training.roster.feedback')}</h2>
      <p>{t('training.roster.feedbackHint')}</p>
      {d.days.map((day) => {
        const f = roster.feedback.find((x) => x.subjectId === day.id);
        return (
          <div>
            <h3>{t('training.dayN', { no: day.no, date: fmtDate(day.date) })}</h3>
            {f && <SubjectFiguresView t={t} locale={ctx.locale} figures={f} id={`feedback-day-${day.no}`} headingLevel={4} />}
          </div>
        );
      })}
      <h2 id="attendance">{t('training.roster.attendance')}</h2>
      {roster.members.length === 0 ? (
        <p>{t('training.roster.noMembers')}</p>
      ) : (
        <form method="post" action={`${base}/attendance`}>
          <CsrfField ctx={ctx} />
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">{t('training.roster.attendance')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('training.field.name')}</th>
                  {d.days.map((day) => (
                    <th scope="col">{t('training.dayShort', { no: day.no })}</th>
                  ))}
                  <th scope="col">{t('training.roster.elearning')}</th>
                  <th scope="col">{t('training.col.status')}</th>
                </tr>
              </thead>
              <tbody>
                {roster.members.map((m) => (
                  <tr>
                    <th scope="row">
                      {m.name} <span class="hint">({m.kov})</span>
                    </th>
                    {d.days.map((day) => (
                      <td>
                        <input
                          type="checkbox"
                          id={`a-${m.id}-${day.no}`}
                          name={`day.${m.id}`}
                          value={day.id}
                          checked={m.days.includes(day.id)}
                          aria-label={t('training.roster.presentOn', { name: m.name, no: day.no })}
                        />
                      </td>
                    ))}
                    <td>
                      <input
                        type="text"
                        inputMode="decimal"
                        size={4}
                        id={`f-elearning.${m.id}`}
                        name={`elearning.${m.id}`}
                        value={String(m.elearningHours)}
                        aria-label={t('training.roster.hoursOf', { name: m.name })}
                      />
                    </td>
                    <td>
                      {m.certificateCode ? (
                        <a href={`/training/certificates/${m.certificateCode}`}>{t('training.roster.certified')}</a>
                      ) : m.completion.complete ? (
                        t('training.roster.complete')
                      ) : (
                        t('training.roster.missing', { days: fmtNumber(m.completion.daysMissing), hours: fmtNumber(m.completion.hoursMissing) })
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button type="submit">{t('training.roster.save')}</button>
        </form>
      )}
      <h2>{t('training.teams')}</h2>
      <TeamsTable ctx={ctx} teams={roster.teams} groupNames={props.groupNames} showKov />
      <h2>{t('training.days')}</h2>
      <DaysList ctx={ctx} detail={d} />
      {props.coordinator && (
        <>
          <h2 id="sessions">{t('training.roster.addSession')}</h2>
          <form method="post" action={`${base}/sessions`} novalidate>
            <CsrfField ctx={ctx} />
            <SelectField t={t} name="dayNo" label={t('training.field.day')} options={d.days.map((x) => ({ value: String(x.no), label: t('training.dayN', { no: x.no, date: fmtDate(x.date) }) }))} value={form.values?.dayNo ?? '1'} errors={form.errors} />
            <TextField t={t} name="starts" label={t('training.field.starts')} hint={t('training.field.startsHint')} value={form.values?.starts ?? ''} errors={form.errors} />
            <TextField t={t} name="topic" label={t('training.col.topic')} value={form.values?.topic ?? ''} errors={form.errors} />
            <TextField t={t} name="trainer" label={t('training.field.trainer')} value={form.values?.trainer ?? ''} errors={form.errors} />
            <button type="submit" class="button-secondary">
              {t('training.roster.addSession')}
            </button>
          </form>
          <h2 id="trainers">{t('training.roster.addTrainer')}</h2>
          <p>{d.trainers.length ? d.trainers.join(', ') : t('training.roster.noTrainers')}</p>
          <form method="post" action={`${base}/trainers`} novalidate>
            <CsrfField ctx={ctx} />
            <TextField t={t} name="name" label={t('training.field.name')} value={form.values?.name ?? ''} errors={form.errors} />
            <TextField t={t} name="idcode" label={t('training.field.idcode')} value="" errors={form.errors} inputmode="numeric" maxLength={11} autocomplete="off" />
            <button type="submit" class="button-secondary">
              {t('training.roster.addTrainer')}
            </button>
          </form>
        </>
      )}
    </Layout>
  );
}

export function EventRosterPage(props: { ctx: PageCtx; roster: EventRoster }) {
  const { ctx, roster } = props;
  const t = ctx.t;
  const e = roster.event;
  return (
    <Layout ctx={ctx} title={e.title} crumbs={[...coordCrumbs(ctx), { label: e.title }]}>
      <h1>{e.title}</h1>
      <p>
        {t(`training.kind.${e.kind}`)} · {fmtDateTime(e.startsAt)} · {t('training.coord.registered', { n: fmtNumber(e.taken) })}
      </p>
      {roster.people.length === 0 ? (
        <p>{t('training.roster.noMembers')}</p>
      ) : (
        <form method="post" action={`/training/admin/events/${e.id}/attendance`}>
          <CsrfField ctx={ctx} />
          <fieldset>
            <legend>{t('training.event.attended')}</legend>
            {roster.people.map((p) => (
              <div class="checkbox">
                <input type="checkbox" id={`p-${p.personId}`} name="present" value={p.personId} checked={p.attended} /> <label for={`p-${p.personId}`}>{p.name}</label>
              </div>
            ))}
          </fieldset>
          <button type="submit">{t('training.roster.save')}</button>
        </form>
      )}
    </Layout>
  );
}

export type { GroupSummary };
