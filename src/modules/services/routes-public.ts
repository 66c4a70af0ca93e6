// The public catalogue pages (services-public builds these).
import type { FastifyInstance } from 'fastify';

export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
