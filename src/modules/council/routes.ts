// The council module's routes: each part registers its own pages and API from its own file
// (setup: bodies, people, drafts, sittings and agenda; live: the running sitting and its live stream;
// record: minutes, archive, voting records and the OParl API).
import type { FastifyInstance } from 'fastify';
import { liveRoutes } from './routes-live.js';
import { recordRoutes } from './routes-record.js';
import { secretRoutes } from './routes-secret.js';
import { setupRoutes } from './routes-setup.js';

export async function councilRoutes(app: FastifyInstance): Promise<void> {
  await setupRoutes(app);
  await liveRoutes(app);
  await recordRoutes(app);
  await secretRoutes(app);
}
