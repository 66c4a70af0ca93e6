#!/usr/bin/env node
// The command-line tool. Runs the TypeScript sources through tsx's loader, so a fresh clone
// needs no build step: `npx vallamaja --help`.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/main.ts');
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
