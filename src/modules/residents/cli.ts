// `vallamaja residents import|lookup|generate|count|list import`. Progress on stderr, results on stdout.
// Exit codes (sysexits): 0 done, 64 usage, 65 the data is not valid (nothing imported), 66 no such file,
// 69 X-tee failed (the security server did not answer, or answered with a fault; nothing changed),
// 78 X-tee is not configured or its settings are invalid.
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { isHttpError } from '../../kernel/errors.js';
import { fmtNumber, registerMessages, translate } from '../../kernel/i18n.js';
import { idcodeHint, parseIdcode } from '../../kernel/idcode.js';
import type { CliCommand, CliContext } from '../../kernel/module.js';
import { GenerateError, generateRegister } from './generate.js';
import { RegisterImportError, importRegister } from './import.js';
import { residentsMessages } from './messages.js';
import type { ImportResult } from './import.js';
import type { EligibilityRules } from './service.js';
import { countEligible, importExtraList, importRegisterFromXtee, isIsoDate, nameResidence } from './service.js';
import type { MainResidence, XteeConfig } from './xtee.js';
import { XteeError, rr411, xteeSetting } from './xtee.js';
import { today } from '../../kernel/clock.js';

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
const IMPORT_USAGE = `Usage: vallamaja residents import --kov CODE FILE [--accept-good-rows] [--confirm-shrink]
       vallamaja residents import --kov CODE --xtee [--date YYYY-MM-DD] [--accept-good-rows]

  FILE                a population-register extract, CSV with the header
                      isikukood,eesnimi,perenimi,maakond,kov,asustusyksus,elukoht_alates
  --kov CODE          the KOV (EHAK code, 4 digits)
  --xtee              instead of a file, ask the population register over X-tee (RR417) for the
                      KOV's residents (XTEE_SECURITY_SERVER_URL, XTEE_CLIENT …; docs/configuration.md)
  --date YYYY-MM-DD   with --xtee: the reference date (default: today in Europe/Tallinn)
  --accept-good-rows  import the good rows and keep the report of the bad ones
                      (default: any bad row rejects the whole file; nothing is imported)
  --confirm-shrink    import even a file with no rows, or one that would leave the register more
                      than RESIDENTS_SHRINK_CONFIRM_PERCENT (default 20) % smaller (otherwise refused)

A full import replaces the KOV's register atomically: the old one serves until the new one is complete.
Exit codes: 0 imported, 64 usage, 65 rejected (bad rows, not a CSV file, or an unconfirmed shrink), 66 no such file, 69 X-tee failed, 78 X-tee not configured.`;

/** The X-tee settings, or the exit code after saying what is wrong with them. */
function xteeOrExit(ctx: CliContext): XteeConfig | number {
  const s = xteeSetting();
  if (s.state === 'on') return s.cfg;
  ctx.err(
    s.state === 'off'
      ? 'X-tee is not configured: set XTEE_SECURITY_SERVER_URL and XTEE_CLIENT (see docs/configuration.md).'
      : `X-tee settings are invalid: ${s.message}`,
  );
  return 78;
}

/** Bad rows on stderr, then the verdict; the same for a file and for an X-tee answer. */
function reportImport(ctx: CliContext, r: ImportResult, what: string, where: (line: number) => string, kov: string): number {
  for (const pr of r.problems.slice(0, MAX_SHOWN)) ctx.err(`  ${where(pr.line)}: ${pr.field ? `${pr.field}: ` : ''}${pr.message}`);
  if (r.rowsBad > MAX_SHOWN) ctx.err(`  … and ${fmtNumber(r.rowsBad - MAX_SHOWN)} more (see the register page)`);
  if (r.status === 'unconfirmed') {
    const s = r.shrink ?? { current: 0, incoming: 0 };
    ctx.err(
      s.incoming === 0
        ? `${what} holds nobody: importing it would empty the register of ${kov} (now ${fmtNumber(s.current)} people). Nothing was imported.`
        : `${what} has ${fmtNumber(s.incoming)} people and the register of ${kov} now ${fmtNumber(s.current)}: importing it would shrink the register by ${Math.round(((s.current - s.incoming) / Math.max(s.current, 1)) * 100)} %. Nothing was imported.`,
    );
    ctx.err('If this is the right file, run again with --confirm-shrink.');
    return 65;
  }
  if (!r.ok) {
    ctx.err(`${what} was rejected: ${fmtNumber(r.rowsBad)} bad rows of ${fmtNumber(r.rowsRead)}; nothing was imported, the previous register stays current.`);
    ctx.err('Fix the rows, or run again with --accept-good-rows to import the good rows and keep the report.');
    return 65;
  }
  ctx.out(
    `Imported ${fmtNumber(r.rowsImported)} people into the register of ${kov} in ${fmtNumber(r.ms)} ms` +
      (r.rowsBad ? ` (${fmtNumber(r.rowsBad)} bad rows left out and reported).` : '.'),
  );
  return 0;
}

