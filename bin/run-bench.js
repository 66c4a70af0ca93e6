#!/usr/bin/env node
// `npm run bench -- NAME [args]`: runs bench/NAME.ts (against the PostgreSQL in DATABASE_URL where
// the benchmark needs one). Each benchmark prints its figure and a baseline measured in the same run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRuntime } from './node-runtime.js';

await ensureRuntime();

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [name, ...rest] = process.argv.slice(2);
const available = fs
  .readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- NAME   (available: ${available.join(', ')})`);
  process.exit(64);
}
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const r = spawnSync(tsx, [path.join(root, 'bench', `${name}.ts`), ...rest], { stdio: 'inherit', env: process.env });
process.exit(r.status ?? 1);
