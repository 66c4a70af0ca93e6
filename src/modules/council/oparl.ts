// The open council API in OParl 1.1 shapes at /oparl/v1 (read-only, public; docs/oparl.md):
//
//   /oparl/v1                                   System
//   /oparl/v1/bodies                            Body list (one Body per KOV with a council)
//   /oparl/v1/bodies/:kov                       Body
//   …/organizations, …/organizations/:id        Organization: the council, its commissions, the factions
//   …/people, …/people/:id                      Person (with her memberships embedded)
//   …/memberships/:id                           Membership (a seat; `<seat>-faction`: her faction membership)
//   …/meetings, …/meetings/:id                  Meeting (agenda items, location, files and the signed minutes embedded)
//   …/agendaitems/:id                           AgendaItem (+ vallamaja:vote: the URLs of its votes)
//   …/papers, …/papers/:id                      Paper (published drafts; files and consultations embedded)
//   …/consultations/:id                         Consultation (a commission's opinion, or an agenda item treating the draft)
//   …/files/:id, …/files/:id/content            File (council_file; accessUrl / downloadUrl)
//   …/locations/:id                             Location (a sitting's place)
//   …/votes/:id                                 Vote — our extension (OParl has none): subject, rule, counts,
//                                               outcome; each member's choice (Person URL) in an open vote
//
// Ids are absolute URLs built from the configured public base URL (PUBLIC_URL). Lists are OParl
// external lists: { data, pagination, links } with ?page=N.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db, Tx } from '../../kernel/db.js';
import { notFound } from '../../kernel/errors.js';
import { loadTenant } from '../../kernel/tenants.js';
import type { VoteRow } from './repo/live.js';
import type { DraftPublicRow, FileMetaRow, MembershipFull, OpinionRow } from './repo/record.js';
import {
  bodiesOfKov,
  choicesOfVotes,
  countOf,
  fileBytes,
  filesOf,
  itemsOfKov,
  kovsWithCouncil,
  membershipsOfKov,
  minutesOf,
  opinionsOf,
  personsOfKov,
  publicDrafts,
  publicSittings,
  voteOf,
  votesOfItems,
} from './repo/record.js';
import type { BodyRow, ItemRow, SittingRow } from './repo/setup.js';
import { isId } from '../../kernel/ids.js';

export const OPARL_VERSION = 'https://schema.oparl.org/1.1/';
const T = (name: string) => `https://schema.oparl.org/1.1/${name}`;
/** Our extension's object type (documented in docs/oparl.md). */
export const VOTE_TYPE = 'https://schema.vallamaja.ee/oparl/1.0/Vote';
const PAGE_SIZE = 50;

type Obj = Record<string, unknown>;
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : undefined);
/** Drops undefined and null members (OParl: a property without a value is left out). */
const clean = (o: Obj): Obj => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
const factionId = (name: string) => `faction-${createHash('sha256').update(name).digest('hex').slice(0, 16)}`;

/** The URLs of one KOV's OParl objects. */
export class OparlUrls {
  constructor(
    readonly root: string,
    readonly publicUrl: string,
    readonly kov: string,
  ) {}
  get body() {
    return `${this.root}/bodies/${this.kov}`;
  }
  list(what: string) {
    return `${this.body}/${what}`;
  }
  obj(what: string, id: string) {
    return `${this.body}/${what}/${id}`;
  }
  web(path: string) {
    return `${this.publicUrl}/kov/${this.kov}/council${path}`;
  }
}

/** An OParl external list page. */
function externalList(listUrl: string, data: Obj[], total: number, page: number): Obj {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const at = (p: number) => `${listUrl}?page=${p}`;
  return {
    data,
    pagination: { totalElements: total, elementsPerPage: PAGE_SIZE, currentPage: page, totalPages: pages },
    links: clean({ first: at(1), prev: page > 1 ? at(page - 1) : undefined, self: at(page), next: page < pages ? at(page + 1) : undefined, last: at(pages) }),
  };
}

// ---------- object builders ----------

