#!/usr/bin/env node
// `npm test`: type-check, lint, the suite on PGlite, the suite on PostgreSQL (when
// TEST_DATABASE_URL is set), and the browser journeys (when Chromium is installed). Ends with a
// closing note (how long each step took, the slowest test files) and one line `N passed, N failed`
// added up from the test runner's own JSON reports.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureRuntime } from '../bin/node-runtime.js';

ensureRuntime();

const env = { ...process.env, TZ: 'Pacific/Kiritimati', NODE_ENV: 'test' };
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'vallamaja-reports-'));
const bin = (name) => path.join('node_modules', '.bin', name);
let passed = 0;
let failed = 0;
let broken = false;
const t0 = performance.now();
const steps = []; // [title, seconds]
const files = []; // [seconds, run, file]

function step(title, cmd, args, extraEnv = {}) {
  console.log(`\n=== ${title}`);
  const s0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  steps.push([title, (performance.now() - s0) / 1000]);
  return r.status ?? 1;
}

function suite(title, args, extraEnv, name) {
  const report = path.join(out, `${name}.json`);
  const code = step(title, bin('vitest'), ['run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], extraEnv);
  if (fs.existsSync(report)) {
    const r = JSON.parse(fs.readFileSync(report, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    if (r.numFailedTestSuites > 0 && r.numFailedTests === 0) broken = true;
    for (const f of r.testResults ?? []) {
      if (f.endTime && f.startTime) files.push([(f.endTime - f.startTime) / 1000, name, path.relative(process.cwd(), f.name)]);
    }
    console.log(`${title}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  } else broken = true;
  if (code !== 0) broken = true;
}

console.log(`Node ${process.version} (${process.execPath})`);
if (step('type-check', bin('tsc'), ['--noEmit']) !== 0) broken = true;
if (step('lint', bin('eslint'), ['.']) !== 0) broken = true;

// Which test files touch a database: a file that reads TEST_DATABASE_URL or opens a test database
// itself, or imports (through test helpers and fixtures) test/helpers.ts. The others (crypto, rules,
// charts, the contract checks) do not depend on the engine and run once, in the PGlite pass.
function databaseTestFiles() {
  const all = [];
  for (const root of ['src', 'test']) {
    for (const f of fs.readdirSync(root, { recursive: true })) {
      const rel = path.join(root, f);
      if (/\.test\.tsx?$/.test(rel) && !rel.startsWith(path.join('test', 'e2e'))) all.push(rel);
    }
  }
  const memo = new Map();
  const touches = (file, seen) => {
    if (memo.has(file)) return memo.get(file);
    if (seen.has(file)) return false;
    seen.add(file);
    if (file === path.join('test', 'helpers.ts') || file === path.join('test', 'pg-url.ts')) return true;
    const src = fs.readFileSync(file, 'utf8');
    let found = /TEST_DATABASE_URL|testDb\(|testDatabaseUrl\(/.test(src);
    for (const m of src.matchAll(/from\s+'(\.[^']+)'/g)) {
      if (found) break;
      const base = path.join(path.dirname(file), m[1]).replace(/\.js$/, '');
      const dep = [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((c) => fs.existsSync(c));
      // only test code leads to a test database: test/, fixtures and other test files
      if (dep && (dep.startsWith(`test${path.sep}`) || /fixtures\.tsx?$|\.test\.tsx?$/.test(dep))) found = touches(dep, seen);
    }
    memo.set(file, found);
    return found;
  };
  return all.filter((f) => touches(f, new Set())).sort();
}

const pgUrl = process.env.TEST_DATABASE_URL;
suite('tests on PGlite (real clock)', [], { TEST_DATABASE_URL: '' }, 'pglite');
// The PostgreSQL run takes place on another day than the real one (the kernel clock, set from
// VALLAMAJA_TEST_DATE): an evening in Tallinn, already the next morning in the suite's time zone.
const pgDate = process.env.VALLAMAJA_TEST_DATE || '2027-06-30T21:00:00+03:00';
if (pgUrl) suite(`tests on PostgreSQL (clock at ${pgDate})`, databaseTestFiles(), { TEST_DATABASE_URL: pgUrl, VALLAMAJA_TEST_DATE: pgDate }, 'postgres');
else console.log('\n(TEST_DATABASE_URL is not set: the PostgreSQL run is skipped)');

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (fs.existsSync(chromium)) suite('browser journeys (Chromium)', ['--config', 'vitest.e2e.config.ts'], { CHROMIUM_PATH: chromium, TEST_DATABASE_URL: '' }, 'e2e');
else {
  console.log(`\n(Chromium not found at ${chromium}: the browser journeys are skipped; install Debian's chromium or set CHROMIUM_PATH)`);
  if (process.env.CI) broken = true;
}

fs.rmSync(out, { recursive: true, force: true });
// The closing note: where the time went, so that a file that grew slow shows up in every run.
console.log(`\n=== closing note: ${((performance.now() - t0) / 60000).toFixed(1)} min in all on ${os.cpus().length} CPU(s)`);
for (const [title, secs] of steps) console.log(`  ${secs.toFixed(0).padStart(5)} s  ${title}`);
console.log('  slowest test files (time in their own worker; files run side by side):');
for (const [secs, run, file] of files.sort((a, b) => b[0] - a[0]).slice(0, 10)) console.log(`  ${secs.toFixed(1).padStart(6)} s  ${run.padEnd(8)} ${file}`);
if (broken && failed === 0) console.log('\nA step failed outside the test counts (type-check, lint, or a test file that did not load): see above.');
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(broken || failed > 0 ? 1 : 0);
