// The world the polls HTTP tests (pages and JSON API) share: a fresh database with the demo
// territory, a small register of Tallinn (A) residents, and the roles: Jaan KOV admin of A, Toomas
// KOV admin of Tartu (B), a committee member of A. Nothing in it depends on the day it is made. Each test file signs its people in its own way.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { dateInTallinn, nowMs, setClock, today } from '../../kernel/clock.js';
import { hashIdcode, withCheckDigit } from '../../kernel/idcode.js';
import { DEMO_PEOPLE } from '../../dev/demo-people.js';
import { testApp, testDb } from '../../../test/helpers.js';
import { grantRole } from '../admin/index.js';
import { importRegister } from '../residents/index.js';
import { loadDemoTerritory } from '../territory/index.js';
import type { PollInput } from './input.js';
import type { PollSecrets } from './service.js';
import { createPoll, pickUpShare, publishPoll } from './service.js';

export const A = '0784'; // Tallinn
export const B = '0793'; // Tartu
export const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const person = (given: string) => DEMO_PEOPLE.find((p) => p.givenName === given)!;
export const JAAN = person('Jaan'); // KOV admin of A
export const TOOMAS = person('Toomas'); // KOV admin of B
export const MARI = person('Mari'); // resident of A (in the register)
export const LIIS = person('Liis'); // not in A's register
export const OLD = withCheckDigit('3800505003'); // 1980-05-05, resident of A

/**
 * An ID code of someone born the day after they would be `age` on `on` (YYYY-MM-DD): under `age`
 * on `on`, `age` the next day. Born in 2000–2099 (century digits 5/6).
 */