function locationObj(u: OparlUrls, s: SittingRow): Obj | undefined {
  if (!s.place) return undefined;
  return { id: u.obj('locations', s.id), type: T('Location'), description: s.place, room: s.place, meetings: [u.obj('meetings', s.id)], created: iso(s.created_at), modified: iso(s.created_at) };
}

function fileObj(u: OparlUrls, f: FileMetaRow): Obj {
  return clean({
    id: u.obj('files', f.id),
    type: T('File'),
    name: f.name.replace(/\.[A-Za-z0-9]{1,5}$/, ''),
    fileName: f.name,
    mimeType: f.media_type,
    date: iso(f.uploaded_at)!.slice(0, 10),
    size: f.size,
    accessUrl: `${u.obj('files', f.id)}/content`,
    downloadUrl: `${u.obj('files', f.id)}/content?download=1`,
    paper: f.draft_id ? [u.obj('papers', f.draft_id)] : undefined,
    meeting: f.sitting_id ? [u.obj('meetings', f.sitting_id)] : undefined,
    created: iso(f.uploaded_at),
    modified: iso(f.uploaded_at),
  });
}

/** The signed minutes as an OParl File (the archive's PDF). */
function minutesFileObj(u: OparlUrls, s: SittingRow, signedAt: Date): Obj {
  const pdf = u.web(`/archive/sittings/${s.id}/minutes.pdf`);
  return {
    id: u.obj('files', `minutes-${s.id}`),
    type: T('File'),
    name: `Protokoll ${s.number}`,
    fileName: `minutes-${u.kov}-${s.number}.pdf`,
    mimeType: 'application/pdf',
    date: iso(signedAt)!.slice(0, 10),
    accessUrl: pdf,
    downloadUrl: pdf,
    meeting: [u.obj('meetings', s.id)],
    created: iso(signedAt),
    modified: iso(signedAt),
  };
}

function agendaItemObj(u: OparlUrls, i: ItemRow, votes: VoteRow[], embedded: boolean): Obj {
  return clean({
    id: u.obj('agendaitems', i.id),
    type: T('AgendaItem'),
    meeting: embedded ? undefined : u.obj('meetings', i.sitting_id),
    number: String(i.position),
    order: i.position,
    name: i.title,
    public: i.public,
    consultation: i.draft_id ? u.obj('consultations', i.id) : undefined,
    result: i.result ?? undefined,
    'vallamaja:vote': i.public ? votes.filter((v) => v.item_id === i.id).map((v) => u.obj('votes', v.id)) : undefined,
  });
}

function meetingObj(u: OparlUrls, s: SittingRow, body: BodyRow | undefined, items: ItemRow[], votes: VoteRow[], files: FileMetaRow[], participants: string[], signedAt: Date | null): Obj {
  const state = s.state === 'closed' ? (signedAt ? 'durchgeführt' : 'abgehalten') : s.state === 'open' ? 'läuft' : 'eingeladen';
  return clean({
    id: u.obj('meetings', s.id),
    type: T('Meeting'),
    name: `${body?.name ?? ''} ${s.number}`.trim(),
    meetingState: state,
    cancelled: false,
    start: iso(s.opened_at ?? s.starts_at),
    end: iso(s.closed_at),
    location: locationObj(u, s),
    organization: [u.obj('organizations', s.body_id)],
    participant: participants.length ? participants : undefined,
    resultsProtocol: signedAt ? minutesFileObj(u, s, signedAt) : undefined,
    auxiliaryFile: files.length ? files.map((f) => fileObj(u, f)) : undefined,
    agendaItem: items.map((i) => agendaItemObj(u, i, votes, true)),
    created: iso(s.created_at),
    modified: iso(s.closed_at ?? s.opened_at ?? s.notice_published_at ?? s.created_at),
    web: s.state === 'closed' ? u.web(`/archive/sittings/${s.id}`) : undefined,
  });
}

