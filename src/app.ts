// buildApp(config, db) → a ready Fastify instance. Tests build it too and drive it with app.inject.
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyServerFactory } from 'fastify';
import type { Config } from './config.js';
import type { Db } from './kernel/db.js';
import { registerKernelHttp, sendFrameworkError } from './kernel/http.js';
import { registerMessages } from './kernel/i18n.js';
import type { JobDef } from './kernel/jobs.js';
import { createJobs } from './kernel/jobs.js';
import { loggerOptions } from './kernel/log.js';
import { mailJobs } from './kernel/mail.js';
import { mailMessages } from './kernel/mail-messages.js';
import { mailCatcherRoutes } from './kernel/mail-routes.js';
import { infoMessages } from './kernel/info-messages.js';
import { infoRoutes } from './kernel/info-routes.js';
import { kernelAuditActions, kernelMessages } from './kernel/messages.js';
import { registerAuditActions, registerLinks, registerPermissions, registerRoles } from './kernel/module.js';
import { Problem } from './kernel/schema.js';
import { loadModules } from './modules/registry.js';

export interface BuildOptions {
  config: Config;
  db: Db;
  /** Where logs go (tests capture them). */
  logStream?: NodeJS.WritableStream;
  serverFactory?: FastifyServerFactory;
  /** Adds routes before the app is sealed (tests use it to provoke failures). */
  extend?: (app: FastifyInstance) => void | Promise<void>;
  /** Jobs besides the modules' own (tests declare theirs here). */
  jobs?: JobDef[];
}

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const { config, db } = opts;
  const app = Fastify({
    logger: loggerOptions(config.logLevel, opts.logStream),
    trustProxy: config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    serverFactory: opts.serverFactory,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
    routerOptions: { ignoreTrailingSlash: true },
    // a malformed URL gets the site's own error page in the person's language (kernel/http.ts)
    frameworkErrors: (err, req, reply) => void sendFrameworkError(err, req, reply),
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('db', db);
  app.decorate('config', config);
  app.decorate('nav', []);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Vallamaja API',
        version: '1',
        description:
          'The JSON API of Vallamaja. Machine clients authenticate with a KOV API key (`Authorization: Bearer vmk_…`); ' +
          'browser sessions use the session cookie plus the `x-csrf-token` header. Errors are RFC 9457 problem+json.',
      },
      servers: [{ url: config.publicUrl }],
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'KOV API key vmk_…' } } },
    },
    hideUntagged: true,
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  app.addSchema(Problem);

  registerMessages(kernelMessages);
  registerMessages(infoMessages);
  registerMessages(mailMessages);
  registerAuditActions(kernelAuditActions);
  await registerKernelHttp(app, config);

  await infoRoutes(app);
  // the development mail catcher (/dev/mail): never in production
  if (config.env !== 'production') await mailCatcherRoutes(app);

  const modules = await loadModules();
  for (const m of modules) {
    if (m.messages) registerMessages(m.messages);
    if (m.roles) registerRoles(m.roles);
    if (m.nav) app.nav.push(...m.nav);
    registerLinks(m);
    if (m.auditActions) registerAuditActions(m.auditActions);
  }
  app.nav.sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
  // after every module's roles: a permission may name another module's role
  for (const m of modules) if (m.permissions) registerPermissions(m.permissions);
  // The job queue (src/kernel/jobs.ts): the modules' jobs; workers start only when asked
  // (`vallamaja start` does once the server listens); closing the app stops them gracefully.
  const jobs = await createJobs({ db, config, defs: [...mailJobs, ...modules.flatMap((m) => m.jobs ?? []), ...(opts.jobs ?? [])], log: app.log });
  app.decorate('jobs', jobs);
  app.addHook('onClose', async () => {
    await jobs.close();
  });

  for (const m of modules) {
    if (m.routes) await app.register(async (scoped) => m.routes!(scoped));
  }

  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // the docs' own CSP, but never framed (as X-Frame-Options: DENY and the rest of the site say)
    transformStaticCSP: (header: string) => header.replace(/frame-ancestors [^;]*/, "frame-ancestors 'none'"),
    uiConfig: { docExpansion: 'list', deepLinking: false },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  if (opts.extend) await opts.extend(app);

  await app.ready();
  return app;
}
