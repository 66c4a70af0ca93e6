// The official pages of the service catalogue under /kov/:kov/services/admin.
import type { FastifyInstance } from 'fastify';

export async function adminRoutes(_app: FastifyInstance): Promise<void> {}
