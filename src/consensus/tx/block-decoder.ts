/**
 * Decodes a block's transactions for one domain's execution, each once, in two passes. The first
 * pass checks every signature the domain will need, one after the other; the second decodes each
 * transaction just before it runs. Keeping the Ed25519 verifications together instead of between
 * transactions lets each kind of work find its tables and code still in the processor's caches
 * (interleaved, the verifications and the state updates evict each other's), and costs only a
 * flag and a hash per transaction until the block ends. Decoding stays lazy: the block's decoded
 * transactions are not all alive at once, which the garbage collector would have to copy.
 *
 * The outcome is the one of decoding each transaction on its own: a transaction that does not
 * decode (malformed, oversized, bad signature or structure) is skipped by every domain, as nobody
 * can be charged for it; a repeated transaction reuses its first decoding (its replayed nonce then
 * skips it) and is verified once.
 *
 * The VED first reads each transaction's fee payer from its bytes ({@link readFeePayer}): one the
 * VED does not hold is skipped there whether the transaction decodes or not (APE-14), so it is
 * neither hashed, verified nor decoded; that is every UED transfer, handled by the UED alone.
 */
import { bytesKey, TandemError } from '../../common/index.js';
import { type DomainView, skipsFeePayer } from '../classify.js';
import type { DomainId } from '../service.js';
import {
  checkTxSignature,
  type DecodedTx,
  type DecodeTxOptions,
  decodeSignedTx,
  txHash,
} from './envelope.js';
import { readFeePayer } from './fee-payer-bytes.js';
import type { KnownBody } from './transaction-bytes.js';
import type { VerifiedTxs } from './verified-txs.js';

/** What decoding a block's transactions for a domain depends on. */
export interface BlockDecodeInput {
  readonly domain: DomainId;
  /** The epoch's VED set and program table (the VED skips fee payers outside it unread). */
  readonly view: DomainView;
  readonly chainContext: string;
  readonly maxTxBytes: number;
  /** Transactions this node already verified (their signatures are not checked again). */
  readonly verified?: VerifiedTxs | undefined;
  /** The executor's direct body readers (bodies they read are decoded generically only if read). */
  readonly knownBody?: KnownBody | undefined;
}

/** A transaction the first pass looked at: its hash and, when checked, its signature's validity. */
interface Checked {
  readonly hash: Uint8Array;
  readonly key: string;
  readonly signature: boolean | undefined;
  /** Whether the node's verified set held the hash at the first pass. */
  readonly held: boolean;
  /** Whether the block holds these bytes more than once (only then is the decoding kept). */
  repeated: boolean;
}

/**
 * Check the signatures of `txs` for `input.domain` and return the decoder of the transaction at
 * an index: the decoded transaction, or null when the domain skips it unread or it does not
 * decode. Each index is meant to be asked for once, in block order.
 */
export function blockDecoder(
  txs: readonly Uint8Array[],
  input: BlockDecodeInput,
): (i: number) => DecodedTx | null {
  const checked = checkBlock(txs, input);
  // Decodings of repeated transactions only: the others are not kept alive to the block's end.
  const seen = new Map<string, DecodedTx | null>();
  // One options object for the block, set per transaction (read before decoding returns); its
  // fields all exist from the start, so setting them keeps its shape.
  const o: {
    knownHash: Uint8Array | undefined;
    verified: VerifiedTxs | undefined;
    signatureValid: boolean | undefined;
    held: boolean | undefined;
    knownBody: KnownBody | undefined;
  } = {
    knownHash: undefined,
    verified: input.verified,
    signatureValid: undefined,
    held: undefined,
    knownBody: input.knownBody,
  };
  return (i) => {
    const c = checked[i];
    if (c === undefined) return null;
    if (c.repeated) {
      const prev = seen.get(c.key);
      if (prev !== undefined) return prev;
    }
    o.knownHash = c.hash;
    o.signatureValid = c.signature;
    o.held = c.held;
    const d = tryDecode(txs[i]!, input, o);
    if (c.repeated) seen.set(c.key, d);
    return d;
  };
}

/** The first pass: hash each transaction the domain reads and verify each signature once. */
function checkBlock(txs: readonly Uint8Array[], input: BlockDecodeInput): (Checked | undefined)[] {
  const first = new Map<string, Checked>();
  const out: (Checked | undefined)[] = [];
  for (const b of txs) {
    if (!(b instanceof Uint8Array) || skippedUnread(b, input)) {
      out.push(undefined);
      continue;
    }
    const hash = txHash(b);
    const key = bytesKey(hash);
    let c = first.get(key);
    if (c === undefined) {
      const held = input.verified?.hasHash(hash) === true;
      const signature = held ? undefined : checkTxSignature(b, input.chainContext, input.maxTxBytes);
      c = { hash, key, signature, held, repeated: false };
      first.set(key, c);
    } else c.repeated = true;
    out.push(c);
  }
  return out;
}

/** True when the VED skips `b` by the fee payer its bytes name (see the module comment). */
function skippedUnread(b: Uint8Array, input: BlockDecodeInput): boolean {
  if (input.domain !== 'ved') return false;
  const payer = readFeePayer(b);
  return payer !== undefined && skipsFeePayer(input.domain, payer, input.view);
}

function tryDecode(b: Uint8Array, input: BlockDecodeInput, o: DecodeTxOptions): DecodedTx | null {
  try {
    return decodeSignedTx(b, input.chainContext, input.maxTxBytes, o);
  } catch (e) {
    if (e instanceof TandemError) return null;
    throw e;
  }
}
