// Demo data for participatory budgets (after residents 60 and reports 80): Tallinn (0784) has a
// process in its review phase with ten ideas over two districts (some published, one rejected, one
// merged, several assessed feasible); Tartu linn (0793) has a process collecting ideas. Kadri Kuusk
// (a demo person) is Tallinn's budgets official. The demo runs on the real clock: the phases are set
// around "now".
import type { Actor } from '../../kernel/audit.js';
import { now } from '../../kernel/clock.js';
import { hashIdcode } from '../../kernel/idcode.js';
import { uuidv7 } from '../../kernel/ids.js';
import { registerRoles, type DemoContext } from '../../kernel/module.js';
import { loadTenant } from '../../kernel/tenants.js';
import { grantRole } from '../admin/index.js';
import { BUDGETS_OFFICIAL, budgetsRoles } from './permissions.js';
import { implementationDemo } from './demo-implementation.js';
import * as repo from './repo.js';
import { createProcess, reviewIdea, type ProcessInput, type ReviewAction } from './service.js';
import { budgetsVoteDemo } from './demo-vote.js';

const SYSTEM: Actor = { kind: 'system', id: null, name: 'Vallamaja demoandmed' };
const DAY = 86_400_000;

const at = (days: number) => new Date(now().getTime() + days * DAY);

type DemoIdea = { area: 0 | 1; title: string; text: string; category: string; cost: number; place: [number, number] | null; author: string; review: ReviewAction[] };

const TALLINN_IDEAS: DemoIdea[] = [
  { area: 0, title: 'Joogiveekraan Tammsaare parki', text: 'Suvel pole pargis kuskilt vett võtta. Üks joogiveekraan purskkaevu juurde.', category: 'environment', cost: 18_000, place: [59.4338, 24.7525], author: 'Mari', review: [{ kind: 'publish' }, { kind: 'assess', feasibility: 'feasible', note: 'Veetrass on lähedal.', officialCost: 22_000 }] },
  { area: 0, title: 'Rattaparkla Balti jaama turu juurde', text: 'Turu ees pole kuhugi ratast lukustada. Kakskümmend katusega rattahoidjat.', category: 'infrastructure', cost: 35_000, place: [59.4404, 24.7364], author: 'Kristjan', review: [{ kind: 'publish' }, { kind: 'assess', feasibility: 'feasible', note: null, officialCost: null }] },
  { area: 0, title: 'Pingid Kadrioru pargi alleele', text: 'Pikal alleel on vähe pinke, eakatel on raske jalutada.', category: 'social', cost: 12_000, place: [59.4385, 24.7905], author: 'Anne', review: [{ kind: 'publish' }, { kind: 'assess', feasibility: 'feasible', note: null, officialCost: 14_500 }] },
  { area: 0, title: 'Välijõusaal Politseiaeda', text: 'Tasuta välijõusaal kesklinna, et noored saaksid õues trenni teha.', category: 'sport', cost: 60_000, place: [59.4312, 24.7406], author: 'Marko', review: [{ kind: 'publish' }] },
  { area: 0, title: 'Rohkem pinke Tammsaare parki', text: 'Parki võiks lisada pinke ja joogivett.', category: 'environment', cost: 8_000, place: [59.4336, 24.7522], author: 'Katrin', review: [] /* merged below */ },
  { area: 1, title: 'Lasnamäe kergliiklustee valgustus', text: 'Pae pargi kõrval on kergliiklustee pime. Lisada 15 valgustit.', category: 'safety', cost: 48_000, place: [59.4291, 24.8302], author: 'Olga', review: [{ kind: 'publish' }, { kind: 'assess', feasibility: 'feasible', note: null, officialCost: 52_000 }] },
  { area: 1, title: 'Laste mänguväljak Kivila tänavale', text: 'Kivila tänava hoovides pole ühtegi mänguväljakut.', category: 'social', cost: 70_000, place: [59.4372, 24.8838], author: 'Sergei', review: [{ kind: 'publish' }, { kind: 'assess', feasibility: 'feasible', note: null, officialCost: null }] },
  { area: 1, title: 'Korvpalliplats Pae parki', text: 'Korvpalliplats noortele, kaks korvi ja kummikate.', category: 'sport', cost: 45_000, place: [59.4265, 24.8216], author: 'Jelena', review: [{ kind: 'publish' }, { kind: 'assess', feasibility: 'infeasible', note: 'Pae pargi detailplaneering ei luba platsi sinna.', officialCost: null }] },
  { area: 1, title: 'Kogukonnaaed Mustakivi teele', text: 'Peenrakastid elanikele, kus ise köögivilju kasvatada.', category: 'environment', cost: 25_000, place: [59.4447, 24.8745], author: 'Tiina', review: [] },
  { area: 1, title: 'Uus kaubanduskeskus', text: 'Lasnamäele on vaja uut kaubanduskeskust.', category: 'other', cost: 95_000, place: null, author: 'Pavel', review: [{ kind: 'reject', reason: 'Kaasava eelarve ideed peavad olema avalikud ja kõigile kasutatavad; kaubanduskeskus ei ole.' }] },
];

