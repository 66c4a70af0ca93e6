// Demo data for polls in Tallinn (0784), after the territory (10), admin (50) and residents (60)
// demos: an open poll that Mari Maasikas can vote in, and a closed, certified poll that went through
// the whole cycle (create, roll, deal, open, cast, close, decrypt with k shares, publish, certify).
// Both polls name the demo committee (Kadri Kuusk, Andres Mets, Helena Raud: src/dev/demo-people.ts):
// in the open poll every share still waits for its member to sign in and pick it up; in the
// certified one they picked theirs up, and Kadri and Helena brought theirs and signed the result off.
//
// The residents demo register is synthetic: the demo people (src/dev/demo-people.ts) are not in it.
// So Mari Maasikas is added to both polls' rolls directly, as an extra roll entry with her keyed ID
// code hash, her birth date from her ID code and the first settlement unit of the register.
import type { Actor } from '../../kernel/audit.js';
import { hashIdcode, parseIdcode } from '../../kernel/idcode.js';
import { loadTenant } from '../../kernel/tenants.js';
import type { DemoContext } from '../../kernel/module.js';
import { demoPerson } from '../../kernel/session.js';
import type { RollEntry } from '../voting/index.js';
import type { PollInput } from './form.js';
import type { PollSecrets } from './service.js';
import { castBallot, certifyPoll, closePoll, createPoll, getPoll, kovUnitsWithResidents, pickUpShare, pollResults, pollSecrets, publishPoll, someVoters, submitShare } from './service.js';
import { now as clockNow } from '../../kernel/clock.js';

const KOV = '0784';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'Vallamaja demoandmed' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const tallinnDate = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Tallinn', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);

/** The demo committee in member order (demo people: src/dev/demo-people.ts, the README's table). */
const COMMITTEE_NAMES = ['Kadri', 'Andres', 'Helena'];

function parkPoll(now: Date, committee: string[]): PollInput {
  return {
    title: { et: 'Kadrioru pargi uus mänguväljak', en: 'A new playground in Kadriorg Park', ru: 'Новая детская площадка в парке Кадриорг' },
    description: {
      et: 'Linn küsib elanikelt, millise mänguväljaku parki rajada. Küsitlus ei ole siduv.',
      en: 'The city asks residents which playground to build in the park. The poll is not binding.',
      ru: 'Город спрашивает жителей, какую площадку построить в парке. Опрос не является обязательным.',
    },
    questions: [
      {
        id: 'q1',
        text: { et: 'Millise mänguväljaku peaks linn rajama?', en: 'Which playground should the city build?', ru: 'Какую площадку должен построить город?' },
        rule: { kind: 'one' },
        options: [
          { id: 'o1', text: { et: 'Puidust ronimisala', en: 'A wooden climbing area', ru: 'Деревянная зона для лазания' } },
          { id: 'o2', text: { et: 'Veemänguala', en: 'A water play area', ru: 'Зона игр с водой' } },
          { id: 'o3', text: { et: 'Ei ole vaja', en: 'None is needed', ru: 'Не нужна' } },
        ],
      },
    ],
    opensAt: new Date(now.getTime() - HOUR),
    closesAt: new Date(now.getTime() + 30 * DAY),
    revote: true,
    rules: { units: [], minAge: 16, on: tallinnDate(now), residentSince: null, extraLists: [] },
    threshold: 2,
    members: 3,
    committee,
  };
}

function tramPoll(now: Date, committee: string[]): PollInput {
  return {
    title: { et: 'Trammiliini pikendamine', en: 'Extending the tram line', ru: 'Продление трамвайной линии' },
    description: {
      et: 'Küsitlus trammiliini pikendamise suuna kohta. Tulemus on kinnitatud.',
      en: 'A poll on which way to extend the tram line. The result has been certified.',
      ru: 'Опрос о направлении продления трамвайной линии. Результат утверждён.',
    },
    questions: [
      {
        id: 'q1',
        text: { et: 'Kuhu tuleks trammiliini pikendada?', en: 'Where should the tram line be extended?', ru: 'Куда продлить трамвайную линию?' },
        rule: { kind: 'one' },
        options: [
          { id: 'o1', text: { et: 'Lasnamäele', en: 'To Lasnamäe', ru: 'В Ласнамяэ' } },
          { id: 'o2', text: { et: 'Mustamäele', en: 'To Mustamäe', ru: 'В Мустамяэ' } },
        ],
      },
      {
        id: 'q2',
        text: { et: 'Millised peatused on olulised? (kuni 2)', en: 'Which stops matter? (up to 2)', ru: 'Какие остановки важны? (до 2)' },
        rule: { kind: 'upTo', max: 2 },
        options: [
          { id: 'o1', text: { et: 'Haigla', en: 'Hospital', ru: 'Больница' } },
          { id: 'o2', text: { et: 'Kool', en: 'School', ru: 'Школа' } },
          { id: 'o3', text: { et: 'Kaubanduskeskus', en: 'Shopping centre', ru: 'Торговый центр' } },
        ],
      },
    ],
    opensAt: new Date(now.getTime() - 10 * DAY),
    closesAt: new Date(now.getTime() + HOUR),
    revote: true,
    rules: { units: [], minAge: 16, on: tallinnDate(new Date(now.getTime() - 10 * DAY)), residentSince: null, extraLists: [] },
    threshold: 2,
    members: 3,
    committee,
  };
}

