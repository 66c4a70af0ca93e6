// `vallamaja residents import|generate|count|list import`. Progress on stderr, results on stdout.
// Exit codes (sysexits): 0 done, 64 usage, 65 the data is not valid (nothing imported), 66 no such file.
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { isHttpError } from '../../kernel/errors.js';
import { fmtNumber, registerMessages, translate } from '../../kernel/i18n.js';
import type { CliCommand, CliContext } from '../../kernel/module.js';
import { GenerateError, generateRegister } from './generate.js';
import { RegisterImportError, importRegister } from './import.js';
import { residentsMessages } from './messages.js';
import type { EligibilityRules } from './service.js';
import { countEligible, importExtraList } from './service.js';

function operator(): Actor {
  let user = 'operator';
  try {
    user = os.userInfo().username || user;
  } catch {
    /* no user name */
  }
  return { kind: 'operator', id: null, name: `${user} (vallamaja CLI)` };
}

type Parsed = { values: Record<string, string | boolean | undefined>; positionals: string[] };

function parse(args: string[], options: Record<string, { type: 'string' | 'boolean' }>, usage: string, ctx: CliContext): Parsed | number {
  try {
    const p = parseArgs({ args, allowPositionals: true, options: { ...options, help: { type: 'boolean', short: 'h' } } });
    if (p.values.help) {
      ctx.out(usage);
      return 0;
    }
    return p as Parsed;
  } catch (e) {
    ctx.err(`${(e as Error).message}\n\n${usage}`);
    return 64;
  }
}

const KOV_RE = /^\d{4}$/;
const MAX_SHOWN = 50;