export async function runImport(args: string[], ctx: CliContext): Promise<number> {
  const p = parse(
    args,
    { kov: { type: 'string' }, 'accept-good-rows': { type: 'boolean' }, 'confirm-shrink': { type: 'boolean' }, xtee: { type: 'boolean' }, date: { type: 'string' } },
    IMPORT_USAGE,
    ctx,
  );
  if (typeof p === 'number') return p;
  const kov = String(p.values.kov ?? '');
  if (p.values.xtee) return importFromXtee(p, kov, ctx);
  if (!KOV_RE.test(kov) || p.positionals.length !== 1 || p.values.date !== undefined) {
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
        shrinkGuard: { percent: ctx.config.residents.shrinkConfirmPercent, confirmed: !!p.values['confirm-shrink'] },
        onProgress: (pr) =>
          ctx.err(
            `${file}: ${fmtNumber(pr.rows)} rows${pr.totalBytes ? ` (${Math.round((100 * pr.bytes) / pr.totalBytes)} %)` : ''}, ${fmtNumber(pr.bad)} bad`,
          ),
      });
      return reportImport(ctx, r, file, (line) => `${file}:${line}`, kov);
    } catch (e) {
      if (e instanceof RegisterImportError) {
        ctx.err(e.message);
        return e.code === 'not-found' ? 66 : 65;
      }
      throw e;
    }
  });
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function importFromXtee(p: Parsed, kov: string, ctx: CliContext): Promise<number> {
  const date = p.values.date === undefined ? today() : String(p.values.date);
  if (!KOV_RE.test(kov) || p.positionals.length) {
    ctx.err(p.positionals.length ? `--xtee takes no FILE.\n\n${IMPORT_USAGE}` : IMPORT_USAGE);
    return 64;
  }
  if (!isIsoDate(date)) {
    ctx.err(`--date: ${date} is not a date YYYY-MM-DD.`);
    return 64;
  }
  const cfg = xteeOrExit(ctx);
  if (typeof cfg === 'number') return cfg;
  const what = `RR417 ${kov} ${date}`;
  return withDb(ctx, async (db) => {
    ctx.err(`${what}: asking the population register over X-tee (${cfg.securityServerUrl}) for the residents of ${kov} on ${date} …`);
    try {
      const r = await importRegisterFromXtee(db, ctx.config.idcodeHmacKey, cfg, {
        kov,
        on: date,
        actor: operator(),
        acceptGoodRows: !!p.values['accept-good-rows'],
        onProgress: (pr) => ctx.err(`${what}: ${fmtNumber(pr.rows)} people (${mb(pr.bytes)} received), ${fmtNumber(pr.bad)} bad`),
      });
      ctx.err(
        `${what}: ${fmtNumber(r.people)} people in the answer (${mb(r.bytes)})` +
          (r.notLiving ? `, ${fmtNumber(r.notLiving)} of them not living on ${date} and left out.` : '.'),
      );
      // CSV line N is person N − 1 of the answer (see rr417CsvStream)
      return reportImport(ctx, r, what, (line) => `${what} person ${fmtNumber(line - 1)}`, kov);
    } catch (e) {
      if (e instanceof XteeError) {
        ctx.err(`${e.message}\nNothing was imported; the register of ${kov} was not changed.`);
        return e.kind === 'config' ? 78 : 69;
      }
      if (e instanceof RegisterImportError) {
        ctx.err(e.message);
        return 65;
      }
      throw e;
    }
  });
}

