#!/usr/bin/env node
// `npm run openapi`: writes the OpenAPI document of the JSON API to openapi.json at the repository's
// root (generated from the route schemas: src/openapi.ts). `npm run openapi -- --check` writes
// nothing and exits 1 when the committed file is out of date (the test suite checks the same:
// test/openapi.test.ts).
import fs from 'node:fs';
import { ensureRuntime } from '../bin/node-runtime.js';

ensureRuntime();
const { register } = await import('tsx/esm/api');
register();
const { OPENAPI_FILE, openApiDocument, openApiText } = await import('../src/openapi.ts');

const check = process.argv.includes('--check');
const text = openApiText(await openApiDocument());
const committed = fs.existsSync(OPENAPI_FILE) ? fs.readFileSync(OPENAPI_FILE, 'utf8') : null;
if (check) {
  if (committed !== text) {
    console.error('openapi.json is out of date: run npm run openapi');
    process.exit(1);
  }
  console.log('openapi.json is up to date.');
} else if (committed === text) {
  console.log('openapi.json is up to date.');
} else {
  fs.writeFileSync(OPENAPI_FILE, text);
  console.log(`Wrote ${OPENAPI_FILE}.`);
}
