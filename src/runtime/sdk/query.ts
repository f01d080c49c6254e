/** Query: a read-only call against the state at the request's block header. */
import { bytesEqual, decodeChecked, encodeCanonical } from '../../common/index.js';
import type { RuntimeQueryRequest } from '../rhp/index.js';
import type { RuntimeSession } from './admit.js';
import { SdkError } from './errors.js';
import { encodeValue } from './io.js';
import { readerOf, stateTreeAt } from './state.js';

/** Largest query argument accepted, in bytes. */
export const MAX_QUERY_ARGS = 64 * 1024;

function decodeArgs(args: Uint8Array): unknown {
  if (args.length === 0) return null;
  if (args.length > MAX_QUERY_ARGS) {
    throw new SdkError(SdkError.INVALID_QUERY_ARGS, `query arguments exceed ${MAX_QUERY_ARGS} bytes`);
  }
  try {
    const v = decodeChecked(args, { maxSize: MAX_QUERY_ARGS });
    if (!bytesEqual(encodeCanonical(v), args))
      throw new SdkError(SdkError.INVALID_QUERY_ARGS, 'not canonical');
    return v;
  } catch (e) {
    throw new SdkError(SdkError.INVALID_QUERY_ARGS, `query arguments: ${(e as Error).message}`);
  }
}

/** Run a declared query; returns the canonical CBOR of its result. */
export async function runQuery(s: RuntimeSession, req: RuntimeQueryRequest): Promise<Uint8Array> {
  const queries = s.def.queries ?? {};
  const q = Object.hasOwn(queries, req.method) ? queries[req.method] : undefined;
  if (!q) throw new SdkError(SdkError.UNKNOWN_QUERY, `unknown query ${JSON.stringify(req.method)}`);
  if (!bytesEqual(req.header.namespace, s.domain.runtimeId)) {
    throw new SdkError(SdkError.INVALID_REQUEST, 'the header belongs to another runtime');
  }
  const args = decodeArgs(req.args);
  const tree = stateTreeAt(s.syncer, req.header, s.cache);
  const result = await q(
    { round: req.header.round, runtimeId: s.domain.runtimeId, state: readerOf(tree) },
    args,
  );
  return encodeValue(result);
}
