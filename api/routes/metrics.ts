import type { FastifyPluginAsync } from 'fastify';
import type { ApiMetrics } from '../metrics';

/** Prometheus scrape endpoint. */
export const metricsRoutes = (metrics: ApiMetrics): FastifyPluginAsync => async (app) => {
  app.get('/metrics', { schema: { tags: ['operations'], summary: 'Prometheus metrics (text format)' } }, async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
};
