/**
 * The message results record (api/message-results.ts), one per runtime in each domain that
 * executes runtime messages: a result of a newer round replaces the record, one of the same round
 * is appended. Readers need the key only (the UED is reachable by key).
 */
import { decodeWith, encodeWith, TandemError } from '../../../common/index.js';
import type { KvState } from '../../../consensus/index.js';
import { type MessageResult, type MessageResults, messageResultsCodec, RoothashError } from '../api/index.js';
import { messageResultsKey } from './keys.js';

/** Reading by key. */
export type KvGet = Pick<KvState, 'get'>;

/** A runtime's message results in this domain, or null. */
export async function readMessageResults(kv: KvGet, runtime: Uint8Array): Promise<MessageResults | null> {
  const b = await kv.get(messageResultsKey(runtime));
  if (b === null) return null;
  try {
    return decodeWith(messageResultsCodec, b);
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    throw new RoothashError(RoothashError.CORRUPT_STATE, `stored MessageResults: ${e.message}`);
  }
}

/** Record the result of one message of `round` (a newer round starts a new record). */
export async function recordMessageResult(
  kv: KvState,
  runtime: Uint8Array,
  round: bigint,
  result: MessageResult,
): Promise<void> {
  const prev = await readMessageResults(kv, runtime);
  const results = prev !== null && prev.round === round ? [...prev.results, result] : [result];
  kv.set(messageResultsKey(runtime), encodeWith(messageResultsCodec, { round, results }));
}
