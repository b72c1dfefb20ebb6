import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { verifyWebhookSignature } from '../../clients/espocrm/webhook-signature';
import { isBookkeepingEcho } from '../../domain/beteiligte/webhook-echo';
import { requestBeteiligteSync } from '../../clients/temporal/start-beteiligte';
import { forEachLimited } from '../../domain/concurrency';
import { apiHeader } from '../headers';
import { ESPO_ID_PATTERN } from '../../workflows/messages';
import type { ApiMetrics } from '../metrics';
import type { TemporalAccess } from '../temporal';

const ACTIONS = ['create', 'update', 'delete'] as const;
const espoId = z.string().regex(ESPO_ID_PATTERN, 'id must be 1–64 letters, digits, "_" or "-"');
const batch = z.array(z.object({ id: espoId }).loose()).min(1, 'batch must contain at least one record').max(1000, 'batch must not exceed 1000 records');
const accepted = z.object({
  status: z.literal('received'),
  action: z.enum(ACTIONS),
  ids: z.array(z.string()),
  /** Update echoes of our own bookkeeping writes: acknowledged, nothing started. */
  ignored: z.array(z.string()).optional(),
});
const rejected = z.object({ error: z.string(), message: z.string(), details: z.unknown().optional() });

export interface WebhookDeps {
  temporal: TemporalAccess;
  metrics: ApiMetrics;
  secrets: Record<string, string>;
  allowUnsigned: boolean;
  debounceMs: number;
  /** Workflow starts/signals in flight at once per request (a batch holds up to 1000 ids). */
  startConcurrency: number;
}

/**
 * EspoCRM webhooks (`POST /vmh/webhook/beteiligte/{create,update,delete}`). Verify first, then
 * hand each distinct id to its `beteiligte:{id}` workflow (start, or signal an open run), a
 * bounded number at a time, and answer when all are handed over. Nothing is
 * started for a rejected request; when Temporal is down EspoCRM gets 503 and retries the batch.
 */
export const webhookRoutes = (deps: WebhookDeps): FastifyPluginAsyncZod => async (app) => {
  // Keep the raw body: the signature covers the exact bytes EspoCRM sent.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    (request as { rawBody?: string }).rawBody = body as string;
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(Object.assign(new Error('Body is not valid JSON'), { statusCode: 400 }), undefined);
    }
  });

  for (const action of ACTIONS) {
    app.post(
      `/vmh/webhook/beteiligte/${action}`,
      {
        schema: {
          tags: ['webhooks'],
          summary: `EspoCRM CBeteiligte.${action} webhook`,
          description: 'Body: JSON array of records with at least `id`. Signed with the `Signature` (or legacy `X-Signature`) header.',
          body: z.unknown(),
          response: { 200: accepted, 400: rejected, 401: rejected, 503: rejected },
        },
      },
      async (request, reply) => {
        const rawBody = (request as { rawBody?: string }).rawBody ?? '';
        const signature = { signature: apiHeader(request, 'signature'), xSignature: apiHeader(request, 'x-signature') };
        if (signature.signature || signature.xSignature || !deps.allowUnsigned) {
          const verdict = verifyWebhookSignature(rawBody, signature, deps.secrets);
          if (!verdict.ok) {
            deps.metrics.webhookIds.inc({ action, result: 'unauthorized' });
            return reply.code(401).send({ error: 'Unauthorized', message: `Webhook signature rejected: ${verdict.reason}` });
          }
        }
        const parsed = batch.safeParse(request.body);
        if (!parsed.success) {
          deps.metrics.webhookIds.inc({ action, result: 'invalid' });
          return reply.code(400).send({
            error: 'Bad Request',
            message: 'Expected a JSON array of objects with an "id"',
            details: parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message })),
          });
        }
        // An update carrying only our own bookkeeping (e.g. recordFailure without skipOwn) must not
        // end a backoff wait or restart a permanently failed record; any real change of the id wins.
        const real = new Set(parsed.data.filter((r) => action !== 'update' || !isBookkeepingEcho(r)).map((r) => r.id));
        const ids = [...real];
        const ignored = [...new Set(parsed.data.map((r) => r.id))].filter((id) => !real.has(id));
        if (ignored.length > 0) deps.metrics.webhookIds.inc({ action, result: 'echo' }, ignored.length);
        try {
          await deps.temporal.checkReachable(2000);
          const starter = { client: deps.temporal.client, taskQueue: deps.temporal.taskQueue, debounceMs: deps.debounceMs };
          await forEachLimited(ids, deps.startConcurrency, (id) => requestBeteiligteSync(starter, id, { request: { action, source: 'webhook' } }));
        } catch (err) {
          request.log.error({ err, action, count: ids.length }, 'could not hand webhook to Temporal');
          deps.metrics.webhookIds.inc({ action, result: 'unavailable' }, ids.length);
          return reply.code(503).send({ error: 'Service Unavailable', message: 'Workflow engine unreachable; retry later' });
        }
        deps.metrics.webhookIds.inc({ action, result: 'accepted' }, ids.length);
        return { status: 'received' as const, action, ids, ...(ignored.length > 0 ? { ignored } : {}) };
      },
    );
  }
};
