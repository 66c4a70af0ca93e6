// The platform's automatic datasets (issue 14, item 3): what each one holds, row by row, read from
// the owning modules' public exports (their index.ts), and its DCAT metadata texts. Every dataset is
// published per KOV and for all KOVs together (the same columns; `kov` tells the rows apart).
//
// No personal data (docs/opendata-auto.md): no resident's name, ID code, e-mail, phone, text or
// exact place; no voter data; no committee member or official by name. The one exception is by
// law: council members' choices in open (named) votes, by name and faction (KOKS § 44–45).
import { dateInTallinn } from '../../../kernel/clock.js';
import type { Db } from '../../../kernel/db.js';
import { resultView, listProcesses } from '../../budgets/index.js';
import { openCouncilVotes } from '../../council/index.js';
import { listPolls } from '../../polls/index.js';
import { openReports } from '../../reports/index.js';
import { cpsvIris, publishedCatalogue } from '../../services/index.js';
import { results } from '../../voting/index.js';
import type { DcatText } from '../catalog.js';
import type { Row } from './format.js';

export const DATASET_KEYS = ['reports', 'services', 'polls', 'budgets', 'council-votes'] as const;
export type DatasetKey = (typeof DATASET_KEYS)[number];

export interface SourceContext {
  /** The site's public address (for the links a row holds), without a trailing slash. */
  publicUrl: string;
}

export interface DatasetDef {
  key: DatasetKey;
  columns: readonly string[];
  /** EU data-theme codes. */
  themes: string[];
  /** Estonian keywords. */
  keywords: string[];
  /** The title of a KOV's dataset (`kov` is its name) or of every KOV's (kov null). */
  title(kov: string | null): DcatText;
  description: DcatText;
  /** The KOV's rows, in a stable order (the same data gives the same bytes). */
  rows(db: Db, kov: string, ctx: SourceContext): Promise<Row[]>;
}

const day = (d: Date | null): string | null => (d ? dateInTallinn(d) : null);
const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const euros = (cents: number): number => Math.round(cents) / 100;
const of = (kov: string | null, et: string, en: string, ru: string, all: DcatText): DcatText =>
  kov === null ? all : { et: `${kov}: ${et}`, en: `${kov}: ${en}`, ru: `${kov}: ${ru}` };

const reports: DatasetDef = {
  key: 'reports',
  columns: ['kov', 'number', 'category_code', 'category', 'domain', 'status', 'created_on', 'closed_on', 'lat', 'lon', 'settlement_code'],
  themes: ['GOVE', 'TRAN', 'ENVI'],
  keywords: ['probleemiteated', 'heakord', 'teed', 'tänavavalgustus', 'jäätmed'],
  title: (kov) =>
    of(kov, 'probleemiteated', 'problem reports', 'сообщения о проблемах', {
      et: 'Probleemiteated kõigis omavalitsustes',
      en: 'Problem reports in every municipality',
      ru: 'Сообщения о проблемах во всех самоуправлениях',
    }),
  description: {
    et: 'Elanike teated avaliku ruumi probleemidest (teed, valgustus, jäätmed jm): number, kategooria, olek, esitamise ja sulgemise kuupäev, asukoht umbes 100 m täpsusega ja asustusüksus. Isikuandmeid, vabateksti ja fotosid ei avaldata.',
    en: 'Residents’ reports of problems in public space (roads, lighting, waste etc.): number, category, status, dates received and closed, place to about 100 m and the settlement. No personal data, free text or photos are published.',
    ru: 'Сообщения жителей о проблемах в общественном пространстве (дороги, освещение, отходы и др.): номер, категория, статус, даты подачи и закрытия, место с точностью около 100 м и населённый пункт. Персональные данные, свободный текст и фото не публикуются.',
  },
  async rows(db, kov) {
    return (await openReports(db, kov)).map((r) => ({
      kov,
      number: r.number,
      category_code: r.categoryCode,
      category: r.categoryName,
      domain: r.domain,
      status: r.status,
      created_on: day(r.createdAt),
      closed_on: day(r.closedAt),
      lat: r.lat,
      lon: r.lon,
      settlement_code: r.unitCode,
    }));
  },
};

