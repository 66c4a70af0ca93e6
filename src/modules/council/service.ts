// The council module's rules and commands (set-up part; the live sitting is live.ts). Each command
// opens its transaction, checks the rules and writes the audit entry beside the change.
import type { Db } from '../../kernel/db.js';
import { bodiesOf, type BodyRow } from './repo/setup.js';

/** The KOV's council and commissions. */
export async function listBodies(db: Db, kov: string): Promise<BodyRow[]> {
  return db.tx((t) => bodiesOf(t, kov), { kov });
}
