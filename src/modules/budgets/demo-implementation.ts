// Demo data for the implementation tracking: Tallinn's (0784) participatory budget of the past year is
// in its implementation phase. Its winners were funded when the results were certified (fundIdeas, as
// the results work calls it), one winner's funding was cancelled by a recorded override, and Kadri
// Kuusk (Tallinn's budgets official) has posted updates with photos over the months since: the map of
// funded ideas shows every status. The months are replayed on the kernel clock (as the elders demo
// does), so the timeline has its real dates.
import type { Actor } from '../../kernel/audit.js';
import { clockIsReal, nowMs, resetClock, setClock } from '../../kernel/clock.js';
import { hashIdcode } from '../../kernel/idcode.js';
import { uuidv7 } from '../../kernel/ids.js';
import type { DemoContext } from '../../kernel/module.js';
import sharp from 'sharp';
import { processPhoto } from '../reports/index.js';
import { fundIdeas, postUpdate, unfundIdea, type ImplStatus } from './implementation.js';
import * as repo from './repo.js';
import { createProcess, type IdeaPhoto } from './service.js';

const KOV = '0784';
const DAY = 86_400_000;
const SYSTEM: Actor = { kind: 'system', id: null, name: 'Vallamaja demoandmed' };
const KADRI: Actor = { kind: 'person', id: null, name: 'Kadri Kuusk' };
const COMMITTEE: Actor = { kind: 'person', id: null, name: 'Tallinna kaasava eelarve komisjon' };

type Step = { day: number; status: ImplStatus; spent: number; text: string; photo?: string };
type PastIdea = { area: 0 | 1; title: string; text: string; category: string; cost: number; place: [number, number]; author: string; funded: boolean; steps: Step[]; cancel?: { day: number; reason: string }; override?: number };

// days are counted from the start of the implementation phase
const IDEAS: PastIdea[] = [
  {
    area: 0, title: 'Joogiveekraan Vabaduse väljakule', text: 'Suvel on väljakul palju inimesi, aga vett ei saa kuskilt. Üks joogiveekraan.', category: 'environment', cost: 21_000, place: [59.4355, 24.7447], author: 'Liisa', funded: true,
    steps: [
      { day: 10, status: 'design', spent: 1_800, text: 'Projekteerija on valitud, veetrassi liitumise tingimused on Tallinna Veelt saadud.' },
      { day: 55, status: 'procurement', spent: 1_800, text: 'Ehitushange on riigihangete registris välja kuulutatud; pakkumised tähtajaga kuu lõpuni.' },
      { day: 110, status: 'construction', spent: 9_500, text: 'Ehitus algas: veetrass on paigaldatud, kraani alus valatakse järgmisel nädalal.', photo: '#8a6d3b' },
      { day: 160, status: 'done', spent: 20_400, text: 'Joogiveekraan on valmis ja avatud. Vesi on joogikõlblik (terviseameti proov korras). Eelarvest jäi üle 600 eurot.', photo: '#1d70b8' },
    ],
  },
  {
    area: 0, title: 'Rattaparkla Balti jaama turu juurde', text: 'Turu ees pole kuhugi ratast lukustada. Kakskümmend katusega rattahoidjat.', category: 'infrastructure', cost: 38_000, place: [59.4404, 24.7364], author: 'Kristjan', funded: true,
    steps: [
      { day: 20, status: 'design', spent: 2_500, text: 'Asukoht on turu omanikuga kokku lepitud; katusega rattahoidjate eskiis on valmis.' },
      { day: 95, status: 'procurement', spent: 2_500, text: 'Hange on välja kuulutatud.' },
      { day: 150, status: 'construction', spent: 17_000, text: 'Vundamendid on valatud, katusekonstruktsioonid tulevad tehasest järgmisel kuul.', photo: '#505a5f' },
    ],
  },
  {
    area: 0, title: 'Pingid Kadrioru pargi alleele', text: 'Pikal alleel on vähe pinke, eakatel on raske jalutada.', category: 'social', cost: 14_500, place: [59.4385, 24.7905], author: 'Anne', funded: true,
    steps: [{ day: 30, status: 'design', spent: 600, text: 'Pinkide mudel on muinsuskaitsega kooskõlastatud (pargi ajalooline ilme).' }],
  },
  {
    area: 1, title: 'Lasnamäe kergliiklustee valgustus', text: 'Pae pargi kõrval on kergliiklustee pime. Lisada 15 valgustit.', category: 'safety', cost: 52_000, place: [59.4291, 24.8302], author: 'Olga', funded: true,
    steps: [
      { day: 15, status: 'design', spent: 3_900, text: 'Valgustuse projekt on tellitud; elektriliitumine taotletud.' },
      { day: 120, status: 'procurement', spent: 3_900, text: 'Hange on välja kuulutatud; valgustid paigaldatakse pärast maapinna sulamist.' },
    ],
  },
  {
    // did not fit Lasnamäe's budget at first; funded by the override that cancelled the basketball court
    area: 1, title: 'Laste mänguväljak Kivila tänavale', text: 'Kivila tänava hoovides pole ühtegi mänguväljakut.', category: 'social', cost: 45_000, place: [59.4372, 24.8838], author: 'Sergei', funded: false, override: 40, steps: [],
  },
  {
    area: 1, title: 'Korvpalliplats Pae parki', text: 'Korvpalliplats noortele, kaks korvi ja kummikate.', category: 'sport', cost: 40_000, place: [59.4265, 24.8216], author: 'Jelena', funded: true, steps: [],
    cancel: { day: 40, reason: 'Pae pargi detailplaneeringu muudatus ei luba platsi sinna rajada; komisjon kinnitas erandi ja raha läheb järgmisele enim hääli saanud ideele (mänguväljak Kivila tänaval).' },
  },
  {
    area: 1, title: 'Kogukonnaaed Mustakivi teele', text: 'Peenrakastid elanikele, kus ise köögivilju kasvatada.', category: 'environment', cost: 25_000, place: [59.4447, 24.8745], author: 'Tiina', funded: false, steps: [],
  },
];

