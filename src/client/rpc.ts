/** Parsing of JSON-RPC responses into results or {@link ClientError}s. */
import type { WireError } from '../common/index.js';
import { ClientError } from './errors.js';

function wireErrorOf(data: unknown): WireError | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as Record<string, unknown>;
  if (typeof d.module !== 'string' || typeof d.code !== 'number' || typeof d.message !== 'string') {
    return undefined;
  }
  return { module: d.module.slice(0, 200), code: d.code, message: d.message.slice(0, 2000) };
}

/** The error a JSON-RPC error object stands for. */
export function rpcErrorOf(error: unknown): ClientError {
  if (typeof error !== 'object' || error === null) {
    return new ClientError(ClientError.BAD_RESPONSE, 'malformed JSON-RPC error');
  }
  const e = error as Record<string, unknown>;
  const rpcCode = typeof e.code === 'number' ? e.code : undefined;
  const message = typeof e.message === 'string' ? e.message.slice(0, 2000) : 'remote error';
  const remote = wireErrorOf(e.data);
  return new ClientError(ClientError.RPC, message, {
    ...(rpcCode !== undefined ? { rpcCode } : {}),
    ...(remote ? { remote } : {}),
  });
}

/** The result of one response object, or the error it carries. */
export function resultOf(res: unknown, expectedId: number): unknown {
  if (typeof res !== 'object' || res === null || Array.isArray(res)) {
    throw new ClientError(ClientError.BAD_RESPONSE, 'response is not a JSON-RPC object');
  }
  const r = res as Record<string, unknown>;
  if (r.jsonrpc !== '2.0') throw new ClientError(ClientError.BAD_RESPONSE, 'response is not JSON-RPC 2.0');
  if (Object.hasOwn(r, 'error')) throw rpcErrorOf(r.error);
  if (r.id !== expectedId) throw new ClientError(ClientError.BAD_RESPONSE, 'response id mismatch');
  if (!Object.hasOwn(r, 'result')) throw new ClientError(ClientError.BAD_RESPONSE, 'response has no result');
  return r.result;
}
