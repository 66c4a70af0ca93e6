// The knowledge base's roles and who reads what. ELVL's editors (platform role knowledge-editor, and
// platform admins) write the platform's public and all-officials articles and keep the E-ITS mentor
// list; a KOV's authors (KOV role knowledge-author, and KOV admins) write their KOV's articles (for
// all officials or for their own KOV only). Readers: see model.ts Viewer.
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import { isPlatformAdmin, personActor, requirePersonFor, requireUser } from '../../kernel/auth.js';
import { forbidden } from '../../kernel/errors.js';
import type { Permission, RoleDef } from '../../kernel/module.js';
import type { SessionUser } from '../../kernel/session.js';
import type { Viewer } from './model.js';
import { ANONYMOUS, PLATFORM_OWNER } from './model.js';

export const KNOWLEDGE_AUTHOR = 'knowledge-author';
export const KNOWLEDGE_EDITOR = 'knowledge-editor';

export const knowledgeRoles: RoleDef[] = [
  { id: KNOWLEDGE_AUTHOR, scope: 'kov', labelKey: 'role.knowledge-author' },
  { id: KNOWLEDGE_EDITOR, scope: 'platform', labelKey: 'role.knowledge-editor' },
];

export const KNOWLEDGE_WRITE = 'knowledge.write';

export const knowledgePermissions: Record<string, Permission> = {
  // a KOV's authors, and the KOV's API keys with the write scope (the JSON API: api.ts)
  [KNOWLEDGE_WRITE]: { roles: [KNOWLEDGE_AUTHOR], apiScope: 'write' },
};

/** ELVL's editor (knowledge-editor or a platform admin). */
export function isPlatformEditor(user: SessionUser | null | undefined): boolean {
  return isPlatformAdmin(user) || !!user?.grants.some((g) => g.kov === null && g.role === KNOWLEDGE_EDITOR);
}

/** An official: anyone holding a role now (in a KOV or on the platform). */
export function isOfficial(user: SessionUser | null | undefined): boolean {
  return !!user && user.grants.length > 0;
}

/** The KOVs where the person holds a role, in order. */
export function kovsOf(user: SessionUser | null | undefined): string[] {
  return [...new Set((user?.grants ?? []).map((g) => g.kov).filter((k): k is string => k !== null))].sort();
}

/**
 * Who reads: anonymous → public only; an official → the shared articles and the one-KOV articles of
 * one of their KOVs (`prefer` when they hold a role there, else the first).
 */
export function viewerOf(user: SessionUser | null | undefined, prefer?: string | null): Viewer {
  if (!isOfficial(user)) return ANONYMOUS;
  const kovs = kovsOf(user);
  return { official: true, kov: prefer && kovs.includes(prefer) ? prefer : (kovs[0] ?? null) };
}

/** The author of an owner's articles: ELVL's editor for the platform, the KOV's authors for a KOV. */
export function requireAuthor(req: FastifyRequest, owner: string): Actor {
  if (owner === PLATFORM_OWNER) {
    if (req.apiKey) throw forbidden('error.personOnly');
    const user = requireUser(req);
    if (!isPlatformEditor(user)) throw forbidden();
    return personActor(user);
  }
  return requirePersonFor(req, owner, KNOWLEDGE_WRITE);
}

/** Officials only (the mentor list). */
export function requireOfficial(req: FastifyRequest): SessionUser {
  if (req.apiKey) throw forbidden('error.personOnly');
  const user = requireUser(req);
  if (!isOfficial(user)) throw forbidden();
  return user;
}
