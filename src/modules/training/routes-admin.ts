// The training module's official pages. Thin: parse → authorize → service → render; every POST
// redirects (303) or re-renders its form with the errors. Signed-in people only.
//
// A KOV's (KOV admins, training contacts: training.read / training.register):
//   GET  /kov/:kov/training/admin                        the KOV's teams, the groups open for registration
//   GET  /kov/:kov/training/admin/register, POST         register a team
//   POST /kov/:kov/training/admin/teams/:id/cancel       cancel a team (frees places for the waiting list)
// The coordinator's (training-coordinator, platform admins) and a group's trainers':
//   GET  /training/admin                                 programmes, groups, events
//   GET  /training/admin/programmes/new, POST            a programme
//   GET  /training/admin/groups/new, POST                a regional group with its contact days
//   GET  /training/admin/groups/:id                      the roster (coordinator, the group's trainers)
//   POST /training/admin/groups/:id/attendance           attendance and e-learning hours (coordinator, the group's trainers)
//   POST /training/admin/groups/:id/sessions|trainers    a session on a day; a trainer (coordinator)
//   GET  /training/admin/events/new, POST                a seminar or webinar
//   GET  /training/admin/events/:id, POST …/attendance   who attended
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import { may, personActor, requirePersonFor, requireUser } from '../../kernel/auth.js';
import { forbidden, formErrors, notFound } from '../../kernel/errors.js';
import { tallinnLocalToDate } from '../../kernel/clock.js';
import { pick } from '../../kernel/i18n.js';
import { loadTenant } from '../../kernel/tenants.js';
import { serviceRefs } from '../services/index.js';
import { MAX_TEAM } from './model.js';
import type { TeamInput } from './model.js';
import { TRAINING_READ, TRAINING_REGISTER, isCoordinator, requireCoordinator } from './permissions.js';
import {
  addSession,
  addTrainer,
  cancelTeam,
  createEvent,
  createGroup,
  createProgramme,
  eventRoster,
  groupRoster,
  registerTeam,
  saveAttendance,
  saveEventAttendance,
  teamsOfKov,
  trainingCatalogue,
  trainsGroup,
} from './service.js';
import type { Catalogue } from './service.js';
import { CoordPage, EventFormPage, EventRosterPage, GroupFormPage, KovAdminPage, ProgrammeFormPage, RegisterPage, RosterPage } from './views/admin.js';
import type { FormState } from './views/public.js';

const hide = { schema: { hide: true } };
type Values = Record<string, string>;

function valuesOf(body: unknown): Values {
  const out: Values = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) if (k !== '_csrf' && typeof v === 'string') out[k] = v;
  return out;
}

