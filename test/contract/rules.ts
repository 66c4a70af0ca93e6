// The module contract's rules as checks over source text (ARCHITECTURE.md, "The module contract").
// Each check takes the files it reads as { path, text } (paths relative to the repository root, with
// forward slashes) and answers its violations, so a test can run it on the real tree and on a
// planted violation alike. test/contract.test.ts runs them.
import path from 'node:path';

export interface SourceFile {
  path: string;
  text: string;
}

export interface Violation {
  file: string;
  line: number;
  rule: string;
  detail: string;
}

const MODULE_RE = /^src\/modules\/([a-z0-9-]+)\//;

/** The module a file belongs to, or null. */
export function moduleOf(file: string): string | null {
  return MODULE_RE.exec(file)?.[1] ?? null;
}

/** Test code: test files, the modules' test factories (fixtures.ts) and everything under test/. */
export function isTestCode(file: string): boolean {
  return /\.test\.tsx?$/.test(file) || /(^|\/)fixtures\.ts$/.test(file) || file.startsWith('test/');
}

/** The text with whole-line // comments and block comments blanked out (offsets kept). */
export function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|^[ \t]*\/\/[^\n]*/gm, (c) => c.replace(/[^\n]/g, ' '));
}

function lineAt(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

export interface ImportRef {
  /** The specifier as written. */
  spec: string;
  /** The repository path it resolves to (relative imports only), with .ts for .js. */
  target: string | null;
  dynamic: boolean;
  line: number;
}

/** Every import of a file: static imports, re-exports and dynamic import(). */
export function importsOf(f: SourceFile): ImportRef[] {
  const out: ImportRef[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*(?:\/\*[^*]*\*\/\s*)?['"`]([^'"`]+)['"`]\s*\)/g;
  for (let m = re.exec(f.text); m; m = re.exec(f.text)) {
    const spec = (m[1] ?? m[2] ?? m[3])!;
    const dynamic = m[3] !== undefined;
    let target: string | null = null;
    if (spec.startsWith('.')) {
      target = path.posix.normalize(path.posix.join(path.posix.dirname(f.path), spec)).replace(/\.js$/, '.ts');
    }
    out.push({ spec, target, dynamic, line: lineAt(f.text, m.index + (m[0].startsWith('\n') ? 1 : 0)) });
  }
  return out;
}

/**
 * Imports across modules go through the other module's index.ts only; test code may also use the
 * other module's fixtures.ts (its test factories). test/ counts as outside every module.
 */
export function checkModuleImports(files: readonly SourceFile[]): Violation[] {
  const v: Violation[] = [];
  for (const f of files) {
    const own = moduleOf(f.path);
    for (const imp of importsOf(f)) {
      if (!imp.target) continue;
      const other = moduleOf(imp.target);
      if (!other || other === own) continue;
      const file = imp.target.slice(`src/modules/${other}/`.length).replace(/\.tsx$/, '.ts');
      if (file === 'index.ts') continue;
      if (file === 'fixtures.ts' && isTestCode(f.path)) continue;
      v.push({ file: f.path, line: imp.line, rule: 'module-imports', detail: `imports ${imp.target} of module ${other}: use src/modules/${other}/index.ts${isTestCode(f.path) ? ' or its fixtures.ts' : ''}` });
    }
  }
  return v;
}

/** The kernel never imports a module or the development tools: it reads manifests (src/modules/registry.ts loads them). */
export function checkKernelImports(files: readonly SourceFile[]): Violation[] {
  const v: Violation[] = [];
  for (const f of files) {
    if (!f.path.startsWith('src/kernel/') || isTestCode(f.path)) continue;
    for (const imp of importsOf(f)) {
      if (imp.target && (imp.target.startsWith('src/modules/') || imp.target.startsWith('src/dev/'))) {
        v.push({ file: f.path, line: imp.line, rule: 'kernel-imports', detail: `the kernel imports ${imp.target}` });
      }
    }
  }
  return v;
}

/**
 * Production code never imports src/dev (the TARA simulator and the demo data): only src/main.ts
 * may load it, with a dynamic import() behind a development setting. Test code may use it.
 */
export function checkDevImports(files: readonly SourceFile[]): Violation[] {
  const v: Violation[] = [];
  for (const f of files) {
    if (!f.path.startsWith('src/') || f.path.startsWith('src/dev/') || isTestCode(f.path)) continue;
    for (const imp of importsOf(f)) {
      if (!imp.target?.startsWith('src/dev/')) continue;
      if (f.path === 'src/main.ts' && imp.dynamic) continue;
      v.push({ file: f.path, line: imp.line, rule: 'dev-imports', detail: `production code imports ${imp.target}${f.path === 'src/main.ts' ? ' statically (main.ts may only import() it when a development setting asks for it)' : ''}` });
    }
  }
  return v;
}

/** Routes are thin: routes.ts and api.ts call the module's service, never its repo. */
export function checkThinRoutes(files: readonly SourceFile[]): Violation[] {
  const v: Violation[] = [];
  for (const f of files) {
    if (!moduleOf(f.path) || !/\/(routes|api)\.ts$/.test(f.path)) continue;
    for (const imp of importsOf(f)) {
      if (imp.target && /\/repo\.ts$/.test(imp.target) && !imp.spec.startsWith('import type')) {
        const typeOnly = new RegExp(`import\\s+type\\s+[^;]*['"]${imp.spec.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]`).test(f.text);
        if (!typeOnly) v.push({ file: f.path, line: imp.line, rule: 'thin-routes', detail: `a route file imports ${imp.target}: call the service` });
      }
    }
  }
  return v;
}

// ---------- SQL ----------

/** SQL statements in code: keywords are written in capitals in this code base. */
const STATEMENT_RE = /\b(SELECT\s+[\s\S]{0,400}?\bFROM\b|INSERT\s+INTO|UPDATE\s+[a-z_][a-z0-9_]*\s+(?:[a-z_]+\s+)?SET\b|DELETE\s+FROM|CREATE\s+(?:UNIQUE\s+)?(?:TABLE|INDEX)|ALTER\s+TABLE|DROP\s+TABLE|COPY\s+[a-z_${])/g;

/**
 * Table names an SQL text refers to: after FROM, JOIN, INTO, UPDATE, TABLE, REFERENCES, TRUNCATE,
 * PARTITION OF, LIKE, and `INDEX … ON` / `POLICY … ON`; common table expressions (WITH x AS (…))
 * and function calls (FROM unnest(…)) are not tables. `context`: where to look for CTE names (the
 * whole file: a CTE may be written in another literal).
 */
export function tablesIn(sql: string, context = sql): { name: string; index: number }[] {
  const out: { name: string; index: number }[] = [];
  const ctes = new Set<string>();
  for (const m of context.matchAll(/\b([a-z_][a-z0-9_]*)\s+AS\s+(?:NOT\s+)?(?:MATERIALIZED\s+)?\(/g)) ctes.add(m[1]!);
  const notTables = new Set(['conflict', 'lateral', 'stdin', 'stdout', 'each', 'delete', 'update', 'insert', 'select', 'commit', 'schema', 'function', 'table', 'true', 'false', 'null']);
  // after FROM and JOIN a name followed by ( is a function (unnest, generate_series); elsewhere a table
  const patterns = [
    /(?<!\b(?:epoch|year|month|day|hour|minute|second|dow|doy)\s)\b(?:FROM|JOIN)\s+(?:ONLY\s+)?("?)([a-z_][a-z0-9_]*)\1(?!\s*\(|[a-z0-9_.])/g,
    /\b(?:INTO|UPDATE|TABLE(?:\s+IF\s+(?:NOT\s+)?EXISTS)?|REFERENCES|PARTITION\s+OF|LIKE|TRUNCATE|(?:INDEX|POLICY)(?:\s+[a-z_][a-z0-9_]*)?\s+ON)\s+(?:ONLY\s+)?("?)([a-z_][a-z0-9_]*)\1(?![a-z0-9_.])/g,
  ];
  for (const re of patterns) {
    for (let m = re.exec(sql); m; m = re.exec(sql)) {
      const name = m[2]!;
      if (notTables.has(name) || ctes.has(name)) continue;
      out.push({ name, index: m.index });
    }
  }
  return out;
}

/** The text of every string and template literal in a TypeScript file, with its offset. */
export function literalsOf(text: string): { text: string; index: number }[] {
  const out: { text: string; index: number }[] = [];
  const re = /`(?:[^`\\]|\\[\s\S])*`|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ text: m[0].slice(1, -1), index: m.index });
  return out;
}

export interface TableOwners {
  /** module name → its table prefix (modules without tables are absent). */
  prefixes: Map<string, string>;
}

/**
 * A migration's one exception to "only its module's tables": a data move into another module's
 * table. A whole line `-- moves rows to: <table>` (one table a line, never a core_ table) lets that
 * migration name <table> ONLY as the target of `INSERT INTO <table>` (rows added, so no
 * `ON CONFLICT … DO UPDATE` in that statement); any other mention of it — FROM, JOIN, UPDATE,
 * DELETE FROM, ALTER/DROP TABLE, an index, a policy, REFERENCES — still fails, and so does any other
 * file naming it (the line counts only in the migration that carries it).
 */
export function movedRowsTargets(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/^--[ \t]*moves rows to:[ \t]*([a-z_][a-z0-9_]*)[ \t]*$/gm)) if (!m[1]!.startsWith('core_')) out.add(m[1]!);
  return out;
}

/** Whether the mention of `name` at `index` (where tablesIn found it) is the target of a plain INSERT INTO. */
function isInsertTarget(sql: string, index: number, name: string): boolean {
  if (!/\bINSERT\s+$/.test(sql.slice(Math.max(0, index - 40), index))) return false;
  if (!new RegExp(`^INTO\\s+"?${name}"?(?![a-z0-9_.])`).test(sql.slice(index))) return false;
  const end = sql.indexOf(';', index);
  return !/\bDO\s+UPDATE\b/i.test(sql.slice(index, end < 0 ? undefined : end));
}

/**
 * A module's SQL lives in its repo (repo.ts, or repo/*.ts when it grows) and names only the
 * module's own tables (`<prefix>_…`); the kernel's SQL names only core_ tables; a migration
 * (YYYYMMDDHHMM_<module>_<what>.sql) names only its module's tables (except a documented data move:
 * movedRowsTargets). Another module's data is reached through its index.ts; the kernel's through
 * kernel functions.
 */
export function checkSql(files: readonly SourceFile[], owners: TableOwners): Violation[] {
  const v: Violation[] = [];
  const prefixOfFile = (f: SourceFile): string | null => {
    if (f.path.startsWith('migrations/')) {
      const mod = /^migrations\/\d{12}_([a-z0-9]+)_/.exec(f.path)?.[1];
      if (!mod) return null;
      return mod === 'core' ? 'core' : (owners.prefixes.get(mod) ?? `(module ${mod} declares no table prefix)`);
    }
    if (f.path.startsWith('src/kernel/')) return 'core';
    const m = moduleOf(f.path);
    return m ? (owners.prefixes.get(m) ?? `(module ${m} declares no table prefix)`) : null;
  };
  // A statement may be written in pieces across files (a CTE in one, the query that uses it in
  // another): CTE names are gathered from the whole tree.
  const cteContext = files.filter((f) => !isTestCode(f.path)).map((f) => f.text).join('\n');
  for (const f of files) {
    if (isTestCode(f.path)) continue;
    const prefix = prefixOfFile(f);
    if (!prefix) continue;
    const isRepo = /\/repo(\/[^/]+)?\.ts$/.test(f.path) || /^src\/modules\/[^/]+\/repo\//.test(f.path);
    const moves = f.path.startsWith('migrations/') ? movedRowsTargets(f.text) : new Set<string>();
    const sqlTexts = f.path.endsWith('.sql') ? [{ text: f.text.replace(/--[^\n]*/g, (c) => ' '.repeat(c.length)), index: 0 }] : literalsOf(f.text);
    for (const lit of sqlTexts) {
      const statement = new RegExp(STATEMENT_RE.source, 'g').exec(lit.text);
      if (!statement) continue;
      if (moduleOf(f.path) && !isRepo) {
        v.push({ file: f.path, line: lineAt(f.text, lit.index + statement.index), rule: 'sql-in-repo', detail: `SQL outside the module's repo: ${statement[0].replace(/\s+/g, ' ').slice(0, 60)}…` });
        continue;
      }
      for (const t of tablesIn(lit.text, cteContext)) {
        if (t.name === prefix || t.name.startsWith(`${prefix}_`)) continue;
        if (t.name.startsWith('pg_') || t.name === 'information_schema') continue;
        if (moves.has(t.name) && isInsertTarget(lit.text, t.index, t.name)) continue;
        v.push({ file: f.path, line: lineAt(f.text, lit.index + t.index), rule: 'own-tables', detail: `names the table ${t.name}; this code owns only ${prefix}_* tables` });
      }
    }
  }
  return v;
}

