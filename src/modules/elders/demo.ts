// Demo data: Viimsi vald (0890) gets a small register of three villages, a certified election in
// Rohuneeme küla with its elder in office (a tie broken by the public draw), and an election of
// Tammneeme and Leppneeme in nomination. The certified one's history (nomination, vote, count) is
// replayed on the kernel clock set back 20 days, then the clock is put back as it was.
import { Readable } from 'node:stream';
import type { Actor } from '../../kernel/audit.js';
import { advanceClock, clockIsReal, nowMs, resetClock, setClock } from '../../kernel/clock.js';
import { hashIdcode, withCheckDigit } from '../../kernel/idcode.js';
import type { DemoContext } from '../../kernel/module.js';
import { loadTenant } from '../../kernel/tenants.js';
import { countEligible, importRegister } from '../residents/index.js';
import type { ElectionInput } from './rules.js';
import { castVote, certifyElection, closeElection, confirmCandidates, createElection, electionResults, eldersSecrets, getElection, nominate, pickUpShare, submitShare } from './service.js';

const KOV = '0890';
const ROHUNEEME = '7039';
const TAMMNEEME = '8126';
const LEPPNEEME = '4299';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'Vallamaja demoandmed' };
const DAY = 86_400_000;
const COMMITTEE_NAMES = ['Kadri', 'Andres', 'Helena'];

/** The demo villagers: [first 10 digits, given, family, unit]. */
const VILLAGERS: [string, string, string, string][] = [
  ['4650312011', 'Maie', 'Rannamets', ROHUNEEME],
  ['3700805022', 'Peeter', 'Kalda', ROHUNEEME],
  ['4811120033', 'Kristi', 'Lainela', ROHUNEEME],
  ['3590101044', 'Ülo', 'Meri', ROHUNEEME],
  ['4920715055', 'Liina', 'Paas', ROHUNEEME],
  ['3880220066', 'Rein', 'Tamm', TAMMNEEME],
  ['4770909077', 'Sirje', 'Kivi', TAMMNEEME],
  ['3951111088', 'Tarmo', 'Leppik', LEPPNEEME],
];

function input(over: Partial<ElectionInput>, committee: string[]): ElectionInput {
  const now = nowMs();
  return {
    title: { et: 'Külavanema valimine', en: 'Village elder election', ru: 'Выборы сельского старейшины' },
    units: [ROHUNEEME],
    nominationOpens: new Date(now - 3_600_000),
    nominationCloses: new Date(now + 7 * DAY),
    votingOpens: new Date(now + 7 * DAY),
    votingCloses: new Date(now + 14 * DAY),
    candidateMinAge: 18,
    candidateResident: true,
    voterMinAge: 16,
    extraList: null,
    tieRule: 'lot',
    termYears: 4,
    threshold: 2,
    members: 3,
    committee,
    ...over,
  };
}

