// The module manifest: what a module under src/modules/<name>/index.ts exports as `manifest`.
// Modules are discovered by folder (see src/modules/registry.ts), so adding a module adds a folder.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from './db.js';
import type { Message, Messages } from './i18n.js';
import type { JobDef } from './jobs.js';

export interface RoleDef {
  /** Role id, e.g. 'kov-admin', 'reports-handler'. */
  id: string;
  scope: 'platform' | 'kov';
  /** Message key of its human name. */
  labelKey: string;
}

/**
 * Who may take an action in a KOV. KOV admins (and platform admins) always may. A KOV's own system
 * may too, with an API key of that KOV holding `apiScope`; without apiScope only signed-in people.
 */
export interface Permission {
  /** KOV roles that may ([]: KOV admins only). */
  roles: string[];
  apiScope?: 'read' | 'write';
}

export interface NavItem {
  href: string;
  labelKey: string;
  /** Place in the header (lower first; default 100): what residents do first, then the council and the KOVs, then officials' pages. */
  order?: number;
}

/** A link a module adds to every KOV's pages: `path` is relative to /kov/<code>/ (e.g. 'polls'). */
export interface KovLink {
  path: string;
  labelKey: string;
  /** Message key of a one-line description (shown under the link). */
  textKey?: string;
  /**
   * Admin links only: the action (a key of some manifest's `permissions`) the page needs. Holders of
   * that action's KOV roles find the page on their own page (/me), since the administration's front
   * page is for KOV admins. Absent: KOV admins only.
   */
  action?: string;
}

/**
 * A module's platform-level page (ELVL's work across KOVs: templates, comparisons, programmes, shared
 * articles): listed on the platform administration's front page, and on /me for holders of `roles`
 * (platform roles; platform admins see every such page).
 */
export interface PlatformLink {
  href: string;
  labelKey: string;
  textKey?: string;
  roles: string[];
}

/**
 * A page of the signed-in person's own (e.g. /training/my: their teams, attendance, certificates):
 * listed on /me for everyone signed in, whatever their roles.
 */
export interface PersonalLink {
  href: string;
  labelKey: string;
  textKey?: string;
}

/** A demo person (development only): a valid personal ID code with a name. */
export interface DemoPerson {
  idcode: string;
  givenName: string;
  familyName: string;
  /** What the demo data makes of this person (shown in the TARA simulator's picker). */
  note: { et: string; en: string };
}

