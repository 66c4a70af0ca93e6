// HTTP for module feedback: the survey side (routes-survey.ts, api-survey.ts) and the dashboards
// (routes-dashboard.ts, feedback-dash).
import type { FastifyInstance } from 'fastify';
import { dashboardRoutes } from './routes-dashboard.js';
import { surveyRoutes } from './routes-survey.js';

export async function feedbackRoutes(app: FastifyInstance): Promise<void> {
  await surveyRoutes(app);
  await dashboardRoutes(app);
}
