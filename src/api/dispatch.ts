/**
 * JSON-RPC 2.0 dispatch shared by HTTP and WebSocket: parsing, request validation, batches,
 * notifications, rate limiting, params validation and error mapping. A handler's exception never
 * escapes: it becomes an error response.
 */
import type { Logger } from '../common/index.js';
import { TandemError } from '../common/index.js';
import { ApiError, type RpcErrorObject, toRpcError } from './errors.js';
import type { Json } from './json-codec.js';
import type { RateLimiter } from './limits.js';
import { METHODS, type MethodContext, type MethodDef } from './methods/index.js';
import { describeIssues } from './params.js';

/** A request id as JSON-RPC allows it. */
export type RpcId = string | number | null;

/** A response object. */
export type RpcResponse =
  | { jsonrpc: '2.0'; id: RpcId; result: Json }
  | { jsonrpc: '2.0'; id: RpcId; error: RpcErrorObject };

const REQUEST_KEYS = new Set(['jsonrpc', 'method', 'params', 'id']);
const MAX_METHOD_LENGTH = 64;
const MAX_ID_LENGTH = 128;

function validId(id: unknown): id is RpcId {
  if (id === null) return true;
  if (typeof id === 'string') return id.length <= MAX_ID_LENGTH;
  return typeof id === 'number' && Number.isFinite(id);
}

/** An error response for a whole body (parse error, invalid batch). */
export function errorResponse(id: RpcId, err: unknown): RpcResponse {
  return { jsonrpc: '2.0', id, error: toRpcError(err) };
}

/** Dispatches parsed bodies to the method table (plus connection-specific extra methods). */
export class Dispatcher {
  constructor(
    private readonly ctx: MethodContext,
    private readonly limiter: RateLimiter,
    private readonly logger: Logger,
  ) {}

  /** Handle one body (text); undefined when nothing is to be sent back (notifications only). */
  async handleText(
    text: string,
    client: string,
    extra?: ReadonlyMap<string, MethodDef>,
  ): Promise<RpcResponse | RpcResponse[] | undefined> {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return errorResponse(null, new ApiError(ApiError.PARSE_ERROR, 'parse error'));
    }
    if (!Array.isArray(body)) return this.handleOne(body, client, extra);
    if (body.length === 0) return errorResponse(null, new ApiError(ApiError.INVALID_REQUEST, 'empty batch'));
    if (body.length > this.ctx.limits.maxBatch) {
      const msg = `batch of ${body.length} calls exceeds the limit of ${this.ctx.limits.maxBatch}`;
      return errorResponse(null, new ApiError(ApiError.BATCH_TOO_LARGE, msg));
    }
    const out = await Promise.all(body.map((r) => this.handleOne(r, client, extra)));
    const responses = out.filter((r): r is RpcResponse => r !== undefined);
    return responses.length > 0 ? responses : undefined;
  }

  private async handleOne(
    req: unknown,
    client: string,
    extra?: ReadonlyMap<string, MethodDef>,
  ): Promise<RpcResponse | undefined> {
    if (typeof req !== 'object' || req === null || Array.isArray(req)) {
      return errorResponse(null, new ApiError(ApiError.INVALID_REQUEST, 'request must be an object'));
    }
    const r = req as Record<string, unknown>;
    const id = validId(r.id) ? r.id : null;
    const invalid = requestProblem(r);
    if (invalid) return errorResponse(id, new ApiError(ApiError.INVALID_REQUEST, invalid));
    const notification = !Object.hasOwn(r, 'id');
    try {
      const result = await this.call(r.method as string, r.params, client, extra);
      return notification ? undefined : { jsonrpc: '2.0', id, result };
    } catch (err) {
      return notification ? undefined : errorResponse(id, err);
    }
  }

  private async call(
    method: string,
    rawParams: unknown,
    client: string,
    extra?: ReadonlyMap<string, MethodDef>,
  ): Promise<Json> {
    if (!this.limiter.take(client)) throw new ApiError(ApiError.RATE_LIMITED, 'rate limited');
    const def = extra?.get(method) ?? METHODS.get(method);
    if (!def) throw new ApiError(ApiError.METHOD_NOT_FOUND, 'method not found');
    if (Array.isArray(rawParams)) {
      throw new ApiError(ApiError.INVALID_PARAMS, 'params must be an object (by name)');
    }
    const parsed = def.params.safeParse(rawParams ?? {});
    if (!parsed.success) throw new ApiError(ApiError.INVALID_PARAMS, describeIssues(parsed.error));
    try {
      return await def.run(this.ctx, parsed.data);
    } catch (err) {
      if (err instanceof TandemError) {
        this.logger.debug({ method, module: err.module, code: err.code }, 'api call failed');
      } else {
        // Only the error's class and message are logged: never params (they may hold user data).
        const e = err instanceof Error ? { name: err.name, message: err.message } : { name: typeof err };
        this.logger.error({ method, error: e }, 'api backend exception');
      }
      throw err;
    }
  }
}

function requestProblem(r: Record<string, unknown>): string | undefined {
  if (r.jsonrpc !== '2.0') return 'jsonrpc must be "2.0"';
  if (typeof r.method !== 'string' || r.method.length === 0 || r.method.length > MAX_METHOD_LENGTH) {
    return 'method must be a non-empty string';
  }
  if (Object.hasOwn(r, 'id') && !validId(r.id)) return 'id must be a string, number or null';
  const p = r.params;
  if (p !== undefined && (typeof p !== 'object' || p === null)) return 'params must be an object or array';
  for (const k of Object.keys(r)) if (!REQUEST_KEYS.has(k)) return `unknown member ${k.slice(0, 32)}`;
  return undefined;
}
