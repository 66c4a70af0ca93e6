// The open-data module's HTTP: the officials' register (routes-admin.ts), the JSON API (api.ts) and
// the public catalogue with its DCAT-AP documents (routes-public.ts).
import type { FastifyInstance } from 'fastify';
import { apiRoutes } from './api.js';
import { adminRoutes } from './routes-admin.js';
import { publicRoutes } from './routes-public.js';

export async function opendataRoutes(app: FastifyInstance): Promise<void> {
  await adminRoutes(app);
  await apiRoutes(app);
  await publicRoutes(app);
}
