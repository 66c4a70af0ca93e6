// The module contract, checked on the whole tree (src/, test/, migrations/): each rule also runs on
// a planted violation, to show that it would catch one.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { loadModules } from '../src/modules/registry.js';
import type { SourceFile } from './contract/rules.js';
import { checkAnatomy, checkDevImports, checkKernelImports, checkModuleImports, checkOwnerPath, checkSql, checkThinRoutes, format } from './contract/rules.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) walk(rel, out);
    else if (/\.(ts|tsx|sql)$/.test(e.name)) out.push(rel);
  }
  return out;
}

const files: SourceFile[] = [...walk('src'), ...walk('test'), ...walk('migrations')].map((p) => ({ path: p, text: fs.readFileSync(path.join(ROOT, p), 'utf8') }));
const fake = (p: string, text: string): SourceFile => ({ path: p, text });

async function owners() {
  const prefixes = new Map<string, string>();
  for (const m of await loadModules()) if (m.tables) prefixes.set(m.name, m.tables);
  return { prefixes };
}

describe('the module contract', () => {
  it('reads the tree', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.path === 'src/modules/voting/repo.ts')).toBe(true);
  });

  it('imports across modules only through index.ts (tests: also fixtures.ts)', () => {
    expect(format(checkModuleImports(files))).toBe('');
    const planted = checkModuleImports([fake('src/modules/polls/service.ts', "import { castStatement } from '../voting/repo.js';\n")]);
    expect(planted).toMatchObject([{ rule: 'module-imports', file: 'src/modules/polls/service.ts', line: 1 }]);
    expect(checkModuleImports([fake('src/modules/polls/x.test.ts', "import { grantRole } from '../admin/service.js';")])).toHaveLength(1);
    expect(checkModuleImports([fake('test/x.test.ts', "import { a } from '../src/modules/voting/cast.js';")])).toHaveLength(1);
    // allowed: index.ts from anywhere, fixtures.ts from tests, one's own files
    expect(checkModuleImports([fake('src/modules/polls/x.test.ts', "import { pollsWorld } from '../residents/fixtures.js';\nimport { cast } from '../voting/index.js';\nimport * as repo from './repo.js';")])).toEqual([]);
    expect(checkModuleImports([fake('src/modules/polls/service.ts', "import { w } from '../residents/fixtures.js';")])).toHaveLength(1);
  });

  it('the kernel imports no module and no development tool', () => {
    expect(format(checkKernelImports(files))).toBe('');
    expect(checkKernelImports([fake('src/kernel/http.ts', "import { getPoll } from '../modules/polls/index.js';")])).toMatchObject([{ rule: 'kernel-imports' }]);
  });

  it('production code never imports src/dev (main.ts may import() it behind a development setting)', () => {
    expect(format(checkDevImports(files))).toBe('');
    expect(checkDevImports([fake('src/modules/admin/demo.ts', "import { DEMO_PEOPLE } from '../../dev/demo-people.js';")])).toMatchObject([{ rule: 'dev-imports' }]);
    expect(checkDevImports([fake('src/main.ts', "import { x } from './dev/demo.js';")])).toHaveLength(1);
    expect(checkDevImports([fake('src/main.ts', "const sim = await import('./dev/tara-simulator.js');")])).toEqual([]);
  });

  it('routes call services, not repos', () => {
    expect(format(checkThinRoutes(files))).toBe('');
    expect(checkThinRoutes([fake('src/modules/polls/routes.ts', "import { pollById } from './repo.js';")])).toMatchObject([{ rule: 'thin-routes' }]);
    expect(checkThinRoutes([fake('src/modules/polls/routes.ts', "import type { PollRow } from './repo.js';")])).toEqual([]);
  });

  it("a module's SQL is in its repo and names only its own tables; the kernel's only core_ tables; migrations only their module's", async () => {
    const o = await owners();
    expect([...o.prefixes.keys()].sort()).toEqual(['budgets', 'council', 'elders', 'feedback', 'knowledge', 'opendata', 'polls', 'reports', 'residents', 'services', 'territory', 'training', 'voting']);
    expect(format(checkSql(files, o))).toBe('');
    const planted = checkSql(
      [
        fake('src/modules/residents/repo.ts', 'export const q = `SELECT code FROM territory_unit u JOIN residents_person p ON p.unit_code = u.code`;'),
        fake('src/modules/polls/service.ts', "await t.query('UPDATE polls_poll SET x = 1 WHERE id = $1', [id]);"),
        fake('src/kernel/http.ts', "t.query('SELECT 1 FROM polls_poll')"),
        fake('migrations/209901010000_polls_more.sql', 'CREATE TABLE polls_extra (id uuid REFERENCES voting_vote(id));'),
      ],
      o,
    );
    expect(planted.map((v) => `${v.file} ${v.rule}`).sort()).toEqual([
      'migrations/209901010000_polls_more.sql own-tables',
      'src/kernel/http.ts own-tables',
      'src/modules/polls/service.ts sql-in-repo',
      'src/modules/residents/repo.ts own-tables',
    ]);
  });

  it("a migration's data move may INSERT INTO the named foreign table and do nothing else with it", async () => {
    const o = await owners();
    const MOVE = '-- moves rows to: voting_committee\n';
    const check = (sql: string, file = 'migrations/209901010000_polls_move.sql') => checkSql([fake(file, sql)], o).map((v) => v.detail);
    const insert = 'INSERT INTO voting_committee (owner_id, member) SELECT poll_id, member FROM polls_member;\n';
    // the moves in the tree pass (checked above on the whole tree); a planted one passes too
    expect(check(MOVE + insert + 'DROP TABLE polls_member;')).toEqual([]);
    // without the line, the INSERT is refused
    expect(check(insert)).toEqual(['names the table voting_committee; this code owns only polls_* tables']);
    // with the line, every other statement on the foreign table is still refused (next to an allowed move)
    for (const other of [
      'DELETE FROM voting_committee WHERE true;',
      'UPDATE voting_committee SET member = 1;',
      'DROP TABLE voting_committee;',
      'ALTER TABLE voting_committee ADD COLUMN x int;',
      'TRUNCATE voting_committee;',
      'SELECT owner_id FROM voting_committee;',
      'INSERT INTO polls_copy SELECT * FROM voting_committee;',
      'CREATE INDEX polls_x ON voting_committee (member);',
      'CREATE TABLE polls_x (owner uuid REFERENCES voting_committee(owner_id));',
      'INSERT INTO voting_committee (owner_id, member) SELECT poll_id, member FROM polls_member ON CONFLICT (owner_id, member) DO UPDATE SET member = 2;',
    ]) {
      expect(check(MOVE + insert + other), other).toEqual(['names the table voting_committee; this code owns only polls_* tables']);
    }
    // the line names one table: another foreign table is still refused
    expect(check(MOVE + 'INSERT INTO budgets_process (id) SELECT id FROM polls_poll;')).toEqual(['names the table budgets_process; this code owns only polls_* tables']);
    // never a kernel table, never outside migrations, and the line must stand alone as a comment
    expect(check('-- moves rows to: core_audit\nINSERT INTO core_audit (kov_code) SELECT kov_code FROM polls_poll;')).toHaveLength(1);
    expect(check("// -- moves rows to: voting_committee\nexport const q = 'INSERT INTO voting_committee (owner_id) SELECT id FROM polls_poll';", 'src/modules/polls/repo.ts')).toHaveLength(1);
    expect(check('SELECT 1; -- moves rows to: voting_committee\n' + insert)).toHaveLength(1);
  });

  it('every use of the owner connection says why', () => {
    expect(format(checkOwnerPath(files))).toBe('');
    expect(checkOwnerPath([fake('src/modules/polls/service.ts', 'await db.system(reason, (t) => x(t));')])).toMatchObject([{ rule: 'owner-path' }]);
    expect(checkOwnerPath([fake('src/modules/polls/service.ts', "await db.system('the polls of every KOV', (t) => x(t));")])).toEqual([]);
  });

  it('every module has the contract’s files', async () => {
    const o = await owners();
    const mods = fs
      .readdirSync(path.join(ROOT, 'src/modules'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => {
        const dir = path.join(ROOT, 'src/modules', d.name);
        const list = fs.readdirSync(dir, { recursive: true }).map(String);
        return { name: d.name, files: list, hasTables: o.prefixes.has(d.name), hasRoutes: /routes:/.test(fs.readFileSync(path.join(dir, 'index.ts'), 'utf8')) };
      });
    expect(format(checkAnatomy(mods))).toBe('');
    expect(checkAnatomy([{ name: 'reports', files: ['index.ts', 'messages.ts', 'service.ts'], hasTables: true, hasRoutes: false }])).toMatchObject([{ rule: 'anatomy', detail: 'module reports has no repo.ts' }]);
  });

  it('lint refuses the wall clock outside the kernel clock, in code and in tests', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const lint = async (file: string, code: string) => (await eslint.lintText(code, { filePath: path.join(ROOT, file) }))[0]!.messages.map((m) => m.ruleId);
    expect(await lint('src/modules/polls/service.ts', 'export const t = Date.now();\n')).toContain('no-restricted-syntax');
    expect(await lint('src/modules/polls/polls.x.test.ts', 'export const d = new Date();\n')).toContain('no-restricted-syntax');
    expect(await lint('src/modules/polls/service.ts', "export const d = new Date('2026-12-01');\n")).toEqual([]);
  }, 60_000);
});
