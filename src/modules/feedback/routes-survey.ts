// HTTP for the survey: the form pages, the widget's JSON, the invites API and moderation.
import type { FastifyInstance } from 'fastify';

export async function surveyRoutes(_app: FastifyInstance): Promise<void> {}
