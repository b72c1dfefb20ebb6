import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { verifyWebhookSignature } from '../../clients/espocrm/webhook-signature';
import { isBookkeepingEcho } from '../../domain/beteiligte/webhook-echo';
import { startWebhookRecord } from '../../clients/temporal/start-webhook';
import { forEachLimited } from '../../domain/concurrency';
import { tooManyFailures, type AuthGuard } from '../auth';
import { apiHeader } from '../headers';
import { ESPO_ID_PATTERN } from '../../workflows/messages';
import { webhookIntake } from '../../workflows/webhook-intake';
import { WEBHOOK_ACTIONS, webhookIntakeStartOptions, type WebhookAction, type WebhookTarget } from '../../workflows/webhook-intake-messages';
import type { ApiMetrics } from '../metrics';
import type { TemporalAccess } from '../temporal';

const espoId = z.string().regex(ESPO_ID_PATTERN, 'id must be 1–64 letters, digits, "_" or "-"');
const batch = z.array(z.object({ id: espoId }).loose()).min(1, 'batch must contain at least one record').max(1000, 'batch must not exceed 1000 records');
const accepted = z.object({
  status: z.literal('received'),
  action: z.enum(WEBHOOK_ACTIONS),
  ids: z.array(z.string()),
  /** Update echoes of our own bookkeeping writes: acknowledged, nothing started. */
  ignored: z.array(z.string()).optional(),
  /** A large batch: the intake workflow that hands the ids to their workflows after this answer. */
  intake: z.string().optional(),
});
const rejected = z.object({ error: z.string(), message: z.string(), details: z.unknown().optional() });

export interface WebhookDeps {
  temporal: TemporalAccess;
  metrics: ApiMetrics;
  guard: Pick<AuthGuard, 'recordFailure' | 'isLockedOut'>;
  secrets: Record<string, string>;
  allowUnsigned: boolean;
  debounceMs: number;
  /** Workflow starts/signals in flight at once per request (a batch holds up to 1000 ids). */
  startConcurrency: number;
  /** Batches with at least this many ids go to one `webhookIntake` run (WEBHOOK_INTAKE_BATCH_MIN). */
  intakeBatchMin: number;
}

/** The one answer for every signature failure: the reason goes to the log, not to the caller. */
export const WEBHOOK_UNAUTHORIZED = 'Webhook signature rejected';

const httpError = (statusCode: number, message: string) => Object.assign(new Error(message), { statusCode });

/**
 * EspoCRM webhooks (`POST /vmh/webhook/{beteiligte,bankverbindungen,adressen}/{create,update,delete}`).
 * Verify first, then hand each distinct id to its workflow (`beteiligte:{id}`,
 * `bankverbindung:{id}` or `adresse:{id}`: start, or signal an open run), a bounded number at a time, and answer
 * when all are handed over. A batch of at least `intakeBatchMin` ids is instead handed to one
 * durable `webhookIntake` run that does the same on the worker, so the answer waits for one start
 * (~500 sequential-ish starts took seconds). Nothing is started for a rejected request; when
 * Temporal is down EspoCRM gets 503 and retries the batch.
 */
export const webhookRoutes = (deps: WebhookDeps): FastifyPluginAsyncZod => async (app) => {
  // The signature covers the exact bytes EspoCRM sent: check it on the raw buffer, before
  // anything is decoded or parsed, so an unsigned body is never even looked at.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, async (request: FastifyRequest, raw: Buffer) => {
    const action = request.routeOptions.url?.split('/').pop() ?? 'unknown';
    const signature = { signature: apiHeader(request, 'signature'), xSignature: apiHeader(request, 'x-signature') };
    if (signature.signature || signature.xSignature || !deps.allowUnsigned) {
      const verdict = verifyWebhookSignature(raw, signature, deps.secrets);
      if (!verdict.ok) {
        deps.metrics.webhookIds.inc({ action, result: 'unauthorized' });
        request.log.info({ action, reason: verdict.reason }, 'webhook signature rejected');
        await deps.guard.recordFailure(request);
        throw httpError(401, WEBHOOK_UNAUTHORIZED);
      }
    }
    try {
      return JSON.parse(raw.toString('utf8')) as unknown;
    } catch {
      throw httpError(400, 'Body is not valid JSON');
    }
  });
  // Addresses that used up their failed attempts are turned away before the body is read.
  app.addHook('onRequest', async (request, reply) => {
    if (await deps.guard.isLockedOut(request)) return tooManyFailures(reply);
  });

  const starter = { client: deps.temporal.client, taskQueue: deps.temporal.taskQueue, debounceMs: deps.debounceMs };
  const targets: { path: WebhookTarget; entity: string }[] = [
    { path: 'beteiligte', entity: 'CBeteiligte' },
    { path: 'bankverbindungen', entity: 'CBankverbindungen' },
    { path: 'adressen', entity: 'CAdressen' },
  ];
  /** Hands the ids over: directly for a small batch; a large one goes to one intake run. Returns its id. */
  const handOver = async (target: WebhookTarget, action: WebhookAction, ids: string[]): Promise<string | undefined> => {
    if (ids.length < deps.intakeBatchMin) {
      await forEachLimited(ids, deps.startConcurrency, (id) => startWebhookRecord(starter, target, id, action));
      return undefined;
    }
    const handle = await deps.temporal.client.workflow.start(webhookIntake, webhookIntakeStartOptions({ target, action, ids }, deps.temporal.taskQueue, randomUUID()));
    return handle.workflowId;
  };

  for (const target of targets) for (const action of WEBHOOK_ACTIONS) {
    app.post(
      `/vmh/webhook/${target.path}/${action}`,
      {
        schema: {
          tags: ['webhooks'],
          summary: `EspoCRM ${target.entity}.${action} webhook`,
          description: 'Body: JSON array of records with at least `id`. Signed with the `Signature` (or legacy `X-Signature`) header.',
          body: z.unknown(),
          response: { 200: accepted, 400: rejected, 401: rejected, 429: rejected, 503: rejected },
        },
      },
      async (request, reply) => {
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
        let intake: string | undefined;
        try {
          await deps.temporal.checkReachable(2000);
          intake = await handOver(target.path, action, ids);
        } catch (err) {
          request.log.error({ err, action, count: ids.length }, 'could not hand webhook to Temporal');
          deps.metrics.webhookIds.inc({ action, result: 'unavailable' }, ids.length);
          return reply.code(503).send({ error: 'Service Unavailable', message: 'Workflow engine unreachable; retry later' });
        }
        deps.metrics.webhookIds.inc({ action, result: 'accepted' }, ids.length);
        if (intake) deps.metrics.webhookIntakeRuns.inc({ entity: target.path, action });
        return { status: 'received' as const, action, ids, ...(ignored.length > 0 ? { ignored } : {}), ...(intake ? { intake } : {}) };
      },
    );
  }
};