// ---------- lookup (RR411) ----------
const LOOKUP_USAGE = `Usage: vallamaja residents lookup --idcode CODE

  Asks the population register over X-tee (RR411) for a person's main residence and prints its
  EHAK codes (county, KOV, settlement unit) with their names from the current EHAK version. Meant
  for operators to test the X-tee connection. The ID code is shown back only masked, and is not
  stored or logged. Exit codes: 0 found, 64 usage or not a valid ID code, 69 X-tee failed
  (not reachable, a fault, the person not found), 78 X-tee not configured.`;

function residenceLine(label: string, code: string, name: string | null, ehakKnown: boolean): string {
  return `  ${label.padEnd(6)} ${code || '-'}${name ? `  ${name}` : code && ehakKnown ? '  (not in the current EHAK)' : ''}`;
}

export async function runLookup(args: string[], ctx: CliContext): Promise<number> {
  const p = parse(args, { idcode: { type: 'string' } }, LOOKUP_USAGE, ctx);
  if (typeof p === 'number') return p;
  const code = String(p.values.idcode ?? '').trim();
  if (!code || p.positionals.length) {
    ctx.err(LOOKUP_USAGE);
    return 64;
  }
  const parsed = parseIdcode(code);
  if (!parsed.ok) {
    ctx.err(`--idcode: not a valid personal ID code (${parsed.problem}).`);
    return 64;
  }
  const masked = idcodeHint(code);
  const cfg = xteeOrExit(ctx);
  if (typeof cfg === 'number') return cfg;
  let r: MainResidence;
  try {
    r = await rr411(cfg, code);
  } catch (e) {
    if (e instanceof XteeError) {
      ctx.err(`${masked}: ${e.message}`);
      return e.kind === 'config' ? 78 : 69;
    }
    throw e;
  }
  // Names from the database's EHAK; the codes alone when it cannot be opened (e.g. a running server holds it).
  let named: Awaited<ReturnType<typeof nameResidence>> | null = null;
  try {
    named = await withDb(ctx, (db) => nameResidence(db, r));
  } catch (e) {
    ctx.err(`(EHAK names not shown: ${(e as Error).message.split('\n')[0]})`);
  }
  ctx.out(`Main residence of ${masked} in the population register (RR411)${named?.ehakVersion ? `, names from EHAK ${named.ehakVersion}` : ''}:`);
  const known = !!named?.ehakVersion;
  ctx.out(residenceLine('county', r.countyCode, named?.countyName ?? null, known));
  ctx.out(residenceLine('KOV', r.kovCode, named?.kovName ?? null, known));
  ctx.out(residenceLine('unit', r.unitCode, named?.unitName ?? null, known));
  return 0;
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
  {
    words: ['residents', 'import'],
    usage: 'residents import --kov CODE (FILE [--confirm-shrink] | --xtee [--date YYYY-MM-DD]) [--accept-good-rows]',
    summary: 'import a population-register extract (CSV), or fetch it over X-tee (RR417)',
    run: runImport,
  },
  { words: ['residents', 'lookup'], usage: 'residents lookup --idcode CODE', summary: 'a person’s main residence over X-tee (RR411): tests the connection', run: runLookup },
  { words: ['residents', 'generate'], usage: 'residents generate --kov CODE --count N [--out FILE]', summary: 'write a synthetic register extract', run: runGenerate },
  { words: ['residents', 'count'], usage: 'residents count --kov CODE [--min-age N --on DATE --units A,B --since DATE]', summary: 'count eligible people', run: runCount },
  { words: ['residents', 'list', 'import'], usage: 'residents list import --kov CODE --name NAME FILE', summary: 'import a named extra list of ID codes', run: runListImport },
];
