// The dashboards' routes (feedback-dash fills this part).
import type { FastifyInstance } from 'fastify';

export async function dashboardRoutes(_app: FastifyInstance): Promise<void> {}
