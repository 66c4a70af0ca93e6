// The OpenAPI document of the JSON API, as committed in openapi.json at the repository's root.
// Generated from the route schemas of the built app (the same document /api/openapi.json serves),
// so it cannot drift from the code: `npm run openapi` rewrites the file, and test/openapi.test.ts
// fails when the committed file is not what the code produces.
//
// The committed document must be the same on every machine and engine: the app is built with a
// fixed configuration (not the environment's), and `servers` names the platform's address as a
// variable instead of this machine's PUBLIC_URL.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import type { Db } from './kernel/db.js';
import { createPglite, wrapPglite } from './kernel/db.js';

export const OPENAPI_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'openapi.json');

export const OPENAPI_SERVERS = [
  {
    url: '{publicUrl}',
    description: 'The platform’s address (its PUBLIC_URL)',
    variables: { publicUrl: { default: 'https://vallamaja.example.ee', description: 'PUBLIC_URL of the installation' } },
  },
];

/** The configuration the document is generated with: fixed, whatever the environment says. */
const GENERATOR_ENV = { NODE_ENV: 'test', SESSION_SECRET: 'openapi-generator-0123456789abcdef0123456789', LOG_LEVEL: 'silent', PORT: '3000' };

/**
 * Builds the app on `db` (default: an empty in-memory PGlite; building the app reads no data) and
 * returns its OpenAPI document with the fixed servers.
 */
export async function openApiDocument(db?: Db): Promise<Record<string, unknown>> {
  const own = db ? null : wrapPglite(await createPglite());
  const app = await buildApp({ config: loadConfig(GENERATOR_ENV), db: db ?? own! });
  try {
    const doc = JSON.parse(JSON.stringify(app.swagger())) as Record<string, unknown>;
    doc.servers = OPENAPI_SERVERS;
    return doc;
  } finally {
    await app.close();
    await own?.close();
  }
}

/** The document as the committed file holds it: 2-space JSON and a final newline. */
export function openApiText(doc: Record<string, unknown>): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