function membershipObj(u: OparlUrls, m: MembershipFull, faction: boolean, embedded: boolean): Obj {
  return clean({
    id: u.obj('memberships', faction ? `${m.id}-faction` : m.id),
    type: T('Membership'),
    person: embedded ? undefined : u.obj('people', m.person_id),
    organization: u.obj('organizations', faction ? factionId(m.faction!) : m.body_id),
    role: faction ? 'Fraktsiooni liige' : { chair: 'Esimees', deputy: 'Aseesimees', member: 'Liige' }[m.role],
    votingRight: faction ? undefined : m.voting_right,
    startDate: m.starts,
    endDate: m.ends ?? undefined,
    onBehalfOf: !faction && m.faction ? u.obj('organizations', factionId(m.faction)) : undefined,
    'vallamaja:substituteFor': !faction && m.substitute_for ? u.obj('memberships', m.substitute_for) : undefined,
  });
}

function personObj(u: OparlUrls, p: { id: string; name: string; created_at: Date }, memberships: MembershipFull[]): Obj {
  const mine = memberships.filter((m) => m.person_id === p.id);
  return clean({
    id: u.obj('people', p.id),
    type: T('Person'),
    body: u.body,
    name: p.name,
    membership: mine.flatMap((m) => [membershipObj(u, m, false, true), ...(m.faction ? [membershipObj(u, m, true, true)] : [])]),
    created: iso(p.created_at),
    modified: iso(p.created_at),
    web: u.web(`/archive/members/${p.id}`),
  });
}

interface Faction {
  id: string;
  name: string;
  memberships: MembershipFull[];
}

function factionsOf(memberships: MembershipFull[]): Faction[] {
  const by = new Map<string, Faction>();
  for (const m of memberships) {
    if (!m.faction) continue;
    const f = by.get(m.faction) ?? { id: factionId(m.faction), name: m.faction, memberships: [] };
    f.memberships.push(m);
    by.set(m.faction, f);
  }
  return [...by.values()].sort((a, b) => a.name.localeCompare(b.name, 'et'));
}

function bodyOrgObj(u: OparlUrls, b: BodyRow, memberships: MembershipFull[]): Obj {
  return clean({
    id: u.obj('organizations', b.id),
    type: T('Organization'),
    body: u.body,
    name: b.name,
    shortName: b.short_name ?? undefined,
    membership: memberships.filter((m) => m.body_id === b.id).map((m) => u.obj('memberships', m.id)),
    meeting: `${u.obj('organizations', b.id)}/meetings`,
    subOrganizationOf: b.parent_id ? u.obj('organizations', b.parent_id) : undefined,
    organizationType: 'Gremium',
    classification: b.kind === 'council' ? 'Parlament' : 'Kommission',
    created: iso(b.created_at),
    modified: iso(b.created_at),
  });
}

function factionOrgObj(u: OparlUrls, f: Faction, council: BodyRow | undefined): Obj {
  return clean({
    id: u.obj('organizations', f.id),
    type: T('Organization'),
    body: u.body,
    name: f.name,
    membership: f.memberships.map((m) => u.obj('memberships', `${m.id}-faction`)),
    subOrganizationOf: council ? u.obj('organizations', council.id) : undefined,
    organizationType: 'Fraktion',
    classification: 'Fraktion',
  });
}

function consultationFromItem(u: OparlUrls, i: ItemRow, sittingBody: string | undefined): Obj {
  return clean({
    id: u.obj('consultations', i.id),
    type: T('Consultation'),
    paper: u.obj('papers', i.draft_id!),
    agendaItem: u.obj('agendaitems', i.id),
    meeting: u.obj('meetings', i.sitting_id),
    organization: sittingBody ? [u.obj('organizations', sittingBody)] : undefined,
    authoritative: true,
    role: 'Beschlussfassung',
  });
}

function consultationFromOpinion(u: OparlUrls, o: OpinionRow): Obj {
  return clean({
    id: u.obj('consultations', o.id),
    type: T('Consultation'),
    paper: u.obj('papers', o.draft_id),
    organization: [u.obj('organizations', o.body_id)],
    authoritative: false,
    role: 'Stellungnahme',
    'vallamaja:opinion': o.opinion,
    'vallamaja:decidedOn': o.decided_on,
    created: iso(o.created_at),
    modified: iso(o.created_at),
  });
}

