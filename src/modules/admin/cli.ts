// The operator's commands: roles grant|revoke|list, apikey create|list|revoke, audit verify.
// They act as the operator (actor kind 'operator'), write the same audit entries as the pages, and
// never print a personal ID code, only its hint.
import os from 'node:os';
import type { Actor } from '../../kernel/audit.js';
import { PLATFORM_CHAIN, verifyAudit } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { isHttpError } from '../../kernel/errors.js';
import { registerMessages, translate } from '../../kernel/i18n.js';
import type { Vars } from '../../kernel/i18n.js';
import { kernelMessages } from '../../kernel/messages.js';
import type { CliCommand, CliContext } from '../../kernel/module.js';
import { registerRoles, roleDef } from '../../kernel/module.js';
import { loadModules } from '../registry.js';
import { adminMessages } from './messages.js';
import {
  createKey,
  grantRole,
  listApiKeys,
  listGrants,
  normaliseScopes,
  revokeGrantByIdcode,
  revokeKey,
  tenantExists,
} from './service.js';

export function operatorActor(): Actor {
  let user = 'operator';
  try {
    user = os.userInfo().username || user;
  } catch {
    /* no user database entry (containers): keep the generic name */
  }
  return { kind: 'operator', id: null, name: `${user} (vallamaja CLI)` };
}

type Flags = Record<string, string>;

/** Parses --name value and --name=value; every flag must be known and have a value. */
export function parseFlags(args: string[], known: string[]): { flags: Flags } | { error: string } {
  const flags: Flags = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) return { error: `unexpected argument "${a}"` };
    const name = m[1]!;
    if (!known.includes(name)) return { error: `unknown option --${name}` };
    let value = m[2];
    if (value === undefined) {
      value = args[i + 1];
      if (value === undefined || value.startsWith('--')) return { error: `--${name} needs a value` };
      i++;
    }
    flags[name] = value;
  }
  return { flags };
}

/** The roles and messages every module registers (buildApp does this for the server). */
async function prepare(): Promise<void> {
  registerMessages(kernelMessages);
  registerMessages(adminMessages);
  for (const m of await loadModules()) {
    if (m.roles) registerRoles(m.roles);
    if (m.messages) registerMessages(m.messages);
  }
}

const en = (key: string, vars?: Vars) => translate('en', key, vars);

/** Runs a command body with a database; turns refusals (4xx) into messages and exit code 1. */
async function withDb(ctx: CliContext, fn: (db: Db) => Promise<number>): Promise<number> {
  await prepare();
  const db = await ctx.openDb();
  try {
    return await fn(db);
  } catch (e) {
    if (isHttpError(e) && e.status < 500) {
      const reasons = e.fields.length ? e.fields.map((f) => `${f.field}: ${en(f.reason, f.vars)}`) : [en(e.detailKey ?? e.titleKey)];
      for (const r of reasons) ctx.err(`Refused: ${r}`);
      return 1;
    }
    throw e;
  } finally {
    await db.close();
  }
}

function usage(ctx: CliContext, text: string, problem: string): number {
  ctx.err(`${problem}\nUsage: vallamaja ${text}`);
  return 64;
}

const ROLE_USAGE = 'roles grant|revoke --idcode CODE --role ROLE [--kov CODE]';

function roleCommand(verb: 'grant' | 'revoke'): CliCommand {
  return {
    words: ['roles', verb],
    usage: `roles ${verb} --idcode CODE --role ROLE [--kov CODE]`,
    summary:
      verb === 'grant'
        ? 'grant a role by personal ID code (KOV roles need --kov; platform-admin has none)'
        : 'revoke a role of a person by personal ID code',
    async run(args, ctx) {
      const p = parseFlags(args, ['idcode', 'role', 'kov']);
      if ('error' in p) return usage(ctx, ROLE_USAGE, p.error);
      const { idcode, role, kov } = p.flags;
      if (!idcode || !role) return usage(ctx, ROLE_USAGE, '--idcode and --role are required');
      return withDb(ctx, async (db) => {
        const def = roleDef(role);
        if (def?.scope === 'kov' && !kov) return usage(ctx, ROLE_USAGE, `the role ${role} belongs to a KOV: give --kov CODE`);
        if (def?.scope === 'platform' && kov) return usage(ctx, ROLE_USAGE, `the role ${role} is platform-wide: leave out --kov`);
        if (kov && !(await tenantExists(db, kov))) {
          ctx.err(`There is no active KOV with the code ${kov}.`);
          return 1;
        }
        const input = { kov: kov ?? null, idcode, role, actor: operatorActor() };
        const key = ctx.config.idcodeHmacKey;
        const g = verb === 'grant' ? await grantRole(db, key, input) : await revokeGrantByIdcode(db, key, input);
        const who = g.personName ? `${g.personName} (${g.idcodeHint})` : `${g.idcodeHint} (has not signed in yet)`;
        const where = g.kov ? `in KOV ${g.kov}` : 'on the platform';
        ctx.out(verb === 'grant' ? `Granted ${g.role} ${where} to ${who}.` : `Revoked ${g.role} ${where} from ${who}.`);
        return 0;
      });
    },
  };
}