export function turnsAgeDayAfter(on: string, age: number, serial = '001'): string {
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  const birth = new Date(Date.UTC(y - age, m - 1, d + 1));
  const yy = String(birth.getUTCFullYear() % 100).padStart(2, '0');
  const mm = String(birth.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(birth.getUTCDate()).padStart(2, '0');
  return withCheckDigit(`5${yy}${mm}${dd}${serial}`);
}
export const MEMBER = withCheckDigit('4700101002'); // election committee of A
/** The other two members of the sample polls' committee (no role: named on the poll only). */
export const MEMBER2 = withCheckDigit('4800202003');
export const MEMBER3 = withCheckDigit('3850303004');
/** The sample committee: member 1 is MEMBER, 2 is MEMBER2, 3 is MEMBER3. */
export const COMMITTEE_CODES = [MEMBER, MEMBER2, MEMBER3];
/** Secrets for tests that call the service without an app (the app's own: pollSecrets(app.config)). */
export const TEST_SECRETS: PollSecrets = { idcodeKey: 'test-idcode-key', sealSecret: 'test-seal-secret' };

/**
 * Every member of a published poll picks up her share (as she would on the pick-up page); answers
 * the shares in member order. For service tests that need the shares to close a poll.
 */
export async function pickUpAll(db: Db, kov: string, pollId: string, secrets: PollSecrets, codes: readonly string[] = COMMITTEE_CODES): Promise<string[]> {
  const out: string[] = [];
  for (const code of codes) {
    const r = await pickUpShare(db, kov, pollId, hashIdcode(secrets.idcodeKey, code), { kind: 'person', id: null, name: `member ${code.slice(-4)}` }, secrets);
    out[r.member - 1] = r.share;
  }
  return out;
}

/**
 * A fresh database and app with the register of A and the roles above. A's register holds Mari,
 * Olev and Noor, who turns 16 the day after the world is made (so is under 16 on a poll of today):
 * the world is the same whatever the date. `on` sets the kernel clock to that date first (ticking).
 */
export async function pollsWorld(opts: { on?: string } = {}): Promise<{ db: Db; app: FastifyInstance; young: string }> {
  if (opts.on) setClock(opts.on, { ticking: true });
  const young = turnsAgeDayAfter(today(), 16);
  const db = await testDb();
  const app = await testApp(db);
  await loadDemoTerritory(db);
  const key = app.config.idcodeHmacKey;
  const csv = [
    'isikukood,eesnimi,perenimi,maakond,kov,asustusyksus,elukoht_alates',
    `${MARI.idcode},Mari,Maasikas,0037,${A},0387,2010-03-15`,
    `${OLD},Olev,Vana,0037,${A},0298,2001-01-01`,
    `${young},Noor,Noorem,0037,${A},0176,2015-01-01`,
  ].join('\n');
  const r = await importRegister(db, key, Readable.from([Buffer.from(csv)]), { kov: A, actor: SYSTEM, fileName: 'test.csv' });
  expect(r.ok).toBe(true);
  await grantRole(db, key, { kov: A, idcode: JAAN.idcode, role: 'kov-admin', actor: SYSTEM });
  await grantRole(db, key, { kov: B, idcode: TOOMAS.idcode, role: 'kov-admin', actor: SYSTEM });
  await grantRole(db, key, { kov: A, idcode: MEMBER, role: 'election-committee', actor: SYSTEM });
  return { db, app, young };
}

/** A valid poll definition (one question, 16+, open from a minute ago for a day: within the start grace), overridable. */
export function samplePollInput(over: Partial<PollInput> = {}): PollInput {
  const now = nowMs();
  return {
    title: { et: 'Näidisküsitlus', en: 'Sample poll', ru: 'Пример опроса' },
    description: { et: 'Kirjeldus', en: 'Description', ru: 'Описание' },
    questions: [
      {
        id: 'q1',
        text: { et: 'Kas?', en: 'Yes?', ru: 'Да?' },
        rule: { kind: 'one' },
        options: [
          { id: 'o1', text: { et: 'Jah', en: 'Yes', ru: 'Да' } },
          { id: 'o2', text: { et: 'Ei', en: 'No', ru: 'Нет' } },
        ],
      },
    ],
    opensAt: new Date(now - 60_000),
    closesAt: new Date(now + 86_400_000),
    revote: true,
    rules: { units: [], minAge: 16, on: dateInTallinn(now), residentSince: null, extraLists: [] },
    threshold: 2,
    members: 3,
    committee: COMMITTEE_CODES,
    ...over,
  };
}

/** A draft and a published poll in the KOV (its register must have people of 16 or more). */
export async function pollsIn(db: Db, kov: string, secrets: PollSecrets = TEST_SECRETS): Promise<{ draft: string; published: string }> {
  const draft = (await createPoll(db, kov, samplePollInput({ title: { et: 'Mustand', en: 'Draft', ru: 'Черновик' } }), SYSTEM, secrets)).id;
  const published = (await createPoll(db, kov, samplePollInput(), SYSTEM, secrets)).id;
  await publishPoll(db, kov, published, SYSTEM, secrets);
  return { draft, published };
}

// ---------- added for the automatic open datasets' tests: a poll of A taken to certification ----------
import { castBallot, certifyPoll, closePoll, getPoll, pollResults, submitShare } from './service.js';

/**
 * A poll of A (samplePollInput with `over`) published, voted by Mari (o1) and Olev (o2), closed early,
 * counted with two shares and certified by two committee members (Kati Komisjon, Peeter Liige).
 * Needs the pollsWorld register. Answers the poll's id.
 */
export async function certifiedPollIn(db: Db, idcodeKey: string, publicUrl: string, over: Partial<PollInput> = {}, secrets: PollSecrets = TEST_SECRETS): Promise<string> {
  const { id } = await createPoll(db, A, samplePollInput(over), SYSTEM, secrets);
  const pub = await publishPoll(db, A, id, SYSTEM, secrets);
  const shares = await pickUpAll(db, A, id, secrets);
  await castBallot(db, pub.poll, hashIdcode(idcodeKey, MARI.idcode), [['o1']]);
  await castBallot(db, pub.poll, hashIdcode(idcodeKey, OLD), [['o2']]);
  await closePoll(db, A, id, SYSTEM, 'the test ends the vote early');
  await submitShare(db, A, id, 1, shares[0]!, SYSTEM);
  await submitShare(db, A, id, 2, shares[1]!, SYSTEM);
  const digest = (await pollResults(db, await getPoll(db, A, id)))!.digest!;
  const member = (n: number, name: string): Actor => ({ kind: 'person', id: `00000000-0000-7000-8000-00000000010${n}`, name });
  await certifyPoll(db, A, id, digest, member(1, 'Kati Komisjon'), publicUrl);
  await certifyPoll(db, A, id, digest, member(2, 'Peeter Liige'), publicUrl);
  return id;
}
