/** One JSON-RPC call over HTTP with the global fetch, bounded in time and response size. */
import { ClientError } from './errors.js';
import { resultOf, rpcErrorOf } from './rpc.js';

/** Options of {@link httpCall}. */
export interface HttpCallOptions {
  url: string;
  timeoutMs: number;
  maxResponseBytes: number;
}

let nextId = 0;

/** POST `{method, params}` and return the raw result (or throw the remote error). */
export async function httpCall(opts: HttpCallOptions, method: string, params: unknown): Promise<unknown> {
  const id = ++nextId;
  let res: Response;
  try {
    res = await fetch(opts.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    if (name === 'TimeoutError') throw new ClientError(ClientError.TIMEOUT, `${method} timed out`);
    throw new ClientError(ClientError.NETWORK, `${method}: ${err instanceof Error ? err.message : err}`);
  }
  const text = await readBounded(res, opts.maxResponseBytes, method);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ClientError(ClientError.HTTP, `${method}: HTTP ${res.status} without a JSON-RPC body`);
  }
  if (
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    (body as { id?: unknown }).id === null
  ) {
    // Whole-body errors (parse error, payload too large) carry a null id.
    throw rpcErrorOf((body as { error?: unknown }).error);
  }
  return resultOf(body, id);
}

async function readBounded(res: Response, max: number, method: string): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > max) {
    await res.body?.cancel();
    throw new ClientError(ClientError.BAD_RESPONSE, `${method}: response larger than ${max} bytes`);
  }
  try {
    const text = await res.text();
    if (text.length > max) throw new ClientError(ClientError.BAD_RESPONSE, `${method}: response too large`);
    return text;
  } catch (err) {
    if (err instanceof ClientError) throw err;
    throw new ClientError(ClientError.TIMEOUT, `${method}: response not read in time`);
  }
}