function listOf(body: unknown, k: string): string[] {
  const v = (body as Record<string, unknown> | null)?.[k];
  return typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

const num = (s: string | undefined): number => (s === undefined || s.trim() === '' ? Number.NaN : Number(s.trim().replace(',', '.')));

/** The groups' names ("programme: region") in the reader's language. */
const groupNamesOf = (c: Catalogue, locale: 'et' | 'en' | 'ru') => new Map(c.programmes.flatMap((p) => p.groups.map((g) => [g.id, `${pick(p.name, locale)}: ${g.region}`] as const)));

export function teamInputOf(v: Values): TeamInput {
  return {
    groupId: v.groupId ?? '',
    serviceId: v.serviceId ?? '',
    problem: v.problem ?? '',
    contactEmail: v.contactEmail ?? '',
    members: Array.from({ length: MAX_TEAM }, (_, i) => ({ name: v[`members.${i}.name`] ?? '', idcode: v[`members.${i}.idcode`] ?? '', email: v[`members.${i}.email`] ?? '' })),
  };
}

export async function adminRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const idcodeKey = app.config.idcodeHmacKey;

  async function kovOf(code: string) {
    const k = await loadTenant(db, code);
    if (!k) throw notFound();
    return { code, name: k.name };
  }
  const kovParam = (req: FastifyRequest) => (req.params as { kov: string }).kov;

  // ------------------------------------------------------------------ a KOV's teams

  app.get('/kov/:kov/training/admin', hide, async (req, reply) => {
    requirePersonFor(req, kovParam(req), TRAINING_READ);
    const kov = await kovOf(kovParam(req));
    const [teams, catalogue, ctx] = [await teamsOfKov(db, kov.code), await trainingCatalogue(db), await req.pageCtx()];
    reply.header('cache-control', 'no-store');
    return reply.page(
      KovAdminPage({
        ctx,
        kov,
        teams,
        groups: catalogue.programmes.flatMap((p) => p.groups),
        groupNames: groupNamesOf(catalogue, ctx.locale),
        canRegister: may(req.user, kov.code, TRAINING_REGISTER),
      }),
    );
  });

  async function registerPage(req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) {
    const kov = await kovOf(kovParam(req));
    const [catalogue, services, ctx] = [await trainingCatalogue(db), await serviceRefs(db, kov.code), await req.pageCtx()];
    const names = groupNamesOf(catalogue, ctx.locale);
    const groups = catalogue.programmes.flatMap((p) => p.groups).filter((g) => g.open).map((g) => ({ value: g.id, label: names.get(g.id) ?? g.region }));
    reply.header('cache-control', 'no-store');
    return reply.page(
      RegisterPage({ ctx, kov, groups, services: services.map((s) => ({ value: s.id, label: pick(s.name, ctx.locale) || s.slug })), form }),
      status,
    );
  }

  app.get('/kov/:kov/training/admin/register', hide, async (req, reply) => {
    requirePersonFor(req, kovParam(req), TRAINING_REGISTER);
    const group = (req.query as { group?: string }).group;
    return registerPage(req, reply, { values: typeof group === 'string' ? { groupId: group } : {} });
  });

  app.post('/kov/:kov/training/admin/register', hide, async (req, reply) => {
    const actor = requirePersonFor(req, kovParam(req), TRAINING_REGISTER);
    const kov = (await kovOf(kovParam(req))).code;
    const values = valuesOf(req.body);
    try {
      const r = await registerTeam(db, idcodeKey, kov, teamInputOf(values), actor);
      reply.flash(r.status === 'confirmed' ? { kind: 'success', key: 'training.flash.confirmed' } : { kind: 'success', key: 'training.flash.waiting', vars: { no: r.waitingPlace ?? 0 } });
      return reply.redirect(`/kov/${kov}/training/admin`, 303);
    } catch (e) {
      const bad = formErrors(e, 'groupId');
      if (!bad) throw e;
      // ID codes are not sent back to the page
      const safe = Object.fromEntries(Object.entries(values).filter(([k]) => !k.endsWith('.idcode')));
      return registerPage(req, reply, { values: safe, errors: bad.fields }, bad.status);
    }
  });

  app.post('/kov/:kov/training/admin/teams/:id/cancel', hide, async (req, reply) => {
    const actor = requirePersonFor(req, kovParam(req), TRAINING_REGISTER);
    const kov = (await kovOf(kovParam(req))).code;
    await cancelTeam(db, kov, (req.params as { id: string }).id, actor);
    reply.flash({ kind: 'success', key: 'training.flash.cancelled' });
    return reply.redirect(`/kov/${kov}/training/admin`, 303);
  });

  // ------------------------------------------------------------------ the coordinator

  app.get('/training/admin', hide, async (req, reply) => {
    requireCoordinator(req);
    reply.header('cache-control', 'no-store');
    return reply.page(CoordPage({ ctx: await req.pageCtx(), catalogue: await trainingCatalogue(db) }));
  });

  async function programmeForm(req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) {
    reply.header('cache-control', 'no-store');
    return reply.page(ProgrammeFormPage({ ctx: await req.pageCtx(), form }), status);
  }

  app.get('/training/admin/programmes/new', hide, async (req, reply) => {
    requireCoordinator(req);
    return programmeForm(req, reply, { values: { contactDays: '5', minDays: '4', academicHours: '48', elearningHours: '8', minElearningHours: '8', reminderDays: '3' } });
  });

  app.post('/training/admin/programmes/new', hide, async (req, reply) => {
    const actor = requireCoordinator(req);
    const v = valuesOf(req.body);
    try {
      await createProgramme(
        db,
        {
          code: (v.code ?? '').trim(),
          name: { et: (v['name.et'] ?? '').trim(), en: (v['name.en'] ?? '').trim(), ru: (v['name.ru'] ?? '').trim() },
          description: { et: (v['description.et'] ?? '').trim(), en: '', ru: '' },
          academicHours: num(v.academicHours),
          contactDays: num(v.contactDays),
          elearningHours: num(v.elearningHours),
          minDays: num(v.minDays),
          minElearningHours: num(v.minElearningHours),
          reminderDays: num(v.reminderDays),
        },
        actor,
      );
    } catch (e) {
      const bad = formErrors(e, 'code');
      if (!bad) throw e;
      return programmeForm(req, reply, { values: v, errors: bad.fields }, bad.status);
    }
    reply.flash({ kind: 'success', key: 'training.flash.created' });
    return reply.redirect('/training/admin', 303);
  });

  async function groupForm(req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) {
    const [catalogue, ctx] = [await trainingCatalogue(db), await req.pageCtx()];
    reply.header('cache-control', 'no-store');
    return reply.page(GroupFormPage({ ctx, form, programmes: catalogue.programmes.map((p) => ({ value: p.id, label: pick(p.name, ctx.locale) })) }), status);
  }

  app.get('/training/admin/groups/new', hide, async (req, reply) => {
    requireCoordinator(req);
    return groupForm(req, reply, {});
  });

  app.post('/training/admin/groups/new', hide, async (req, reply) => {
    const actor = requireCoordinator(req);
    const v = valuesOf(req.body);
    try {
      const id = await createGroup(
        db,
        {
          programmeId: v.programmeId ?? '',
          region: v.region ?? '',
          place: v.place ?? '',
          capacity: num(v.capacity),
          deadline: tallinnLocalToDate(v.deadline ?? ''),
          dates: (v.dates ?? '')
            .split(/[\s,;]+/)
            .filter(Boolean)
            .map(isoDate),
        },
        actor,
      );
      reply.flash({ kind: 'success', key: 'training.flash.created' });
      return reply.redirect(`/training/admin/groups/${id}`, 303);
    } catch (e) {
      const bad = formErrors(e, 'region');
      if (!bad) throw e;
      return groupForm(req, reply, { values: v, errors: bad.fields }, bad.status);
    }
  });

  /** The coordinator, or a trainer of this group. */
  async function rosterActor(req: FastifyRequest, groupId: string): Promise<{ actor: Actor; coordinator: boolean }> {
    const user = requireUser(req);
    if (isCoordinator(user)) return { actor: personActor(user), coordinator: true };
    if (await trainsGroup(db, groupId, user.idcodeHash)) return { actor: personActor(user), coordinator: false };
    throw forbidden();
  }

  async function rosterPage(req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) {
    const { id } = req.params as { id: string };
    const { coordinator } = await rosterActor(req, id);
    const roster = await groupRoster(db, id);
    if (!roster) throw notFound();
    const [catalogue, ctx] = [await trainingCatalogue(db), await req.pageCtx()];
    reply.header('cache-control', 'no-store');
    return reply.page(RosterPage({ ctx, roster, coordinator, groupNames: groupNamesOf(catalogue, ctx.locale), form }), status);
  }

  app.get('/training/admin/groups/:id', hide, (req, reply) => rosterPage(req, reply, {}));

  app.post('/training/admin/groups/:id/attendance', hide, async (req, reply) => {
    const { id } = req.params as { id: string };
    const { actor } = await rosterActor(req, id);
    const present = new Map<string, Set<string>>();
    const elearning = new Map<string, number>();
    for (const k of Object.keys((req.body ?? {}) as object)) {
      if (k.startsWith('day.')) present.set(k.slice(4), new Set(listOf(req.body, k)));
      if (k.startsWith('elearning.')) {
        const raw = listOf(req.body, k)[0] ?? '';
        if (raw.trim() !== '') elearning.set(k.slice(10), num(raw));
      }
    }
    try {
      const r = await saveAttendance(db, id, { present, elearning }, actor);
      reply.flash({ kind: 'success', key: 'training.flash.attendance', vars: { n: r.certificates } });
      return reply.redirect(`/training/admin/groups/${id}#attendance`, 303);
    } catch (e) {
      const bad = formErrors(e);
      if (!bad) throw e;
      return rosterPage(req, reply, { errors: bad.fields }, bad.status);
    }
  });

  app.post('/training/admin/groups/:id/sessions', hide, async (req, reply) => {
    const actor = requireCoordinator(req);
    const { id } = req.params as { id: string };
    const v = valuesOf(req.body);
    try {
      await addSession(db, id, num(v.dayNo), { starts: (v.starts ?? '').trim(), topic: v.topic ?? '', trainer: v.trainer ?? '' }, actor);
    } catch (e) {
      const bad = formErrors(e);
      if (!bad) throw e;
      return rosterPage(req, reply, { values: v, errors: bad.fields }, bad.status);
    }
    reply.flash({ kind: 'success', key: 'training.flash.saved' });
    return reply.redirect(`/training/admin/groups/${id}#sessions`, 303);
  });

  app.post('/training/admin/groups/:id/trainers', hide, async (req, reply) => {
    const actor = requireCoordinator(req);
    const { id } = req.params as { id: string };
    const v = valuesOf(req.body);
    try {
      await addTrainer(db, idcodeKey, id, (v.idcode ?? '').trim(), v.name ?? '', actor);
    } catch (e) {
      const bad = formErrors(e);
      if (!bad) throw e;
      return rosterPage(req, reply, { values: { name: v.name ?? '' }, errors: bad.fields }, bad.status);
    }
    reply.flash({ kind: 'success', key: 'training.flash.saved' });
    return reply.redirect(`/training/admin/groups/${id}#trainers`, 303);
  });

  async function eventForm(req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) {
    reply.header('cache-control', 'no-store');
    return reply.page(EventFormPage({ ctx: await req.pageCtx(), form }), status);
  }

  app.get('/training/admin/events/new', hide, async (req, reply) => {
    requireCoordinator(req);
    return eventForm(req, reply, {});
  });

  app.post('/training/admin/events/new', hide, async (req, reply) => {
    const actor = requireCoordinator(req);
    const v = valuesOf(req.body);
    try {
      const id = await createEvent(
        db,
        {
          kind: v.kind ?? '',
          title: v.title ?? '',
          description: v.description ?? '',
          startsAt: tallinnLocalToDate(v.startsAt ?? ''),
          place: v.place ?? '',
          url: v.url ?? '',
          capacity: num(v.capacity),
          deadline: tallinnLocalToDate(v.deadline ?? ''),
        },
        actor,
      );
      reply.flash({ kind: 'success', key: 'training.flash.created' });
      return reply.redirect(`/training/admin/events/${id}`, 303);
    } catch (e) {
      const bad = formErrors(e, 'title');
      if (!bad) throw e;
      return eventForm(req, reply, { values: v, errors: bad.fields }, bad.status);
    }
  });

  app.get('/training/admin/events/:id', hide, async (req, reply) => {
    requireCoordinator(req);
    const roster = await eventRoster(db, (req.params as { id: string }).id);
    if (!roster) throw notFound();
    reply.header('cache-control', 'no-store');
    return reply.page(EventRosterPage({ ctx: await req.pageCtx(), roster }));
  });

  app.post('/training/admin/events/:id/attendance', hide, async (req, reply) => {
    const actor = requireCoordinator(req);
    const { id } = req.params as { id: string };
    await saveEventAttendance(db, id, new Set(listOf(req.body, 'present')), actor);
    reply.flash({ kind: 'success', key: 'training.flash.saved' });
    return reply.redirect(`/training/admin/events/${id}`, 303);
  });
}

/** 12.01.2027 or 2027-01-12 → 2027-01-12 (anything else is passed on for the service to refuse). */
function isoDate(s: string): string {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : s;
}