const services: DatasetDef = {
  key: 'services',
  columns: [
    'kov',
    'id',
    'slug',
    'name_et',
    'name_en',
    'name_ru',
    'unit',
    'channels',
    'channel_urls',
    'costs_eur',
    'processing_times',
    'legal_bases',
    'legal_basis_urls',
    'life_events',
    'audiences',
    'version',
    'published_on',
    'modified_on',
    'page_url',
    'cpsv_iri',
  ],
  themes: ['GOVE', 'SOCI'],
  keywords: ['teenused', 'teenuste kataloog', 'CPSV-AP', 'avalikud teenused'],
  title: (kov) =>
    of(kov, 'teenuste kataloog', 'service catalogue', 'каталог услуг', {
      et: 'Kõigi omavalitsuste teenuste kataloog',
      en: 'Service catalogue of every municipality',
      ru: 'Каталог услуг всех самоуправлений',
    }),
  description: {
    et: 'Omavalitsuse avaldatud teenused: nimi, üksus, kanalid, hinnad, menetlusajad, õiguslikud alused, elusündmused ja link CPSV-AP kirjeldusele. Kanalite telefoni- ja e-posti aadresse ning teenuse omaniku nime ei avaldata.',
    en: 'The municipality’s published services: name, unit, channels, costs, processing times, legal bases, life events and a link to the CPSV-AP description. Channels’ phone numbers and e-mail addresses and the owner’s name are left out.',
    ru: 'Опубликованные услуги самоуправления: название, подразделение, каналы, стоимость, сроки, правовые основания, жизненные события и ссылка на описание CPSV-AP. Телефоны и адреса e-mail каналов и имя владельца услуги не публикуются.',
  },
  async rows(db, kov, ctx) {
    const iri = cpsvIris(ctx.publicUrl);
    const list = await publishedCatalogue(db, kov);
    return [...list]
      .sort((a, b) => a.slug.localeCompare(b.slug))
      .map((s) => ({
        kov,
        id: s.id,
        slug: s.slug,
        name_et: s.name.et,
        name_en: s.name.en,
        name_ru: s.name.ru,
        unit: s.unit,
        channels: s.channels.map((c) => c.kind),
        channel_urls: s.channels.map((c) => c.url).filter((u) => u !== ''),
        costs_eur: s.channels.map((c) => euros(c.costCents)),
        processing_times: s.channels.map((c) => c.processingTime),
        legal_bases: s.legalBases.map((l) => `${l.act} ${l.section}`.trim()),
        legal_basis_urls: s.legalBases.map((l) => l.url).filter((u) => u !== ''),
        life_events: [...s.lifeEvents],
        audiences: [...s.audiences],
        version: s.versionNo,
        published_on: day(s.publishedAt),
        modified_on: day(s.modifiedAt),
        page_url: iri.page(kov, s.slug),
        cpsv_iri: iri.service(kov, s.id),
      }));
  },
};

const polls: DatasetDef = {
  key: 'polls',
  columns: ['kov', 'poll_id', 'poll_title', 'question_id', 'question', 'option_id', 'option', 'votes', 'roll_size', 'turnout', 'closed_on', 'certified_on'],
  themes: ['GOVE', 'SOCI'],
  keywords: ['rahvaküsitlus', 'küsitlus', 'hääletus', 'tulemused'],
  title: (kov) =>
    of(kov, 'rahvaküsitluste kinnitatud tulemused', 'certified results of polls', 'утверждённые результаты опросов', {
      et: 'Rahvaküsitluste kinnitatud tulemused kõigis omavalitsustes',
      en: 'Certified results of polls in every municipality',
      ru: 'Утверждённые результаты опросов во всех самоуправлениях',
    }),
  description: {
    et: 'Omavalitsuse rahvaküsitluste kinnitatud (lõplikud) tulemused: iga küsimuse iga vastusevariandi hääled, nimekirja suurus ja osalus. Kinnitamata tulemusi ja valijate andmeid ei avaldata.',
    en: 'The certified (final) results of the municipality’s polls: the votes for every option of every question, the roll size and the turnout. Uncertified results and voter data are never published.',
    ru: 'Утверждённые (окончательные) результаты опросов самоуправления: голоса за каждый вариант каждого вопроса, размер списка и явка. Неутверждённые результаты и данные избирателей не публикуются.',
  },
  async rows(db, kov) {
    const out: Row[] = [];
    const certified = (await listPolls(db, kov, true)).filter((p) => p.vote.status === 'certified');
    certified.sort((a, b) => (a.vote.closesAt.getTime() - b.vote.closesAt.getTime()) || a.id.localeCompare(b.id));
    for (const p of certified) {
      const r = await results(db, kov, p.voteId);
      if (r.status !== 'certified') continue;
      for (const q of r.questions) {
        for (const o of q.options) {
          out.push({
            kov,
            poll_id: p.id,
            poll_title: p.vote.title.et,
            question_id: q.id,
            question: q.text.et,
            option_id: o.id,
            option: o.text.et,
            votes: o.count,
            roll_size: r.rollSize,
            turnout: r.turnout,
            closed_on: day(p.vote.closedAt),
            certified_on: day(p.vote.certifiedAt),
          });
        }
      }
    }
    return out;
  },
};