/** Every db.system() and db.bulk() use says why, in a string literal (the owner path is rare and named). */
export function checkOwnerPath(files: readonly SourceFile[]): Violation[] {
  const v: Violation[] = [];
  for (const f of files) {
    if (isTestCode(f.path) || f.path === 'src/kernel/db.ts') continue;
    const code = withoutComments(f.text);
    const re = /\.(system|systemStatement|bulk)\(\s*('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`[^`$]*`)?/g;
    for (let m = re.exec(code); m; m = re.exec(code)) {
      const reason = m[2]?.slice(1, -1) ?? '';
      if (reason.trim().length < 8) v.push({ file: f.path, line: lineAt(f.text, m.index), rule: 'owner-path', detail: `db.${m[1]} without a stated reason (a string literal of at least 8 characters)` });
    }
  }
  return v;
}

/** The files a module must have. */
export function checkAnatomy(modules: readonly { name: string; files: readonly string[]; hasTables: boolean; hasRoutes: boolean }[]): Violation[] {
  const v: Violation[] = [];
  for (const m of modules) {
    const need = ['index.ts', 'messages.ts', 'service.ts', ...(m.hasTables ? ['repo.ts'] : []), ...(m.hasRoutes ? ['routes.ts'] : [])];
    for (const n of need) {
      const present = m.files.includes(n) || (n === 'repo.ts' && m.files.some((f) => f.startsWith('repo/')));
      if (!present) v.push({ file: `src/modules/${m.name}/${n}`, line: 0, rule: 'anatomy', detail: `module ${m.name} has no ${n}` });
    }
  }
  return v;
}

export function format(vs: readonly Violation[]): string {
  return vs.map((x) => `${x.file}:${x.line} [${x.rule}] ${x.detail}`).join('\n');
}