const TARTU_IDEAS: Array<Omit<DemoIdea, 'area' | 'review'>> = [
  { title: 'Emajõe kaldale paadisild', text: 'Avalik paadisild Emajõe vasakule kaldale, kust saaks süsta vette lasta.', category: 'sport', cost: 80_000, place: [58.3823, 26.7311], author: 'Liis' },
  { title: 'Raekoja platsile joogiveekraan', text: 'Suvel on platsil palju inimesi ja vett ei saa kuskilt.', category: 'environment', cost: 15_000, place: [58.3803, 26.7223], author: 'Mart' },
];

export async function budgetsDemo(ctx: DemoContext): Promise<void> {
  registerRoles(budgetsRoles); // the demo runs before the app is built (and its roles registered)
  const { db, config } = ctx;
  const key = config.idcodeHmacKey;
  const person = (given: string) => ctx.people.find((p) => p.givenName === given);
  const hashOf = (given: string) => {
    const p = person(given);
    return hashIdcode(key, p ? p.idcode : `demo-author-${given}`);
  };

  if (await loadTenant(db, '0784')) {
    const kadri = person('Kadri');
    if (kadri) await grantRole(db, key, { kov: '0784', idcode: kadri.idcode, role: BUDGETS_OFFICIAL, actor: SYSTEM });
    const input: ProcessInput = {
      titles: { et: 'Tallinna kaasav eelarve 2027', en: 'Tallinn participatory budget 2027', ru: 'Бюджет участия Таллинна 2027' },
      description: 'Linnaosade elanikud pakuvad ja valivad ideid, mille linn ellu viib. Igas linnaosas on oma eelarve.',
      phases: { ideas: at(-40), review: at(-5), voting: at(20), results: at(34), implementation: at(60) },
      totalBudget: 200_000,
      maxIdeaCost: 100_000,
      submitMinAge: 14,
      submitScope: 'kov',
      voteMinAge: 14,
      voteScope: 'area',
      ballotKind: 'count',
      ballotMax: 2,
      ballotAreas: 'one',
      winnerRule: 'greedy',
      areas: [
        // the EHAK codes of the districts (linnaosad): voters vote in their own district
        { name: 'Kesklinn', budget: 100_000, unitCodes: ['0298'], minVoters: 500 },
        { name: 'Lasnamäe', budget: 100_000, unitCodes: ['0387'], minVoters: 1000 },
      ],
    };
    const p = await createProcess(db, '0784', input, SYSTEM);
    // the ideas came in during the idea phase (before now): stored as they were submitted
    const ids: string[] = [];
    await db.tx(async (t) => {
      for (const [i, idea] of TALLINN_IDEAS.entries()) {
        const id = uuidv7();
        ids.push(id);
        await repo.insertIdea(t, { id, kov: '0784', processId: p.id, number: i + 1, areaId: p.areas[idea.area]!.id, title: idea.title, description: idea.text, category: idea.category, lat: idea.place?.[0] ?? null, lon: idea.place?.[1] ?? null, estimatedCost: idea.cost });
        await repo.insertAuthor(t, { ideaId: id, kov: '0784', idcodeHash: hashOf(idea.author), givenName: idea.author, email: null, lang: 'et' });
      }
    }, { kov: '0784' });
    for (const [i, idea] of TALLINN_IDEAS.entries()) for (const a of idea.review) await reviewIdea(db, '0784', p.id, i + 1, a, SYSTEM);
    // idea 5 (benches and water in Tammsaare park) repeats idea 1: merged, keeping both authors
    await reviewIdea(db, '0784', p.id, 5, { kind: 'merge', into: 1 }, SYSTEM);
    ctx.log(`Budgets: Tallinn’s participatory budget in review with ${TALLINN_IDEAS.length} ideas; Kadri Kuusk is its official.`);
    await implementationDemo(ctx);
    await budgetsVoteDemo(ctx);
  }

  if (await loadTenant(db, '0793')) {
    const p = await createProcess(db, '0793', {
      titles: { et: 'Tartu kaasav eelarve 2027', en: 'Tartu participatory budget 2027', ru: 'Бюджет участия Тарту 2027' },
      description: 'Tartlased pakuvad ideid, mis maksavad kuni 100 000 eurot; hääletus kestab nädala ja igaüks saab valida kuni kolm ideed.',
      phases: { ideas: at(-10), review: at(20), voting: at(40), results: at(47), implementation: at(70) },
      totalBudget: 200_000,
      maxIdeaCost: 100_000,
      submitMinAge: 14,
      submitScope: 'anyone',
      voteMinAge: 14,
      voteScope: 'kov',
      ballotKind: 'count',
      ballotMax: 3,
      ballotAreas: 'one',
      winnerRule: 'greedy',
      areas: [],
    }, SYSTEM);
    await db.tx(async (t) => {
      for (const [i, idea] of TARTU_IDEAS.entries()) {
        const id = uuidv7();
        await repo.insertIdea(t, { id, kov: '0793', processId: p.id, number: i + 1, areaId: null, title: idea.title, description: idea.text, category: idea.category, lat: idea.place?.[0] ?? null, lon: idea.place?.[1] ?? null, estimatedCost: idea.cost });
        await repo.insertAuthor(t, { ideaId: id, kov: '0793', idcodeHash: hashOf(idea.author), givenName: idea.author, email: null, lang: 'et' });
      }
    }, { kov: '0793' });
    ctx.log('Budgets: Tartu’s participatory budget collecting ideas (everyone signed in may submit).');
  }
}
