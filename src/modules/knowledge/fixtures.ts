// Test factories of the knowledge base (other modules' tests may use them): an article of an owner
// with sensible Estonian content (override any part). They go through the module's service, so every
// rule, version and audit entry applies.
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import type { ArticleInput } from './model.js';
import { createArticle } from './service.js';

export const FIXTURE_ACTOR: Actor = { kind: 'system', id: null, name: 'test fixtures' };

let n = 0;

export function sampleArticle(partial: Partial<ArticleInput> = {}): ArticleInput {
  n++;
  return {
    kind: 'guide',
    domain: 'security',
    visibility: 'officials',
    tags: ['e-its'],
    title: { et: `Paroolid ja turvalisus ${n}`, en: `Passwords and security ${n}`, ru: `Пароли и безопасность ${n}` },
    summary: 'Kuidas hoida paroolid turvaliselt.',
    bodyMd: '## Paroolid\n\nHea parool on pikk. Turvalisus algab paroolidest.',
    note: '',
    ...partial,
  };
}

/** An article of `owner` ('0000' for ELVL's); answers its id. */
export async function articleIn(db: Db, owner: string, partial: Partial<ArticleInput> = {}): Promise<string> {
  return (await createArticle(db, owner, sampleArticle(partial), FIXTURE_ACTOR)).id;
}