export async function loadPollsDemo(ctx: DemoContext): Promise<void> {
  const { db, config, log } = ctx;
  if (!(await loadTenant(db, KOV))) {
    log(`Polls: KOV ${KOV} does not exist; no demo polls.`);
    return;
  }
  const units = await kovUnitsWithResidents(db, KOV);
  if (!units.length) {
    log('Polls: the Tallinn register is empty; no demo polls.');
    return;
  }
  const mari = ctx.people.find((p) => p.givenName === 'Mari')!;
  const mariParsed = parseIdcode(mari.idcode);
  if (!mariParsed.ok) throw new Error('demo person Mari has an invalid ID code');
  const extra: RollEntry[] = [{ voterHash: hashIdcode(config.idcodeHmacKey, mari.idcode), unit: units[0]!.code, birthDate: mariParsed.value.birthDate }];
  const now = clockNow();
  const secrets: PollSecrets = pollSecrets(config);
  const committee = COMMITTEE_NAMES.map((g) => {
    const p = ctx.people.find((x) => x.givenName === g);
    if (!p) throw new Error(`demo committee member ${g} is missing`);
    return p.idcode;
  });

  // 1. An open poll: Mari Maasikas is on its roll; the committee's shares wait for them.
  // the demo's history (a poll that opened an hour ago, one that ran for ten days): no period bounds
  const open = await createPoll(db, KOV, parkPoll(now, committee), SYSTEM, secrets, undefined, null);
  const openPub = await publishPoll(db, KOV, open.id, SYSTEM, secrets, extra);

  // 2. A closed, certified poll with its published board.
  const closed = await createPoll(db, KOV, tramPoll(now, committee), SYSTEM, secrets, undefined, null);
  const pub = await publishPoll(db, KOV, closed.id, SYSTEM, secrets, extra);
  const voters = await someVoters(db, KOV, closed.id, 24);
  // A fixed spread of answers: 15 for Lasnamäe, 9 for Mustamäe; stops by a simple pattern.
  for (const [i, v] of voters.entries()) {
    const q2 = [['o1'], ['o2'], ['o1', 'o3'], ['o2', 'o3']][i % 4]!;
    await castBallot(db, pub.poll, v, [[i < 15 ? 'o1' : 'o2'], q2]);
  }
  const jaan = (await demoPerson(ctx, 'Jaan')).actor;
  const members = await Promise.all(COMMITTEE_NAMES.map(async (g) => (await demoPerson(ctx, g)).actor));
  // each member picks up her own share (as she would on the pick-up page)
  const shares: string[] = [];
  for (const [i, code] of committee.entries()) {
    const r = await pickUpShare(db, KOV, closed.id, hashIdcode(config.idcodeHmacKey, code), members[i]!, secrets);
    shares[r.member - 1] = r.share;
  }
  await closePoll(db, KOV, closed.id, jaan, 'Demoandmed: suletud enne tähtaega, et näidata kinnitatud tulemust.');
  const [kadri, , helena] = members as [Actor, Actor, Actor];
  await submitShare(db, KOV, closed.id, 1, shares[0]!, kadri);
  await submitShare(db, KOV, closed.id, 3, shares[2]!, helena);
  shares.length = 0;
  // each member confirms the results digest she is shown
  const shown = await pollResults(db, await getPoll(db, KOV, closed.id));
  if (!shown?.digest) throw new Error('demo: the tram poll has no published result to certify');
  await certifyPoll(db, KOV, closed.id, shown.digest, kadri);
  await certifyPoll(db, KOV, closed.id, shown.digest, helena);

  log(
    `Polls: Tallinn has an open poll (roll ${openPub.rollSize}, Mari Maasikas on it) and a certified one ` +
      `(${voters.length} ballots, board published, certified by Kadri Kuusk and Helena Raud; the open poll's key shares wait for Kadri Kuusk, Andres Mets and Helena Raud).`,
  );
}
