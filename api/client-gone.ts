import type { FastifyReply } from 'fastify';

/** Status recorded (logs, metrics) for a request whose client left before its answer (nginx's convention). */
export const CLIENT_CLOSED_REQUEST = 499;

/** Calls `handler` if the HTTP client goes away before its answer was sent; returns the way to stop listening. */
export function onClientGone(reply: FastifyReply, handler: () => void): () => void {
  const onClose = () => {
    if (!reply.raw.writableFinished) handler();
  };
  reply.raw.once('close', onClose);
  return () => reply.raw.off('close', onClose);
}

/**
 * A signal that aborts when the HTTP client goes away before its answer was sent, so a route
 * that waits (for a calendar pass) stops waiting instead of holding the wait to its bound.
 */
export function clientGoneSignal(reply: FastifyReply): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const dispose = onClientGone(reply, () => controller.abort(new Error('HTTP client disconnected')));
  return { signal: controller.signal, dispose };
}
