// The council's record pages and API.
import type { FastifyInstance } from 'fastify';

export async function recordRoutes(_app: FastifyInstance): Promise<void> {}