const budgets: DatasetDef = {
  key: 'budgets',
  columns: [
    'kov',
    'process_id',
    'process',
    'rule',
    'roll_size',
    'turnout',
    'area',
    'area_budget_eur',
    'area_voters',
    'area_valid',
    'idea_number',
    'idea',
    'cost_eur',
    'votes',
    'funded',
    'how',
  ],
  themes: ['GOVE', 'ECON', 'SOCI'],
  keywords: ['kaasav eelarve', 'hääletus', 'tulemused', 'ideed'],
  title: (kov) =>
    of(kov, 'kaasava eelarve kinnitatud tulemused', 'certified results of participatory budgets', 'утверждённые результаты бюджета участия', {
      et: 'Kaasavate eelarvete kinnitatud tulemused kõigis omavalitsustes',
      en: 'Certified results of participatory budgets in every municipality',
      ru: 'Утверждённые результаты бюджетов участия во всех самоуправлениях',
    }),
  description: {
    et: 'Kaasava eelarve hääletuste kinnitatud tulemused: piirkonna eelarve ja hääletajad, iga idee number, pealkiri, maksumus, hääled ja kas see rahastatakse (ja miks). Kinnitamata tulemusi, idee autoreid ja valijate andmeid ei avaldata.',
    en: 'The certified results of participatory budget votes: each area’s budget and voters, each idea’s number, title, cost, votes and whether it is funded (and why). Uncertified results, ideas’ authors and voter data are never published.',
    ru: 'Утверждённые результаты голосований бюджета участия: бюджет и число голосовавших по району, номер, название, стоимость, голоса каждой идеи и финансируется ли она (и почему). Неутверждённые результаты, авторы идей и данные избирателей не публикуются.',
  },
  async rows(db, kov) {
    const out: Row[] = [];
    const processes = (await listProcesses(db, kov)).filter((p) => p.vote_id !== null);
    processes.sort((a, b) => a.voting_from.getTime() - b.voting_from.getTime() || a.id.localeCompare(b.id));
    for (const p of processes) {
      const v = await resultView(db, kov, p.id);
      if (!v?.certified) continue;
      for (const a of v.areas) {
        for (const i of [...a.ideas].sort((x, y) => x.number - y.number)) {
          out.push({
            kov,
            process_id: p.id,
            process: p.title_et,
            rule: v.rule,
            roll_size: v.rollSize,
            turnout: v.turnout,
            area: a.name ?? '',
            area_budget_eur: a.budget,
            area_voters: a.voters,
            area_valid: a.valid,
            idea_number: i.number,
            idea: i.title,
            cost_eur: i.cost,
            votes: i.votes,
            funded: i.funded,
            how: i.how,
          });
        }
      }
    }
    return out;
  },
};

const councilVotes: DatasetDef = {
  key: 'council-votes',
  columns: [
    'kov',
    'vote_id',
    'body',
    'sitting_number',
    'sitting_starts_at',
    'item_position',
    'item',
    'draft_number',
    'motion',
    'kind',
    'majority',
    'for',
    'against',
    'abstain',
    'not_voting',
    'needed',
    'adopted',
    'closed_at',
    'repeat_of',
    'members_for',
    'members_against',
    'members_abstain',
    'members_not_voting',
  ],
  themes: ['GOVE', 'JUST'],
  keywords: ['volikogu', 'hääletused', 'istungid', 'otsused'],
  title: (kov) =>
    of(kov, 'volikogu hääletused', 'council votes', 'голосования совета', {
      et: 'Volikogude hääletused kõigis omavalitsustes',
      en: 'Council votes in every municipality',
      ru: 'Голосования советов во всех самоуправлениях',
    }),
  description: {
    et: 'Volikogu ja komisjonide lõppenud istungite hääletused avalikes päevakorrapunktides: ettepanek, tulemus, poolt- ja vastuhäälte arv. Avalikel (nimelistel) hääletustel iga liikme valik nime ja fraktsiooniga (KOKS § 44–45); salajastel hääletustel ainult arvud.',
    en: 'The votes of closed sittings of the council and its commissions on public agenda items: the motion, the result and the counts. In open (named) votes each member’s choice by name and faction (KOKS § 44–45); in secret ballots the counts only.',
    ru: 'Голосования на завершённых заседаниях совета и комиссий по открытым пунктам повестки: предложение, результат и число голосов. При открытом (поимённом) голосовании — выбор каждого члена по имени и фракции (KOKS § 44–45); при тайном — только числа.',
  },
  async rows(db, kov) {
    const who = (c: { name: string; faction: string | null }) => (c.faction ? `${c.name} (${c.faction})` : c.name);
    return (await openCouncilVotes(db, kov)).map((v) => ({
      kov,
      vote_id: v.id,
      body: v.body,
      sitting_number: v.sittingNumber,
      sitting_starts_at: iso(v.sittingStartsAt),
      item_position: v.itemPosition,
      item: v.itemTitle,
      draft_number: v.draftNumber,
      motion: v.subject,
      kind: v.kind,
      majority: v.majority,
      for: v.for,
      against: v.against,
      abstain: v.abstain,
      not_voting: v.notVoting,
      needed: v.needed,
      adopted: v.adopted,
      closed_at: iso(v.closedAt),
      repeat_of: v.repeatOf,
      members_for: v.choices.filter((c) => c.choice === 'for').map(who),
      members_against: v.choices.filter((c) => c.choice === 'against').map(who),
      members_abstain: v.choices.filter((c) => c.choice === 'abstain').map(who),
      members_not_voting: v.choices.filter((c) => c.choice === null).map(who),
    }));
  },
};

export const DATASETS: readonly DatasetDef[] = [reports, services, polls, budgets, councilVotes];

export function datasetDef(key: string): DatasetDef | undefined {
  return DATASETS.find((d) => d.key === key);
}
