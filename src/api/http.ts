/** HTTP transport: `POST /` carries JSON-RPC bodies (single or batch), `GET /health` a summary. */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from '../common/index.js';
import type { NodeBackend } from './backend.js';
import { type Dispatcher, errorResponse } from './dispatch.js';
import { ApiError } from './errors.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Register the HTTP routes on a fastify instance whose body limit is already set. */
export function registerHttp(
  app: FastifyInstance,
  dispatcher: Dispatcher,
  backend: NodeBackend,
  logger: Logger,
): void {
  // Bodies are parsed by the dispatcher, so a malformed body becomes -32700 rather than fastify's 400.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.setErrorHandler((err: FastifyError, _req, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const e = new ApiError(ApiError.PAYLOAD_TOO_LARGE, 'request body too large');
      return reply
        .code(413)
        .type(JSON_TYPE)
        .send(JSON.stringify(errorResponse(null, e)));
    }
    const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) logger.error({ error: { name: err.name, code: err.code } }, 'api http error');
    const e = new ApiError(status === 500 ? ApiError.INTERNAL : ApiError.INVALID_REQUEST, 'invalid request');
    return reply
      .code(status)
      .type(JSON_TYPE)
      .send(JSON.stringify(errorResponse(null, e)));
  });
  app.post('/', async (req, reply) => {
    const text = typeof req.body === 'string' ? req.body : '';
    const res = await dispatcher.handleText(text, req.ip);
    if (res === undefined) return reply.code(204).send();
    return reply.code(200).type(JSON_TYPE).send(JSON.stringify(res));
  });
  app.get('/health', async (_req, reply) => {
    try {
      const s = await backend.status();
      const state = s.halted ? 'halted' : s.syncing ? 'syncing' : 'ok';
      return reply
        .code(s.halted ? 503 : 200)
        .type(JSON_TYPE)
        .send(JSON.stringify({ status: state, height: s.height, ued_lag: s.ued_lag }));
    } catch (err) {
      logger.error({ error: err instanceof Error ? err.name : typeof err }, 'api health check failed');
      return reply
        .code(503)
        .type(JSON_TYPE)
        .send(JSON.stringify({ status: 'unavailable' }));
    }
  });
}
