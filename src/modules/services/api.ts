// The JSON API for KOV systems under /api/v1/kov/{kov}/services.
import type { FastifyInstance } from 'fastify';

export async function apiRoutes(_app: FastifyInstance): Promise<void> {}
