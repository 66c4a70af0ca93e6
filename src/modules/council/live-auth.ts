// Who acts in a live sitting: the person running it (the secretary or a KOV admin, or the body's
// chair or deputy chair) and a member acting herself; the limits of the live routes.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import { may, personActor, requireUser } from '../../kernel/auth.js';
import { forbidden } from '../../kernel/errors.js';
import type { Member } from './live.js';
import { memberOf } from './live.js';
import { COUNCIL_RUN } from './permissions.js';

/**
 * A member's acts are limited per person, not per address: a whole council may sit behind the
 * town hall's one address.
 */
export const MEMBER_RATE = { max: 120, timeWindow: 60_000 };

/** Watchers per process (beyond it a new stream gets 503 and the page still shows the state). */
export const MAX_WATCHERS = 5000;

/** The person running the sitting: the secretary or a KOV admin, or the body's chair or deputy chair. */
export async function requireRunner(req: FastifyRequest, db: FastifyInstance['db'], kov: string, sittingId: string): Promise<Actor> {
  if (req.apiKey) throw forbidden('council.error.personOnly');
  const user = requireUser(req);
  if (may(user, kov, COUNCIL_RUN)) return personActor(user);
  const m = await memberOf(db, kov, sittingId, user.idcodeHash);
  if (m && (m.role === 'chair' || m.role === 'deputy')) return personActor(user);
  throw forbidden();
}

/** A member acting herself: signed in (never an API key), seated in the sitting's body today. */
export async function requireMember(req: FastifyRequest, db: FastifyInstance['db'], kov: string, sittingId: string): Promise<Member> {
  if (req.apiKey) throw forbidden('council.error.personOnly');
  const user = requireUser(req);
  const m = await memberOf(db, kov, sittingId, user.idcodeHash);
  if (!m) throw forbidden('council.error.notMember');
  return m;
}

