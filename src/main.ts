// The command-line tool `vallamaja`: start | migrate | demo | and the commands modules add.
import http from 'node:http';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import type { Config } from './config.js';
import type { Db } from './kernel/db.js';
import { clockFromEnv } from './kernel/clock.js';
import { DataDirLockedError, openDb } from './kernel/db.js';
import { migrate } from './kernel/migrate.js';
import { registerMessages } from './kernel/i18n.js';
import { kernelMessages } from './kernel/messages.js';
import type { CliCommand, CliContext } from './kernel/module.js';
import { registerRoles } from './kernel/module.js';
import { loadModules } from './modules/registry.js';

const stdout = (s: string) => process.stdout.write(`${s}\n`);
const stderr = (s: string) => process.stderr.write(`${s}\n`);

/** Where a run of the CLI reads its environment and writes its lines (tests run it in-process). */
export interface CliIo {
  env?: NodeJS.ProcessEnv;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

async function openMigrated(config: Config, log?: (line: string) => void): Promise<Db> {
  const db = await openDb(config);
  try {
    await migrate(db, { log });
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}

/** Loads the demo data into an empty database (development: src/dev is loaded only when asked for). */
async function loadDemo(db: Db, config: Config, log: (s: string) => void): Promise<boolean> {
  const { loadDemoIfEmpty } = await import('./dev/demo.js');
  return loadDemoIfEmpty(db, config, log);
}

async function start(config: Config, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const t0 = performance.now();
  const db = await openMigrated(config);
  if (config.demoData && (await loadDemo(db, config, out))) out('Demo data loaded.');
  let simHandler: http.RequestListener | null = null;
  let issuer = config.tara.issuer;
  if (config.tara.simulator) {
    // Development: the TARA simulator is served by the same HTTP server under /dev/tara.
    issuer = `${config.publicUrl}/dev/tara`;
    const sim = await import('./dev/tara-simulator.js');
    simHandler = (await sim.createTaraSimulator({ issuer, clients: [{ clientId: config.tara.clientId, clientSecret: config.tara.clientSecret, redirectUri: `${config.publicUrl}/auth/callback` }] })).handler;
  }
  const app = await buildApp({
    config: { ...config, tara: { ...config.tara, issuer } },
    db,
    serverFactory: (handler) =>
      http.createServer((req, res) => {
        if (simHandler && req.url && req.url.startsWith('/dev/tara')) return simHandler(req, res);
        handler(req, res);
      }),
  });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    out(`${signal} received: finishing requests in flight, then stopping.`);
    // Requests in flight and running jobs get SHUTDOWN_GRACE_MS to finish (a job attempt still
    // running then counts as failed and is retried, here or in another process); then a little
    // longer for the closing itself.
    const timer = setTimeout(() => {
      err('Shutdown took too long; stopping now.');
      process.exit(1);
    }, config.shutdownGraceMs + 5000);
    timer.unref();
    await Promise.all([app.jobs.close(), app.close()]); // the workers stop before the database closes
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  await app.listen({ host: config.host, port: config.port });
  // The job workers: always on the embedded database (one process); on PostgreSQL unless
  // JOBS_WORKERS=false (a process that only serves pages; the jobs run in the others).
  const workers = db.engine === 'pglite' || config.jobs.workers;
  if (workers) await app.jobs.start();
  out(`Vallamaja is running on Node ${process.version} and ${db.engine === 'pglite' ? `the embedded database in ${config.dataDir}` : 'PostgreSQL'} (started in ${Math.round(performance.now() - t0)} ms).`);
  out(workers ? `Job workers are running (${app.jobs.backend}, ${config.jobs.concurrency} at a time of each kind).` : 'Job workers are off in this process (JOBS_WORKERS=false).');
  if (config.tara.simulator) out('Sign-in goes through the built-in TARA simulator (development only).');
  out(`Open ${config.publicUrl}/`);
  return -1; // keep running
}

const HELP = `vallamaja — the digital town hall for Estonian local governments

Usage: vallamaja <command> [options]

Commands:
  start
      migrate, load demo data into an empty database, start the server
  migrate
      apply pending database migrations
  demo
      load demo data (only into an empty database)
`;

export async function main(argv: string[], io: CliIo = {}): Promise<number | undefined> {
  const env = io.env ?? process.env;
  const out = io.out ?? stdout;
  const err = io.err ?? stderr;
  let config: Config;
  try {
    config = loadConfig(env);
    // A test's child server runs on the test's clock (VALLAMAJA_CLOCK); never in production.
    if (env.VALLAMAJA_CLOCK && config.env === 'production') throw new ConfigError('VALLAMAJA_CLOCK is for development and tests; production runs on the real clock');
    clockFromEnv(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      err(e.message);
      return 78;
    }
    throw e;
  }
  const modules = await loadModules();
  registerMessages(kernelMessages);
  for (const m of modules) {
    if (m.messages) registerMessages(m.messages);
    if (m.roles) registerRoles(m.roles);
  }
  const commands: CliCommand[] = modules.flatMap((m) => m.commands ?? []);
  const help = () => {
    const extra = commands.map((c) => `  ${c.usage}\n      ${c.summary}`).join('\n');
    out(`${HELP}${extra}\n\nEnvironment variables are listed in README.md (Configuration).`);
  };
  const [cmd] = argv;
  try {
    if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      help();
      return 0;
    }
    if (cmd === 'start') {
      const code = await start(config, out, err);
      return code === -1 ? undefined : code;
    }
    if (cmd === 'migrate') {
      const db = await openMigrated(config, out);
      out('Database is up to date.');
      await db.close();
      return 0;
    }
    if (cmd === 'demo') {
      const db = await openMigrated(config);
      const loaded = await loadDemo(db, config, out);
      out(loaded ? 'Demo data loaded.' : 'The database already holds data; demo data was not loaded.');
      await db.close();
      return 0;
    }
    const c = commands
      .filter((x) => x.words.every((w, i) => argv[i] === w))
      .sort((a, b) => b.words.length - a.words.length)[0];
    if (!c) {
      err(`Unknown command: ${argv.join(' ')}\n`);
      help();
      return 64;
    }
    const ctx: CliContext = { config, openDb: () => openMigrated(config), out, err };
    return await c.run(argv.slice(c.words.length), ctx);
  } catch (e) {
    if (e instanceof DataDirLockedError) {
      err(e.message);
      return 75;
    }
    if (e instanceof ConfigError) {
      err(e.message);
      return 78;
    }
    throw e;
  }
}