const rolesList: CliCommand = {
  words: ['roles', 'list'],
  usage: 'roles list [--kov CODE]',
  summary: 'list the active role grants of a KOV (or the platform roles without --kov)',
  async run(args, ctx) {
    const p = parseFlags(args, ['kov']);
    if ('error' in p) return usage(ctx, 'roles list [--kov CODE]', p.error);
    const kov = p.flags.kov ?? null;
    return withDb(ctx, async (db) => {
      if (kov && !(await tenantExists(db, kov))) {
        ctx.err(`There is no active KOV with the code ${kov}.`);
        return 1;
      }
      const grants = await listGrants(db, kov);
      if (!grants.length) ctx.out(kov ? `KOV ${kov} has no active role grants.` : 'There are no platform role grants.');
      for (const g of grants) ctx.out(`${g.role}\t${g.idcodeHint}\t${g.personName ?? '(has not signed in yet)'}\t${g.grantedAt.toISOString()}`);
      return 0;
    });
  },
};

const KEY_USAGE = 'apikey create --kov CODE --name NAME [--scopes read,write]';

const apikeyCreate: CliCommand = {
  words: ['apikey', 'create'],
  usage: KEY_USAGE,
  summary: 'create an API key for a KOV and print it once (scopes default to read)',
  async run(args, ctx) {
    const p = parseFlags(args, ['kov', 'name', 'scopes']);
    if ('error' in p) return usage(ctx, KEY_USAGE, p.error);
    const { kov, name } = p.flags;
    if (!kov || name === undefined) return usage(ctx, KEY_USAGE, '--kov and --name are required');
    const scopes = p.flags.scopes === undefined ? ['read'] : normaliseScopes(p.flags.scopes);
    return withDb(ctx, async (db) => {
      if (!(await tenantExists(db, kov))) {
        ctx.err(`There is no active KOV with the code ${kov}.`);
        return 1;
      }
      const created = await createKey(db, { kov, name, scopes, actor: operatorActor() });
      ctx.out(`Created the API key "${created.apiKey.name}" for KOV ${kov} with scopes ${created.apiKey.scopes.join(',')} (id ${created.apiKey.id}).`);
      ctx.out('Copy the key now: only its hash is stored, and it will not be shown again.');
      ctx.out(created.key);
      return 0;
    });
  },
};

const apikeyList: CliCommand = {
  words: ['apikey', 'list'],
  usage: 'apikey list --kov CODE',
  summary: 'list the API keys of a KOV (never the keys themselves)',
  async run(args, ctx) {
    const p = parseFlags(args, ['kov']);
    if ('error' in p) return usage(ctx, 'apikey list --kov CODE', p.error);
    const kov = p.flags.kov;
    if (!kov) return usage(ctx, 'apikey list --kov CODE', '--kov is required');
    return withDb(ctx, async (db) => {
      if (!(await tenantExists(db, kov))) {
        ctx.err(`There is no active KOV with the code ${kov}.`);
        return 1;
      }
      const keys = await listApiKeys(db, kov);
      if (!keys.length) ctx.out(`KOV ${kov} has no API keys.`);
      for (const k of keys) {
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'valid';
        ctx.out(`${k.id}\tvmk_${k.prefix}_…\t${k.scopes.join(',')}\t${state}\t${k.name}`);
      }
      return 0;
    });
  },
};

const apikeyRevoke: CliCommand = {
  words: ['apikey', 'revoke'],
  usage: 'apikey revoke --kov CODE --id ID',
  summary: 'revoke an API key of a KOV (see apikey list for ids)',
  async run(args, ctx) {
    const p = parseFlags(args, ['kov', 'id']);
    if ('error' in p) return usage(ctx, 'apikey revoke --kov CODE --id ID', p.error);
    const { kov, id } = p.flags;
    if (!kov || !id) return usage(ctx, 'apikey revoke --kov CODE --id ID', '--kov and --id are required');
    return withDb(ctx, async (db) => {
      if (!(await tenantExists(db, kov))) {
        ctx.err(`There is no active KOV with the code ${kov}.`);
        return 1;
      }
      const k = await revokeKey(db, { kov, id, actor: operatorActor() });
      ctx.out(`Revoked the API key "${k.name}" (vmk_${k.prefix}_…) of KOV ${kov}.`);
      return 0;
    });
  },
};

const auditVerify: CliCommand = {
  words: ['audit', 'verify'],
  usage: 'audit verify [--kov CODE]',
  summary: 'check the audit log hash chains; exit code 0 if all are intact, 1 if not',
  async run(args, ctx) {
    const p = parseFlags(args, ['kov']);
    if ('error' in p) return usage(ctx, 'audit verify [--kov CODE]', p.error);
    const kov = p.flags.kov;
    if (kov !== undefined && !/^\d{4}$/.test(kov)) return usage(ctx, 'audit verify [--kov CODE]', '--kov must be a 4-digit EHAK code');
    return withDb(ctx, async (db) => {
      const reports = await verifyAudit(db, kov);
      if (!reports.length) {
        ctx.out(kov ? `KOV ${kov} has no audit log entries.` : 'The audit log has no entries.');
        return 0;
      }
      for (const r of reports) {
        const label = r.kov === PLATFORM_CHAIN ? `${r.kov} (platform)` : r.kov;
        ctx.out(`${label}: ${r.ok ? 'OK' : 'BROKEN'} (${r.entries} entries)`);
        for (const problem of r.problems) ctx.out(`  - ${problem}`);
      }
      const broken = reports.filter((r) => !r.ok).length;
      if (broken) ctx.err(`${broken} of ${reports.length} audit chain(s) are broken.`);
      return broken ? 1 : 0;
    });
  },
};

export const adminCommands: CliCommand[] = [
  roleCommand('grant'),
  roleCommand('revoke'),
  rolesList,
  apikeyCreate,
  apikeyList,
  apikeyRevoke,
  auditVerify,
];
