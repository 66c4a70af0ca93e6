// The council module's routes: each part registers its own pages and API here.
import type { FastifyInstance } from 'fastify';

export async function councilRoutes(_app: FastifyInstance): Promise<void> {
  // parts register here (setup, live sitting, minutes and archive, OParl)
}
