// The services module's HTTP: the official pages (routes-admin.ts), the JSON API for KOV systems
// (api.ts) and the public catalogue (routes-public.ts).
import type { FastifyInstance } from 'fastify';
import { apiRoutes } from './api.js';
import { publicRoutes } from './routes-public.js';
import { adminRoutes } from './routes-admin.js';

export async function servicesRoutes(app: FastifyInstance): Promise<void> {
  await adminRoutes(app);
  await apiRoutes(app);
  await publicRoutes(app);
}