async function withDb<T>(ctx: CliContext, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await ctx.openDb();
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

// ---------- import ----------
const IMPORT_USAGE = `Usage: vallamaja residents import --kov CODE FILE [--accept-good-rows]

  FILE                a population-register extract, CSV with the header
                      isikukood,eesnimi,perenimi,maakond,kov,asustusyksus,elukoht_alates
  --kov CODE          the KOV (EHAK code, 4 digits)
  --accept-good-rows  import the good rows and keep the report of the bad ones
                      (default: any bad row rejects the whole file; nothing is imported)

A full import replaces the KOV's register atomically: the old one serves until the new one is complete.`;

export async function runImport(args: string[], ctx: CliContext): Promise<number> {
  const p = parse(args, { kov: { type: 'string' }, 'accept-good-rows': { type: 'boolean' } }, IMPORT_USAGE, ctx);
  if (typeof p === 'number') return p;
  const kov = String(p.values.kov ?? '');
  if (!KOV_RE.test(kov) || p.positionals.length !== 1) {
    ctx.err(IMPORT_USAGE);
    return 64;
  }
  const file = p.positionals[0]!;
  if (!fs.existsSync(file)) {
    ctx.err(`${file} does not exist.`);
    return 66;
  }
  return withDb(ctx, async (db) => {
    try {
      const r = await importRegister(db, ctx.config.idcodeHmacKey, file, {
        kov,
        actor: operator(),
        acceptGoodRows: !!p.values['accept-good-rows'],
        onProgress: (pr) =>
          ctx.err(
            `${file}: ${fmtNumber(pr.rows)} rows${pr.totalBytes ? ` (${Math.round((100 * pr.bytes) / pr.totalBytes)} %)` : ''}, ${fmtNumber(pr.bad)} bad`,
          ),
      });
      for (const pr of r.problems.slice(0, MAX_SHOWN)) ctx.err(`  ${file}:${pr.line}: ${pr.field ? `${pr.field}: ` : ''}${pr.message}`);
      if (r.rowsBad > MAX_SHOWN) ctx.err(`  … and ${fmtNumber(r.rowsBad - MAX_SHOWN)} more (see the register page)`);
      if (!r.ok) {
        ctx.err(`${file} was rejected: ${fmtNumber(r.rowsBad)} bad rows of ${fmtNumber(r.rowsRead)}; nothing was imported, the previous register stays current.`);
        ctx.err('Fix the rows, or run again with --accept-good-rows to import the good rows and keep the report.');
        return 65;
      }
      ctx.out(
        `Imported ${fmtNumber(r.rowsImported)} people into the register of ${kov} in ${fmtNumber(r.ms)} ms` +
          (r.rowsBad ? ` (${fmtNumber(r.rowsBad)} bad rows left out and reported).` : '.'),
      );
      return 0;
    } catch (e) {
      if (e instanceof RegisterImportError) {
        ctx.err(e.message);
        return e.code === 'not-found' ? 66 : 65;
      }
      throw e;
    }
  });
}

// ---------- generate ----------
const GENERATE_USAGE = `Usage: vallamaja residents generate --kov CODE --count N [--out FILE] [--seed N]

  Writes a synthetic population-register extract (valid, unique ID codes; a realistic age
  distribution; Estonian and Russian names; the KOV's settlement units) in the format that
  \`vallamaja residents import\` reads. To stdout unless --out. The KOV must be in the current EHAK.`;

export async function runGenerate(args: string[], ctx: CliContext): Promise<number> {
  const p = parse(args, { kov: { type: 'string' }, count: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' } }, GENERATE_USAGE, ctx);
  if (typeof p === 'number') return p;
  const kov = String(p.values.kov ?? '');
  const count = Number(p.values.count);
  const seed = p.values.seed === undefined ? 1 : Number(p.values.seed);
  if (!KOV_RE.test(kov) || !Number.isInteger(count) || count < 1 || !Number.isInteger(seed) || p.positionals.length) {
    ctx.err(GENERATE_USAGE);
    return 64;
  }
  const outFile = typeof p.values.out === 'string' ? p.values.out : null;
  return withDb(ctx, async (db) => {
    const out = outFile ? fs.createWriteStream(outFile) : process.stdout;
    try {
      const r = await generateRegister(db, out, {
        kov,
        count,
        seed,
        onProgress: (n) => {
          if (n % 100_000 === 0 || n === count) ctx.err(`generated ${fmtNumber(n)}/${fmtNumber(count)}`);
        },
      });
      if (outFile) {
        await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
        ctx.out(`Wrote ${fmtNumber(r.rows)} people in ${fmtNumber(r.units)} settlement units of ${kov} to ${outFile}.`);
      }
      return 0;
    } catch (e) {
      if (e instanceof GenerateError) {
        ctx.err(e.message);
        return 65;
      }
      throw e;
    }
  });
}

// ---------- count ----------
const COUNT_USAGE = `Usage: vallamaja residents count --kov CODE [--min-age N --on YYYY-MM-DD] [--units 1234,5678] [--since YYYY-MM-DD] [--lists NAME,NAME]

  Counts the people of the current register who meet the rules, in total and by settlement unit.`;

export async function runCount(args: string[], ctx: CliContext): Promise<number> {
  const p = parse(
    args,
    { kov: { type: 'string' }, 'min-age': { type: 'string' }, on: { type: 'string' }, units: { type: 'string' }, since: { type: 'string' }, lists: { type: 'string' } },
    COUNT_USAGE,
    ctx,
  );
  if (typeof p === 'number') return p;
  const kov = String(p.values.kov ?? '');
  if (!KOV_RE.test(kov) || p.positionals.length) {
    ctx.err(COUNT_USAGE);
    return 64;
  }
  const rules: EligibilityRules = {};
  const v = p.values;
  if (typeof v['min-age'] === 'string') rules.minAge = /^\d+$/.test(v['min-age']) ? Number(v['min-age']) : -1;
  if (typeof v.on === 'string') rules.on = v.on;
  if (typeof v.since === 'string') rules.residentSince = v.since;
  if (typeof v.units === 'string') rules.units = v.units.split(',').map((s) => s.trim()).filter(Boolean);
  if (typeof v.lists === 'string') rules.extraLists = v.lists.split(',').map((s) => s.trim()).filter(Boolean);
  return withDb(ctx, async (db) => {
    try {
      const c = await countEligible(db, kov, rules);
      ctx.out(`Eligible in ${kov}: ${fmtNumber(c.total)}`);
      for (const u of c.byUnit) ctx.out(`  ${u.code ?? '-'}  ${u.name ?? 'extra list only'}: ${fmtNumber(u.count)}`);
      return 0;
    } catch (e) {
      if (isHttpError(e) && e.fields.length) {
        registerMessages(residentsMessages);
        const flag: Record<string, string> = { minAge: 'min-age', residentSince: 'since', extraLists: 'lists' };
        for (const f of e.fields) ctx.err(`--${flag[f.field] ?? f.field}: ${translate('en', f.reason, f.vars)}`);
        return 64;
      }
      throw e;
    }
  });
}

// ---------- extra lists ----------
const LIST_USAGE = `Usage: vallamaja residents list import --kov CODE --name NAME FILE [--accept-good-rows]

  Imports a named extra list for eligibility rules (e.g. students, property owners): one ID code a
  line (or a CSV whose first column is the ID code). A list of the same name is replaced.`;

export async function runListImport(args: string[], ctx: CliContext): Promise<number> {
  const p = parse(args, { kov: { type: 'string' }, name: { type: 'string' }, 'accept-good-rows': { type: 'boolean' } }, LIST_USAGE, ctx);
  if (typeof p === 'number') return p;
  const kov = String(p.values.kov ?? '');
  const name = String(p.values.name ?? '');
  if (!KOV_RE.test(kov) || !name || p.positionals.length !== 1) {
    ctx.err(LIST_USAGE);
    return 64;
  }
  const file = p.positionals[0]!;
  if (!fs.existsSync(file)) {
    ctx.err(`${file} does not exist.`);
    return 66;
  }
  return withDb(ctx, async (db) => {
    const r = await importExtraList(db, ctx.config.idcodeHmacKey, {
      kov,
      name,
      text: fs.readFileSync(file, 'utf8'),
      acceptGoodRows: !!p.values['accept-good-rows'],
      actor: operator(),
    });
    for (const pr of r.problems.slice(0, MAX_SHOWN)) ctx.err(`  ${file}:${pr.line}: ${pr.message}`);
    if (!r.ok) {
      ctx.err(`${file} was rejected: ${r.problems.length} bad lines; nothing was imported.`);
      return 65;
    }
    ctx.out(`List "${name}" of ${kov}: ${fmtNumber(r.members)} people.`);
    return 0;
  });
}

export const residentsCommands: CliCommand[] = [
  { words: ['residents', 'import'], usage: 'residents import --kov CODE FILE [--accept-good-rows]', summary: 'import a population-register extract (CSV)', run: runImport },
  { words: ['residents', 'generate'], usage: 'residents generate --kov CODE --count N [--out FILE]', summary: 'write a synthetic register extract', run: runGenerate },
  { words: ['residents', 'count'], usage: 'residents count --kov CODE [--min-age N --on DATE --units A,B --since DATE]', summary: 'count eligible people', run: runCount },
  { words: ['residents', 'list', 'import'], usage: 'residents list import --kov CODE --name NAME FILE', summary: 'import a named extra list of ID codes', run: runListImport },
];
