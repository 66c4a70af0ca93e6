#!/usr/bin/env node
// The command-line tool. Runs the TypeScript sources through tsx's loader, so a fresh clone
// needs no build step: `npx vallamaja --help`. On a Node older than 22 it re-runs itself on the
// Node 24 that `npm ci` installed (bin/node-runtime.js).
import { ensureRuntime } from './node-runtime.js';
await ensureRuntime();
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../src/main.ts');
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
