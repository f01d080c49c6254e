/** JSON-RPC calls and batches over HTTP (http-post.ts), bounded in time and response size. */
import { ClientError } from './errors.js';
import { postText } from './http-post.js';
import { resultOf, rpcErrorOf } from './rpc.js';

/** Options of {@link httpCall} and {@link httpBatch}. */
export interface HttpCallOptions {
  url: string;
  timeoutMs: number;
  maxResponseBytes: number;
}

/** One call of a batch. */
export interface BatchCall {
  readonly method: string;
  readonly params: unknown;
}

/** One item of a batch's outcome: the call's result, or the error of that call alone. */
export type BatchItem<T> = { ok: true; value: T } | { ok: false; error: ClientError };

let nextId = 0;

/** POST `{method, params}` and return the raw result (or throw the remote error). */
export async function httpCall(opts: HttpCallOptions, method: string, params: unknown): Promise<unknown> {
  const id = ++nextId;
  const body = await postJson(opts, method, { jsonrpc: '2.0', id, method, params });
  return resultOf(body, id);
}

/**
 * POST `calls` as one JSON-RPC batch and return one outcome per call, in the order given (the
 * server may answer in any order). A failure of the whole body (batch too large, rate or size
 * limits on the body, network) throws; a failing call only fails its own item.
 */
export async function httpBatch(
  opts: HttpCallOptions,
  calls: readonly BatchCall[],
): Promise<BatchItem<unknown>[]> {
  if (calls.length === 0) return [];
  const first = nextId + 1;
  nextId += calls.length;
  const reqs = calls.map((c, i) => ({ jsonrpc: '2.0', id: first + i, method: c.method, params: c.params }));
  const label = `batch of ${calls.length}`;
  const body = await postJson(opts, label, reqs);
  if (!Array.isArray(body)) {
    throw new ClientError(ClientError.BAD_RESPONSE, `${label}: response is not a JSON-RPC batch`);
  }
  const byId = new Map<number, unknown>();
  for (const r of body) {
    const id = typeof r === 'object' && r !== null ? (r as { id?: unknown }).id : undefined;
    if (typeof id === 'number' && id >= first && id < first + calls.length) byId.set(id, r);
  }
  return calls.map((_, i) => {
    const r = byId.get(first + i);
    if (r === undefined) {
      return { ok: false, error: new ClientError(ClientError.BAD_RESPONSE, 'no response for this call') };
    }
    try {
      return { ok: true, value: resultOf(r, first + i) };
    } catch (err) {
      const e = err instanceof ClientError ? err : new ClientError(ClientError.BAD_RESPONSE, 'bad response');
      return { ok: false, error: e };
    }
  });
}

/** POST a JSON body and return the parsed response; whole-body errors (null id) are thrown. */
async function postJson(opts: HttpCallOptions, label: string, payload: unknown): Promise<unknown> {
  const res = await postText(opts.url, JSON.stringify(payload), {
    timeoutMs: opts.timeoutMs,
    maxBytes: opts.maxResponseBytes,
    label,
  });
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    throw new ClientError(ClientError.HTTP, `${label}: HTTP ${res.status} without a JSON-RPC body`);
  }
  if (
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    (body as { id?: unknown }).id === null
  ) {
    // Whole-body errors (parse error, payload too large, batch too large) carry a null id.
    throw rpcErrorOf((body as { error?: unknown }).error);
  }
  return body;
}
