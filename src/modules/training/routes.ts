// The training module's HTTP: the official pages (routes-admin.ts), the JSON API (api.ts) and the
// public pages with a participant's own (routes-public.ts).
import type { FastifyInstance } from 'fastify';
import { apiRoutes } from './api.js';
import { adminRoutes } from './routes-admin.js';
import { publicRoutes } from './routes-public.js';

export async function trainingRoutes(app: FastifyInstance): Promise<void> {
  await adminRoutes(app);
  await apiRoutes(app);
  await publicRoutes(app);
}
