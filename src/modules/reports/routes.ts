// HTTP for reports. The reports core's pages and API come here (the CORE part); the other parts
// register their own route sets beside this one in index.ts (routes-mail.tsx: the e-mail confirmation).
import type { FastifyInstance } from 'fastify';

export async function reportsRoutes(_app: FastifyInstance): Promise<void> {
  // the core's routes (written by the reports core part) are registered here
}
