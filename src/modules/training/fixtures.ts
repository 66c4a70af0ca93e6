// Test factories for the training module (other modules' tests may use them): a programme with a
// group, valid members, and a team's input.
import type { Actor } from '../../kernel/audit.js';
import { nowMs } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { withCheckDigit } from '../../kernel/idcode.js';
import { uuidv7 } from '../../kernel/ids.js';
import type { TeamInput } from './model.js';
import { createGroup, createProgramme, registerTeam } from './service.js';

export const FIXTURE_ACTOR: Actor = { kind: 'system', id: null, name: 'test' };

/** A valid personal ID code, different for each n (0–999) and series (0–9). */
export const memberIdcode = (n: number, series = 0): string => withCheckDigit(`3${80 + series}0101${String(n).padStart(3, '0')}`);

let programmes = 0;

/** A programme (5 days, 4 needed, 8 h e-learning) and one group with its five days, the first on `firstDay`. */
export async function programmeWithGroup(
  db: Db,
  opts: { capacity?: number; deadline?: Date; firstDay?: string; region?: string; minDays?: number; minElearningHours?: number } = {},
): Promise<{ programmeId: string; groupId: string }> {
  programmes++;
  const programmeId = await createProgramme(
    db,
    {
      code: `programm-${programmes}-${uuidv7().slice(-12)}`,
      name: { et: 'Ametnikust teenuseomanikuks', en: 'From official to service owner', ru: 'От чиновника к владельцу услуги' },
      description: { et: 'Kirjeldus', en: '', ru: '' },
      academicHours: 48,
      contactDays: 5,
      elearningHours: 8,
      minDays: opts.minDays ?? 4,
      minElearningHours: opts.minElearningHours ?? 8,
      reminderDays: 3,
    },
    FIXTURE_ACTOR,
  );
  const first = opts.firstDay ?? '2027-01-12';
  const [y, m, d] = first.split('-').map(Number) as [number, number, number];
  const dates = [0, 14, 28, 42, 56].map((k) => new Date(Date.UTC(y, m - 1, d + k)).toISOString().slice(0, 10));
  const groupId = await createGroup(
    db,
    { programmeId, region: opts.region ?? 'Tallinn', place: 'Vabaduse väljak 7', capacity: opts.capacity ?? 35, deadline: opts.deadline ?? new Date(Date.UTC(y, m - 1, d - 7)), dates },
    FIXTURE_ACTOR,
  );
  return { programmeId, groupId };
}

/** A team's input: `size` members (ID codes from `series`, numbered from `from`), working on a problem. */
export function teamInput(groupId: string, size: number, from = 0, series = 0): TeamInput {
  return {
    groupId,
    serviceId: '',
    problem: 'Hooldajatoetuse taotlemine',
    contactEmail: 'kontakt@vald.ee',
    members: Array.from({ length: size }, (_, i) => ({ name: `Liige ${from + i}`, idcode: memberIdcode(from + i, series), email: `liige${from + i}@vald.ee` })),
  };
}

/** A KOV's training rows for sweeps: a confirmed team of two in a new group. */
export async function trainingIn(db: Db, kov: string, idcodeKey: string): Promise<{ groupId: string; teamId: string }> {
  // a group that is open on whatever day the suite runs (the kernel clock): its first day a month on
  const first = new Date(nowMs() + 30 * 86_400_000).toISOString().slice(0, 10);
  const { groupId } = await programmeWithGroup(db, { region: `Rühm ${kov}`, firstDay: first });
  const { teamId } = await registerTeam(db, idcodeKey, kov, teamInput(groupId, 2, Number(kov) % 1000, 9), FIXTURE_ACTOR);
  return { groupId, teamId };
}
