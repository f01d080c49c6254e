import { EMPTY_HASH, hash } from '../hash.js';
import { encodeCanonical } from './codec.js';

/**
 * Hash of a list as Oasis hashes message lists (`MessagesHash`, `in_msgs_hash`): a nil or empty
 * list hashes to the empty hash (a special case, not H(cbor([]))), otherwise SHA-512/256 of the
 * canonical CBOR array. `items` are CBOR data-model values (use a codec's `toCbor` first).
 */
export function hashCanonicalList(items: readonly unknown[] | null | undefined): Uint8Array {
  if (!items || items.length === 0) return EMPTY_HASH;
  return hash(encodeCanonical(items));
}