function paperObj(u: OparlUrls, d: DraftPublicRow, files: FileMetaRow[], consultations: Obj[]): Obj {
  const mine = files.filter((f) => f.draft_id === d.id);
  return clean({
    id: u.obj('papers', d.id),
    type: T('Paper'),
    body: u.body,
    name: d.title,
    reference: d.number,
    date: iso(d.published_at)?.slice(0, 10),
    paperType: { decision: 'Otsuse eelnõu', regulation: 'Määruse eelnõu', other: 'Eelnõu' }[d.kind] ?? 'Eelnõu',
    mainFile: mine[0] ? fileObj(u, mine[0]) : undefined,
    auxiliaryFile: mine.length > 1 ? mine.slice(1).map((f) => fileObj(u, f)) : undefined,
    underDirectionOf: [u.obj('organizations', d.body_id)],
    consultation: consultations.length ? consultations : undefined,
    'vallamaja:presenter': d.presenter,
    'vallamaja:status': d.status,
    created: iso(d.created_at),
    modified: iso(d.published_at ?? d.created_at),
  });
}

function voteObj(u: OparlUrls, v: VoteRow, sittingItem: ItemRow | undefined, choices: { membership_id: string; person_id: string; choice: string }[], personOfMembership: Map<string, MembershipFull>): Obj {
  const outcome = v.outcome;
  const chosen = new Map(choices.map((c) => [c.membership_id, c]));
  return clean({
    id: u.obj('votes', v.id),
    type: VOTE_TYPE,
    agendaItem: u.obj('agendaitems', v.item_id),
    meeting: u.obj('meetings', v.sitting_id),
    subject: v.subject,
    kind: v.kind,
    majority: v.majority,
    state: v.state,
    counts: outcome ? { for: outcome.for, against: outcome.against, abstain: outcome.abstain, notVoting: outcome.notVoting } : undefined,
    seats: outcome?.seats,
    present: outcome?.present,
    needed: outcome?.needed,
    adopted: outcome?.adopted,
    repeatOf: v.repeat_of ? u.obj('votes', v.repeat_of) : undefined,
    repeatReason: v.repeat_reason ?? undefined,
    choice:
      v.kind === 'open' && v.state === 'closed'
        ? v.eligible.map((mid) => {
            const m = personOfMembership.get(mid);
            const c = chosen.get(mid);
            return clean({ person: m ? u.obj('people', m.person_id) : undefined, name: m?.person_name, faction: m?.faction ?? undefined, choice: c?.choice ?? 'none' });
          })
        : undefined,
    'vallamaja:itemPublic': sittingItem?.public,
    created: iso(v.opened_at),
    modified: iso(v.closed_at ?? v.opened_at),
  });
}

// ---------- routes ----------

