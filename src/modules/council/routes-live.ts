// The council's live pages and API.
import type { FastifyInstance } from 'fastify';

export async function liveRoutes(_app: FastifyInstance): Promise<void> {}