export async function loadEldersDemo(ctx: DemoContext): Promise<void> {
  const { db, config, log } = ctx;
  if (!(await loadTenant(db, KOV))) return log(`Elders: KOV ${KOV} does not exist; no demo elections.`);
  if ((await countEligible(db, KOV, {})).total > 0) return log('Elders: Viimsi already has a register; no demo elections.');
  const key = config.idcodeHmacKey;
  const people = VILLAGERS.map(([d, g, f, u]) => ({ code: withCheckDigit(d), given: g, family: f, unit: u }));
  const csv = ['isikukood,eesnimi,perenimi,maakond,kov,asustusyksus,elukoht_alates', ...people.map((p) => `${p.code},${p.given},${p.family},0037,${KOV},${p.unit},2005-01-01`)].join('\n');
  const r = await importRegister(db, key, Readable.from([Buffer.from(csv)]), { kov: KOV, actor: SYSTEM, fileName: 'demo-viimsi.csv' });
  if (!r.ok) throw new Error(`demo: the Viimsi register was refused: ${r.problems.map((p) => p.message).join('; ')}`);
  const secrets = eldersSecrets(config);
  const committee = COMMITTEE_NAMES.map((g) => {
    const p = ctx.people.find((x) => x.givenName === g);
    if (!p) throw new Error(`demo committee member ${g} is missing`);
    return p.idcode;
  });
  const who = (p: (typeof people)[number]) => ({
    idcodeHash: hashIdcode(key, p.code),
    birthDate: `${Number(p.code[0]) <= 4 ? '19' : '20'}${p.code.slice(1, 3)}-${p.code.slice(3, 5)}-${p.code.slice(5, 7)}`,
    name: `${p.given} ${p.family}`,
  });
  const member = (n: number): Actor => ({ kind: 'person', id: `00000000-0000-7000-8000-0000000009${String(n).padStart(2, '0')}`, name: `${COMMITTEE_NAMES[n - 1]} (demo)` });

  // 1. Rohuneeme: replayed from 20 days ago; Maie and Peeter tie 2–2, the public draw decides.
  const real = clockIsReal();
  const started = nowMs();
  setClock(started - 20 * DAY, { ticking: true });
  try {
    const { id } = await createElection(db, KOV, input({ title: { et: 'Rohuneeme külavanema valimine', en: 'Rohuneeme village elder election', ru: 'Выборы старейшины деревни Рохунеэме' }, nominationCloses: new Date(nowMs() + DAY), votingOpens: new Date(nowMs() + DAY), votingCloses: new Date(nowMs() + 2 * DAY) }, committee), SYSTEM, secrets);
    const [maie, peeter, kristi, ulo, liina] = people as [typeof people[number], typeof people[number], typeof people[number], typeof people[number], typeof people[number]];
    const m = await nominate(db, KOV, id, who(maie), SYSTEM, secrets, undefined, 'Soovin korraldada külapäevi ja hoida sadama korras.');
    const p = await nominate(db, KOV, id, who(peeter), SYSTEM, secrets, undefined, 'Teed ja valgustus korda.');
    advanceClock(DAY + 60_000);
    await confirmCandidates(db, KOV, id, SYSTEM, secrets);
    for (const [v, c] of [[maie, m], [kristi, m], [peeter, p], [ulo, p]] as const) await castVote(db, KOV, id, who(v).idcodeHash, c.id);
    void liina;
    advanceClock(DAY);
    await closeElection(db, KOV, id, SYSTEM);
    const shares: string[] = [];
    for (const [i, code] of committee.entries()) shares[i] = (await pickUpShare(db, KOV, id, hashIdcode(key, code), member(i + 1), secrets)).share;
    await submitShare(db, KOV, id, 1, shares[0]!, member(1));
    await submitShare(db, KOV, id, 2, shares[1]!, member(2));
    const res = await electionResults(db, await getElection(db, KOV, id));
    await certifyElection(db, KOV, id, res!.digest!, member(1));
    await certifyElection(db, KOV, id, res!.digest!, member(2));
  } finally {
    if (real) resetClock();
    else setClock(started, { ticking: true });
  }

  // 2. Tammneeme and Leppneeme together: in nomination now (Rein stands; Sirje nominated Tarmo, who has not consented yet).
  const { id } = await createElection(db, KOV, input({ title: { et: 'Tammneeme ja Leppneeme külavanema valimine', en: 'Tammneeme and Leppneeme village elder election', ru: 'Выборы старейшины деревень Таммнеэме и Леппнеэме' }, units: [TAMMNEEME, LEPPNEEME], tieRule: 'runoff' }, committee), SYSTEM, secrets);
  await nominate(db, KOV, id, who(people[5]!), SYSTEM, secrets, undefined, 'Rannaala korda ja bussiühendus tihedamaks.');
  await nominate(db, KOV, id, who(people[6]!), SYSTEM, secrets, people[7]!.code);
  log('Elders: Viimsi has a certified election in Rohuneeme (a tie broken by the public draw; the elder in office) and one of Tammneeme and Leppneeme in nomination.');
}