/** A plain demo photo (sky, ground and a post in the given colour), through the same photo pipeline as uploads. */
async function demoPhoto(colour: string): Promise<IdeaPhoto> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="500"><rect width="800" height="300" fill="#cfe3f3"/><rect y="300" width="800" height="200" fill="#7da05a"/><rect x="360" y="170" width="80" height="230" fill="${colour}"/><circle cx="650" cy="90" r="45" fill="#f3d34a"/></svg>`;
  return processPhoto(await sharp(Buffer.from(svg)).jpeg().toBuffer());
}

export async function implementationDemo(ctx: DemoContext): Promise<void> {
  const { db, config } = ctx;
  const at = (base: number, days: number) => new Date(base + days * DAY);
  const today = nowMs();
  // the process of the past year: implementation started 180 days ago
  const implFrom = today - 180 * DAY;
  const p = await createProcess(db, KOV, {
    titles: { et: 'Tallinna kaasav eelarve 2026', en: 'Tallinn participatory budget 2026', ru: 'Бюджет участия Таллинна 2026' },
    description: 'Eelmise aasta kaasav eelarve, mille hääletus toimus veel vanas süsteemis: võitnud ideed on siia üle kantud ja elluviimisel. Kaardil on iga idee olek ja seni kulutatud summa.',
    phases: { ideas: at(implFrom, -150), review: at(implFrom, -110), voting: at(implFrom, -80), results: at(implFrom, -60), implementation: new Date(implFrom) },
    totalBudget: 200_000,
    maxIdeaCost: 100_000,
    submitMinAge: 14,
    submitScope: 'kov',
    voteMinAge: 14,
    voteScope: 'kov',
    ballotKind: 'count',
    ballotMax: 2,
    ballotAreas: 'one',
    winnerRule: 'greedy',
    areas: [
      { name: 'Kesklinn', budget: 100_000, unitCodes: ['0298'], minVoters: null },
      { name: 'Lasnamäe', budget: 100_000, unitCodes: ['0387'], minVoters: null },
    ],
  }, SYSTEM);
  const ids: string[] = [];
  await db.tx(async (t) => {
    for (const [i, idea] of IDEAS.entries()) {
      const id = uuidv7();
      ids.push(id);
      await repo.insertIdea(t, { id, kov: KOV, processId: p.id, number: i + 1, areaId: p.areas[idea.area]!.id, title: idea.title, description: idea.text, category: idea.category, lat: idea.place[0], lon: idea.place[1], estimatedCost: idea.cost });
      await repo.insertAuthor(t, { ideaId: id, kov: KOV, idcodeHash: hashIdcode(config.idcodeHmacKey, `demo-author-2026-${idea.author}`), givenName: idea.author, email: null, lang: 'et' });
      await repo.setStatus(t, KOV, id, { status: 'published', rejectReason: null, mergedInto: null });
      await repo.setAssessment(t, KOV, id, { feasibility: 'feasible', note: null, officialCost: null });
    }
  }, { kov: KOV });

  const real = clockIsReal();
  const started = nowMs();
  try {
    // the committee certified the winners when the results phase began: they were funded in that transaction
    setClock(at(implFrom, -55), { ticking: true });
    await db.tx((t) => fundIdeas(t, KOV, p.id, IDEAS.flatMap((idea, i) => (idea.funded ? [{ ideaId: ids[i]!, amount: idea.cost, source: 'rule' as const }] : [])), COMMITTEE), { kov: KOV });
    // then the officials' updates and the override, in the order they happened
    type Event = { day: number; i: number; step?: Step; cancel?: string; override?: true };
    const events: Event[] = IDEAS.flatMap((idea, i): Event[] => [
      ...idea.steps.map((step) => ({ day: step.day, i, step })),
      ...(idea.cancel ? [{ day: idea.cancel.day, i, cancel: idea.cancel.reason }] : []),
      ...(idea.override !== undefined ? [{ day: idea.override, i, override: true as const }] : []),
    ]).sort((a, b) => a.day - b.day || Number(!!a.override) - Number(!!b.override));
    for (const e of events) {
      setClock(at(implFrom, e.day), { ticking: true });
      if (e.cancel) await db.tx((t) => unfundIdea(t, KOV, ids[e.i]!, e.cancel!, COMMITTEE), { kov: KOV });
      else if (e.override) await db.tx((t) => fundIdeas(t, KOV, p.id, [{ ideaId: ids[e.i]!, amount: IDEAS[e.i]!.cost, source: 'override' }], COMMITTEE), { kov: KOV });
      else if (e.step) await postUpdate(db, KOV, p.id, e.i + 1, { status: e.step.status, spent: e.step.spent, text: e.step.text }, e.step.photo ? [await demoPhoto(e.step.photo)] : [], KADRI);
    }
  } finally {
    if (real) resetClock();
    else setClock(started, { ticking: true });
  }
  ctx.log(`Budgets: Tallinn’s participatory budget 2026 in implementation (winners funded; one cancelled by an override that funded the next idea; updates with photos): /kov/${KOV}/budgets/${p.id}/funded`);
}