export async function oparlRoutes(app: FastifyInstance): Promise<void> {
  const db: Db = app.db;
  const publicUrl = app.config.publicUrl.replace(/\/$/, '');
  const root = `${publicUrl}/oparl/v1`;
  const hide = { schema: { hide: true } };
  const send = (reply: FastifyReply, o: Obj) => reply.type('application/json; charset=utf-8').header('access-control-allow-origin', '*').send(o);
  const pageOf = (req: FastifyRequest) => {
    const p = Number((req.query as Record<string, unknown>)?.page ?? 1);
    return Number.isInteger(p) && p >= 1 && p <= 100000 ? p : 1;
  };
  const params = (req: FastifyRequest) => req.params as { kov: string; id: string };

  /** Runs `fn` in the KOV's tenant scope, if it is a KOV with a council (else 404). */
  async function inKov<R>(req: FastifyRequest, fn: (t: Tx, u: OparlUrls, council: BodyRow, bodies: BodyRow[]) => Promise<R>): Promise<R> {
    const { kov } = params(req);
    if (!/^[0-9]{4}$/.test(kov)) throw notFound();
    return db.tx(
      async (t) => {
        const bodies = await bodiesOfKov(t, kov);
        const council = bodies.find((b) => b.kind === 'council');
        if (!council) throw notFound();
        return fn(t, new OparlUrls(root, publicUrl, kov), council, bodies);
      },
      { kov },
    );
  }
  const idParam = (req: FastifyRequest) => {
    const id = params(req).id;
    if (!isId(id)) throw notFound();
    return id;
  };

  async function bodyObj(kov: string, council: BodyRow): Promise<Obj> {
    const tenant = await loadTenant(db, kov);
    const u = new OparlUrls(root, publicUrl, kov);
    return clean({
      id: u.body,
      type: T('Body'),
      system: root,
      shortName: tenant?.name ?? kov,
      name: `${tenant?.name ?? kov}: ${council.name}`,
      website: `${publicUrl}/kov/${kov}`,
      license: 'https://creativecommons.org/licenses/by/4.0/',
      organization: u.list('organizations'),
      person: u.list('people'),
      meeting: u.list('meetings'),
      paper: u.list('papers'),
      legislativeTerm: [],
      classification: 'Kohalik omavalitsus',
      'vallamaja:ehak': kov,
      created: iso(council.created_at),
      modified: iso(council.created_at),
      web: u.web('/archive'),
    });
  }

  app.get('/oparl/v1', hide, async (_req, reply) =>
    send(reply, {
      id: root,
      type: T('System'),
      oparlVersion: OPARL_VERSION,
      license: 'https://creativecommons.org/licenses/by/4.0/',
      body: `${root}/bodies`,
      name: 'Vallamaja',
      website: publicUrl,
      product: `${publicUrl}/oparl/v1`,
      web: publicUrl,
    }),
  );

  app.get('/oparl/v1/bodies', hide, async (req, reply) => {
    const page = pageOf(req);
    const kovs = await db.system('OParl: the KOVs that have a council (public)', (t) => kovsWithCouncil(t));
    const slice = kovs.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const data: Obj[] = [];
    for (const kov of slice) {
      const council = await db.tx(async (t) => (await bodiesOfKov(t, kov)).find((b) => b.kind === 'council')!, { kov });
      data.push(await bodyObj(kov, council));
    }
    return send(reply, externalList(`${root}/bodies`, data, kovs.length, page));
  });

  app.get('/oparl/v1/bodies/:kov', hide, async (req, reply) => {
    const council = await inKov(req, async (_t, _u, c) => c);
    return send(reply, await bodyObj(params(req).kov, council));
  });

  app.get('/oparl/v1/bodies/:kov/organizations', hide, async (req, reply) =>
    send(
      reply,
      await inKov(req, async (t, u, council, bodies) => {
        const ms = await membershipsOfKov(t, u.kov);
        const all = [...bodies.map((b) => bodyOrgObj(u, b, ms)), ...factionsOf(ms).map((f) => factionOrgObj(u, f, council))];
        const page = pageOf(req);
        return externalList(u.list('organizations'), all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), all.length, page);
      }),
    ),
  );

  app.get('/oparl/v1/bodies/:kov/organizations/:id', hide, async (req, reply) =>
    send(
      reply,
      await inKov(req, async (t, u, council, bodies) => {
        const { id } = params(req);
        const ms = await membershipsOfKov(t, u.kov);
        const b = bodies.find((x) => x.id === id);
        if (b) return bodyOrgObj(u, b, ms);
        const f = factionsOf(ms).find((x) => x.id === id);
        if (f) return factionOrgObj(u, f, council);
        throw notFound();
      }),
    ),
  );

  app.get('/oparl/v1/bodies/:kov/organizations/:id/meetings', hide, async (req, reply) =>
    send(
      reply,
      await inKov(req, async (t, u, _c, bodies) => {
        const b = bodies.find((x) => x.id === params(req).id);
        if (!b) throw notFound();
        const page = pageOf(req);
        const all = (await publicSittings(t, u.kov, 100000, 0)).filter((s) => s.body_id === b.id);
        const data: Obj[] = [];
        for (const s of all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)) data.push(await meetingOf(t, u, s, bodies));
        return externalList(`${u.obj('organizations', b.id)}/meetings`, data, all.length, page);
      }),
    ),
  );

  app.get('/oparl/v1/bodies/:kov/people', hide, async (req, reply) =>
    send(
      reply,
      await inKov(req, async (t, u) => {
        const page = pageOf(req);
        const [people, total, ms] = [await personsOfKov(t, u.kov, PAGE_SIZE, (page - 1) * PAGE_SIZE), await countOf(t, u.kov, 'person'), await membershipsOfKov(t, u.kov)];
        return externalList(u.list('people'), people.map((p) => personObj(u, p, ms)), total, page);
      }),
    ),
  );

  app.get('/oparl/v1/bodies/:kov/people/:id', hide, async (req, reply) =>
    send(
      reply,
      await inKov(req, async (t, u) => {
        const id = idParam(req);
        const p = (await personsOfKov(t, u.kov, 1, 0, id))[0];
        if (!p) throw notFound();
        return personObj(u, p, await membershipsOfKov(t, u.kov, { personId: id }));
      }),
    ),
  );

  app.get('/oparl/v1/bodies/:kov/memberships/:id', hide, async (req, reply) =>
    send(
      reply,
      await inKov(req, async (t, u) => {
        const raw = params(req).id;
        const faction = raw.endsWith('-faction');
        const id = faction ? raw.slice(0, -'-faction'.length) : raw;
        if (!isId(id)) throw notFound();
        const m = (await membershipsOfKov(t, u.kov, { id }))[0];
        if (!m || (faction && !m.faction)) throw notFound();
        return membershipObj(u, m, faction, false);
      }),
    ),
  );

  async function meetingOf(t: Tx, u: OparlUrls, s: SittingRow, bodies: BodyRow[]): Promise<Obj> {
    const items = await itemsOfKov(t, u.kov, { sittingIds: [s.id] });
    const votes = await votesOfItems(t, u.kov, items.filter((i) => i.public).map((i) => i.id));
    const files = await filesOf(t, u.kov, { sittingIds: [s.id] });
    const minutes = await minutesOf(t, u.kov, s.id);
    const participants: string[] = [];
    if (s.state === 'closed') {
      const ms = new Map((await membershipsOfKov(t, u.kov)).map((m) => [m.id, m]));
      const present = new Set<string>();
      for (const v of votes) for (const mid of v.eligible) present.add(mid);
      for (const mid of present) {
        const m = ms.get(mid);
        if (m) participants.push(u.obj('people', m.person_id));
      }
    }
    return meetingObj(u, s, bodies.find((b) => b.id === s.body_id), items, votes, files, [...new Set(participants)], minutes?.signed_at ?? null);
  }

  app.get('/oparl/v1/bodies/:kov/meetings', hide, async (req, reply) =>
    send(
      reply,
      await inKov(req, async (t, u, _c, bodies) => {
        const page = pageOf(req);
        const sittings = await publicSittings(t, u.kov, PAGE_SIZE, (page - 1) * PAGE_SIZE);
        const total = await countOf(t, u.kov, 'sitting');
        const data: Obj[] = [];
        for (const s of sittings) data.push(await meetingOf(t, u, s, bodies));
        return externalList(u.list('meetings'), data, total, page);
      }),
    ),
  );

  app.get('/oparl/v1/bodies/:kov/meetings/:id', hide, async (req, reply) =>
    send(
      reply,
      await inKov(req, async (t, u, _c, bodies) => {
        const s = (await publicSittings(t, u.kov, 1, 0, idParam(req)))[0];
        if (!s) throw notFound();
        return meetingOf(t, u, s, bodies);
      }),
    ),
  );

  app.get('/oparl/v1/bodies/:kov/locations/:id', hide, async (req, reply) =>
    send(
      reply,
      await inKov(req, async (t, u) => {
        const s = (await publicSittings(t, u.kov, 1, 0, idParam(req)))[0];
        const l = s && locationObj(u, s);
        if (!l) throw notFound();
        return l;
      }),
    ),
  );

  app.get('/oparl/v1/bodies/:kov/agendaitems/:id', hide, async (req, reply) =>
    send(
      reply,
      await inKov(req, async (t, u) => {
        const i = (await itemsOfKov(t, u.kov, { id: idParam(req) }))[0];
        if (!i) throw notFound();
        return agendaItemObj(u, i, i.public ? await votesOfItems(t, u.kov, [i.id]) : [], false);
      }),
    ),
  );

  async function paperOf(t: Tx, u: OparlUrls, d: DraftPublicRow): Promise<Obj> {
    const files = await filesOf(t, u.kov, { draftIds: [d.id] });
    const items = await itemsOfKov(t, u.kov, { draftIds: [d.id] });
    const sittings = new Map((await publicSittings(t, u.kov, 100000, 0)).map((s) => [s.id, s]));
    const opinions = await opinionsOf(t, u.kov, [d.id]);
    const consultations = [...opinions.map((o) => consultationFromOpinion(u, o)), ...items.map((i) => consultationFromItem(u, i, sittings.get(i.sitting_id)?.body_id))];
    return paperObj(u, d, files, consultations);
  }

  app.get('/oparl/v1/bodies/:kov/papers', hide, async (req, reply) =>
    send(
      reply,
      await inKov(req, async (t, u) => {
        const page = pageOf(req);
        const drafts = await publicDrafts(t, u.kov, PAGE_SIZE, (page - 1) * PAGE_SIZE);
        const data: Obj[] = [];
        for (const d of drafts) data.push(await paperOf(t, u, d));
        return externalList(u.list('papers'), data, await countOf(t, u.kov, 'draft'), page);
      }),
    ),
  );

  app.get('/oparl/v1/bodies/:kov/papers/:id', hide, async (req, reply) =>
    send(
      reply,
      await inKov(req, async (t, u) => {
        const d = (await publicDrafts(t, u.kov, 1, 0, idParam(req)))[0];
        if (!d) throw notFound();
        return paperOf(t, u, d);
      }),
    ),
  );

  app.get('/oparl/v1/bodies/:kov/consultations/:id', hide, async (req, reply) =>
    send(
      reply,
      await inKov(req, async (t, u) => {
        const id = idParam(req);
        const o = (await opinionsOf(t, u.kov, [], id))[0];
        if (o) return consultationFromOpinion(u, o);
        const i = (await itemsOfKov(t, u.kov, { id }))[0];
        if (!i?.draft_id) throw notFound();
        const s = (await publicSittings(t, u.kov, 1, 0, i.sitting_id))[0];
        return consultationFromItem(u, i, s?.body_id);
      }),
    ),
  );

  app.get('/oparl/v1/bodies/:kov/files/:id', hide, async (req, reply) =>
    send(
      reply,
      await inKov(req, async (t, u) => {
        const raw = params(req).id;
        if (raw.startsWith('minutes-') && isId(raw.slice(8))) {
          const s = (await publicSittings(t, u.kov, 1, 0, raw.slice(8)))[0];
          const m = s && (await minutesOf(t, u.kov, s.id));
          if (!s || !m?.signed_at) throw notFound();
          return minutesFileObj(u, s, m.signed_at);
        }
        const f = (await filesOf(t, u.kov, { id: idParam(req) }))[0];
        if (!f) throw notFound();
        return fileObj(u, f);
      }),
    ),
  );

  app.get('/oparl/v1/bodies/:kov/files/:id/content', hide, async (req, reply) => {
    const f = await inKov(req, async (t, u) => fileBytes(t, u.kov, idParam(req)));
    if (!f) throw notFound();
    const download = (req.query as Record<string, unknown>)?.download === '1';
    const name = encodeURIComponent(f.name);
    return reply
      .type(f.media_type)
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', `${download ? 'attachment' : 'inline'}; filename*=UTF-8''${name}`)
      .send(Buffer.from(f.bytes));
  });

  app.get('/oparl/v1/bodies/:kov/votes/:id', hide, async (req, reply) =>
    send(
      reply,
      await inKov(req, async (t, u) => {
        const id = idParam(req);
        const v = await voteOf(t, u.kov, id);
        if (!v) throw notFound();
        const item = (await itemsOfKov(t, u.kov, { id: v.item_id }))[0];
        if (!item?.public) throw notFound();
        const choices = await choicesOfVotes(t, u.kov, [v.id]);
        const ms = new Map((await membershipsOfKov(t, u.kov)).map((m) => [m.id, m]));
        return voteObj(u, v, item, choices, ms);
      }),
    ),
  );

}