export interface DemoContext {
  db: Db;
  config: Config;
  log: (msg: string) => void;
  /** The demo people (src/dev/demo-people.ts), handed over by the demo loader in src/dev. */
  people: readonly DemoPerson[];
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
  /** The module's name: its folder under src/modules. */
  name: string;
  /**
   * The prefix of the module's tables (`<prefix>_…`, created by migrations named
   * YYYYMMDDHHMM_<name>_<what>.sql). A module's SQL names only these (test/contract.test.ts).
   * Absent: the module owns no tables.
   */
  tables?: string;
  /** Command-line commands this module adds to `vallamaja`. */
  commands?: CliCommand[];
  /** Registers the module's routes (pages and /api/v1). */
  routes?: (app: FastifyInstance) => Promise<void>;
  roles?: RoleDef[];
  /** The module's actions (e.g. 'polls.publish') and who may take them; routes ask requireAction. */
  permissions?: Record<string, Permission>;
  messages?: Messages;
  /** Public navigation entries (shown in the header). */
  nav?: NavItem[];
  /** Public links on a KOV's own page (e.g. its polls). */
  kovLinks?: KovLink[];
  /** The module's pages in a KOV's administration (linked from the admin dashboard). */
  adminLinks?: KovLink[];
  /** The module's platform-level pages (linked from /admin and, by platform role, from /me). */
  platformLinks?: PlatformLink[];
  /** The person's own pages, listed on /me for everyone signed in. */
  personalLinks?: PersonalLink[];
  /**
   * A name in et/en/ru for every audit action code the module records (the `action` of its audit entries);
   * the audit log shows these names. test/audit-names.test.ts fails for a recorded code without one.
   */
  auditActions?: Record<string, Message>;
  /** Loads demo data into an empty database; runs in the order of `demoOrder` (lower first). */
  demo?: (ctx: DemoContext) => Promise<void>;
  demoOrder?: number;
  /**
   * Jobs this module runs outside requests (src/kernel/jobs.ts; each made with defineJob, named
   * '<module>.<what>'). The kernel registers them with the job queue; code enqueues them with
   * `app.jobs.send(name, payload)`.
   */
  jobs?: JobDef[];
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

const permissionRegistry = new Map<string, Permission>();

/** Registers a module's actions (the app does it for every manifest at start). */
export function registerPermissions(perms: Record<string, Permission>): void {
  for (const [action, p] of Object.entries(perms)) {
    const known = permissionRegistry.get(action);
    if (known && JSON.stringify(known) !== JSON.stringify(p)) throw new Error(`permission ${action} is declared twice, differently`);
    for (const r of p.roles) if (!roleRegistry.has(r)) throw new Error(`permission ${action} names the unknown role ${r}`);
    permissionRegistry.set(action, p);
  }
}

/** Who may take an action; throws for an action no manifest declares (a programming error). */
export function permissionOf(action: string): Permission {
  const p = permissionRegistry.get(action);
  if (!p) throw new Error(`no module declares the action ${action}`);
  return p;
}

export function allPermissions(): [string, Permission][] {
  return [...permissionRegistry.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** Kernel roles; modules register theirs in their manifest. */
export const PLATFORM_ADMIN = 'platform-admin';
export const KOV_ADMIN = 'kov-admin';
registerRoles([
  { id: PLATFORM_ADMIN, scope: 'platform', labelKey: 'role.platform-admin' },
  { id: KOV_ADMIN, scope: 'kov', labelKey: 'role.kov-admin' },
]);

// ---------- links between modules' pages (the kernel collects them; no module imports another)

const kovLinkRegistry: KovLink[] = [];
const adminLinkRegistry: KovLink[] = [];
const platformLinkRegistry: PlatformLink[] = [];
const personalLinkRegistry: PersonalLink[] = [];

/** Each registered link's place: its module's place in the header (the lowest `order` of its nav; 100 without). */
const linkOrder = new WeakMap<object, number>();
const NO_ORDER = 100;

function addLinks(into: KovLink[], links: KovLink[], order: number): void {
  for (const l of links) {
    if (into.some((x) => x.path === l.path)) continue;
    into.push(l);
    linkOrder.set(l, order);
  }
}

/** The links in their modules' header order (stable: a module's own links keep theirs). */
function inNavOrder<L extends object>(links: readonly L[]): L[] {
  return [...links].sort((a, b) => (linkOrder.get(a) ?? NO_ORDER) - (linkOrder.get(b) ?? NO_ORDER));
}

/** Registers a module's KOV page links and admin pages (the app does it for every manifest). */
export function registerLinks(m: Pick<ModuleManifest, 'nav' | 'kovLinks' | 'adminLinks' | 'platformLinks' | 'personalLinks'>): void {
  const order = Math.min(NO_ORDER, ...(m.nav ?? []).map((n) => n.order ?? NO_ORDER));
  if (m.kovLinks) addLinks(kovLinkRegistry, m.kovLinks, order);
  if (m.adminLinks) addLinks(adminLinkRegistry, m.adminLinks, order);
  for (const l of m.platformLinks ?? []) if (!platformLinkRegistry.some((x) => x.href === l.href)) platformLinkRegistry.push(l);
  for (const l of m.personalLinks ?? []) if (!personalLinkRegistry.some((x) => x.href === l.href)) personalLinkRegistry.push(l);
}

/** The person's own pages of every module (on /me), in module order. */
export function personalLinks(): readonly PersonalLink[] {
  return personalLinkRegistry;
}

/** The links every KOV's page shows, in the header's order of their modules. */
export function kovLinks(): readonly KovLink[] {
  return inNavOrder(kovLinkRegistry);
}

/** The pages of a KOV's administration, in the header's order of their modules. */
export function adminLinks(): readonly KovLink[] {
  return inNavOrder(adminLinkRegistry);
}

/** Every module's platform-level pages, in module order. */
export function platformLinks(): readonly PlatformLink[] {
  return platformLinkRegistry;
}

/** The platform-level pages that these platform roles open (all of them for a platform admin), in module order. */
export function platformLinksForRoles(roles: readonly string[]): PlatformLink[] {
  if (roles.includes(PLATFORM_ADMIN)) return [...platformLinkRegistry];
  return platformLinkRegistry.filter((l) => l.roles.some((r) => roles.includes(r)));
}

/** The administration pages that these KOV roles open (by their links' `action`), in module order. */
export function adminLinksForRoles(roles: readonly string[]): KovLink[] {
  return adminLinks().filter((l) => l.action !== undefined && permissionOf(l.action).roles.some((r) => roles.includes(r)));
}

// ---------- names of audit actions

const auditNames = new Map<string, Message>();

/** Registers names of audit action codes (the kernel's own and every manifest's). */
export function registerAuditActions(names: Record<string, Message>): void {
  for (const [code, m] of Object.entries(names)) auditNames.set(code, m);
}

/** The name of an audit action code, or undefined when no one declared it. */
export function auditActionName(code: string): Message | undefined {
  return auditNames.get(code);
}

export function auditActionCodes(): string[] {
  return [...auditNames.keys()].sort();
}
