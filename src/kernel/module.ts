// The module manifest: what a module under src/modules/<name>/index.ts exports as `manifest`.
// Modules are discovered by folder (see src/modules/registry.ts), so adding a module adds a folder.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from './db.js';
import type { Messages } from './i18n.js';

export interface RoleDef {
  /** Role id, e.g. 'kov-admin', 'reports-handler'. */
  id: string;
  scope: 'platform' | 'kov';
  /** Message key of its human name. */
  labelKey: string;
}

export interface NavItem {
  href: string;
  labelKey: string;
}

export interface DemoContext {
  db: Db;
  config: Config;
  log: (msg: string) => void;
}

export interface CliContext {
  config: Config;
  /** Opens the configured database (migrated). Close it when done. */
  openDb: () => Promise<Db>;
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface CliCommand {
  /** Words that select the command, e.g. ['ehak', 'import']. */
  words: string[];
  usage: string;
  summary: string;
  /** Runs with the remaining arguments; returns the exit code. */
  run: (args: string[], ctx: CliContext) => Promise<number>;
}

export interface ModuleManifest {
  /** Command-line commands this module adds to `vallamaja`. */
  commands?: CliCommand[];
  name: string;
  /** Registers the module's routes (pages and /api/v1). */
  routes?: (app: FastifyInstance) => Promise<void>;
  roles?: RoleDef[];
  messages?: Messages;
  /** Public navigation entries (shown in the header). */
  nav?: NavItem[];
  /** Loads demo data into an empty database; runs in the order of `demoOrder` (lower first). */
  demo?: (ctx: DemoContext) => Promise<void>;
  demoOrder?: number;
}

const roleRegistry = new Map<string, RoleDef>();

export function registerRoles(roles: RoleDef[]): void {
  for (const r of roles) roleRegistry.set(r.id, r);
}

export function roleDef(id: string): RoleDef | undefined {
  return roleRegistry.get(id);
}

export function allRoles(): RoleDef[] {
  return [...roleRegistry.values()];
}

/** Kernel roles; modules register theirs in their manifest. */
export const PLATFORM_ADMIN = 'platform-admin';
export const KOV_ADMIN = 'kov-admin';
registerRoles([
  { id: PLATFORM_ADMIN, scope: 'platform', labelKey: 'role.platform-admin' },
  { id: KOV_ADMIN, scope: 'kov', labelKey: 'role.kov-admin' },
]);
