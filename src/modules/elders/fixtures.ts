// The world the elders tests share: a fresh database with the demo territory and a small register of
// Tallinn (A): four adults in unit 0387 (Lasnamäe), one teenager there, one adult in 0298 (Mustamäe); KOV
// admins of A and of Tartu (B); the committee of three (member 1 has the committee role in A).
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { nowMs } from '../../kernel/clock.js';
import { hashIdcode, withCheckDigit } from '../../kernel/idcode.js';
import { grantRole } from '../admin/index.js';
import { importResidents } from '../residents/fixtures.js';
import { loadDemoTerritory } from '../territory/index.js';
import type { ElectionInput } from './rules.js';
import type { EldersSecrets } from './service.js';
import { pickUpShare } from './service.js';

export const A = '0784';
export const B = '0793';
export const UNIT = '0387';
export const OTHER_UNIT = '0298';
export const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
export const ADMIN: Actor = { kind: 'person', id: '00000000-0000-7000-8000-000000000901', name: 'Admin' };
export const memberActor = (n: number): Actor => ({ kind: 'person', id: `00000000-0000-7000-8000-00000000091${n}`, name: `Member ${n}` });

export const ANNE = withCheckDigit('4750101001'); // 0387, born 1975
export const BRITT = withCheckDigit('4760202002'); // 0387
export const CARL = withCheckDigit('3770303003'); // 0387
export const DAVID = withCheckDigit('3780404004'); // 0387
export const TEEN = withCheckDigit('6150505005'); // 0387, born 2015: under 18 in 2027
export const MUSTA = withCheckDigit('3790606006'); // 0298: not a resident of the election's unit
export const COMMITTEE_CODES = [withCheckDigit('4700101002'), withCheckDigit('4800202003'), withCheckDigit('3850303004')];
export const JAAN_ADMIN = withCheckDigit('3800101005'); // KOV admin of A (HTTP tests)
export const TOOMAS_ADMIN = withCheckDigit('3810202006'); // KOV admin of B

/** The people's register data (name, birth date) as a signed-in person would present it. */
export const who = (idcode: string, key: string, name = 'Test Person') => ({
  idcodeHash: hashIdcode(key, idcode),
  birthDate: `${Number(idcode[0]) <= 4 ? '19' : '20'}${idcode.slice(1, 3)}-${idcode.slice(3, 5)}-${idcode.slice(5, 7)}`,
  name,
});

export async function eldersWorld(db: Db, key: string): Promise<void> {
  await loadDemoTerritory(db);
  await importResidents(
    db,
    key,
    A,
    [
      { idcode: ANNE, given: 'Anne', family: 'Aas', county: '0037', unit: UNIT },
      { idcode: BRITT, given: 'Britt', family: 'Bergmann', county: '0037', unit: UNIT },
      { idcode: CARL, given: 'Carl', family: 'Kask', county: '0037', unit: UNIT },
      { idcode: DAVID, given: 'David', family: 'Daniel', county: '0037', unit: UNIT },
      { idcode: TEEN, given: 'Teele', family: 'Noor', county: '0037', unit: UNIT },
      { idcode: MUSTA, given: 'Mart', family: 'Mustamäe', county: '0037', unit: OTHER_UNIT },
    ],
    SYSTEM,
  );
}

/** The roles (after the app is built: it registers them): a committee member of A, admins of A and B. */
export async function eldersRoles(db: Db, key: string): Promise<void> {
  await grantRole(db, key, { kov: A, idcode: COMMITTEE_CODES[0]!, role: 'election-committee', actor: SYSTEM });
  await grantRole(db, key, { kov: A, idcode: JAAN_ADMIN, role: 'kov-admin', actor: SYSTEM });
  await grantRole(db, key, { kov: B, idcode: TOOMAS_ADMIN, role: 'kov-admin', actor: SYSTEM });
}

const DAY = 86_400_000;

/** A valid election of Kesklinn: nomination from an hour ago for a day, voting the day after; overridable. */
export function sampleElection(over: Partial<ElectionInput> = {}): ElectionInput {
  const now = nowMs();
  return {
    title: { et: 'Kesklinna vanema valimine', en: 'Kesklinn elder election', ru: 'Выборы старейшины Кесклинна' },
    units: [UNIT],
    nominationOpens: new Date(now - 3_600_000),
    nominationCloses: new Date(now + DAY),
    votingOpens: new Date(now + DAY),
    votingCloses: new Date(now + 2 * DAY),
    candidateMinAge: 18,
    candidateResident: true,
    voterMinAge: 16,
    extraList: null,
    tieRule: 'lot',
    termYears: 4,
    threshold: 2,
    members: 3,
    committee: COMMITTEE_CODES,
    ...over,
  };
}

/** Every member picks up her share; the shares in member order. */
export async function pickUpAll(db: Db, kov: string, id: string, secrets: EldersSecrets): Promise<string[]> {
  const out: string[] = [];
  for (const [i, code] of COMMITTEE_CODES.entries()) {
    const r = await pickUpShare(db, kov, id, hashIdcode(secrets.idcodeKey, code), memberActor(i + 1), secrets);
    out[r.member - 1] = r.share;
  }
  return out;
}

/** The browser journey's set-up (the committee acts on the pages). */
export const eldersE2e = {
  async create(db: Db, config: { idcodeHmacKey: string; sessionSecret: string }, o: { committee: string[]; extraVoters: string[]; nominationOpens: Date; nominationCloses: Date; votingCloses: Date }): Promise<string> {
    const { createElection, eldersSecrets } = await import('./service.js');
    const input = sampleElection({
      title: { et: 'Kesklinna vanema valimine', en: 'Kesklinn elder election', ru: 'Выборы старейшины Кесклинна' },
      nominationOpens: o.nominationOpens,
      nominationCloses: o.nominationCloses,
      votingOpens: o.nominationCloses,
      votingCloses: o.votingCloses,
      candidateResident: false,
      voterMinAge: 18,
      committee: o.committee,
    });
    return (await createElection(db, A, input, SYSTEM, eldersSecrets(config), `isikukood\n${o.extraVoters.join('\n')}\n`)).id;
  },
};

/**
 * A KOV's election in its nomination window (candidates must live in `unit`), with the committee of
 * COMMITTEE_CODES and `candidate` (a resident of `unit`) nominated by herself: e.g. tenant B of the
 * cross-tenant sweep. Answers the election's and the candidate's ids.
 */
export async function eldersIn(db: Db, config: { idcodeHmacKey: string; sessionSecret: string }, kov: string, unit: string, candidate: { idcode: string; name: string }): Promise<{ election: string; candidate: string }> {
  const { createElection, eldersSecrets, nominate } = await import('./service.js');
  const secrets = eldersSecrets(config);
  const { id } = await createElection(db, kov, sampleElection({ units: [unit], candidateResident: true }), SYSTEM, secrets);
  const me = who(candidate.idcode, config.idcodeHmacKey, candidate.name);
  const c = await nominate(db, kov, id, me, { kind: 'person', id: null, name: candidate.name }, secrets);
  return { election: id, candidate: c.id };
}
