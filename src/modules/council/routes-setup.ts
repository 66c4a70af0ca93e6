// The council's setup pages and API.
import type { FastifyInstance } from 'fastify';

export async function setupRoutes(_app: FastifyInstance): Promise<void> {}
