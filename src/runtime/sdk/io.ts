/**
 * The IO tree of a batch (spec/oasis.md §1.9): for each executed transaction its input under
 * `'T' ‖ txHash ‖ 0x01` as CBOR `[input, batch_order]` and its output under `'T' ‖ txHash ‖ 0x02`
 * as CBOR `[output]`; each event under `'E' ‖ tag ‖ txHash` (block-level events, from incoming
 * messages, use an all-zero txHash).
 */
import {
  cborHeadLength,
  compareBytes,
  EMPTY_HASH,
  encodeCanonical,
  putCborHead,
  utf8,
} from '../../common/index.js';
import { MAX_KEY_BYTES, sortedRoot, Tree, type WriteLog } from '../../mkvs/index.js';
import { SdkError } from './errors.js';

const T = 0x54;
const E = 0x45;
/** The txHash of block-level tags. */
export const BLOCK_TAG_HASH = new Uint8Array(32);

/** One event: a tag key and its value bytes. */
export interface Tag {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

/** Key of a transaction's input (kind 1) or output (kind 2). */
export function txArtifactKey(txHash: Uint8Array, kind: 1 | 2): Uint8Array {
  // One allocation, written in place: twice per transaction on the runtime's thread.
  const out = new Uint8Array(txHash.length + 2);
  out[0] = T;
  out.set(txHash, 1);
  out[txHash.length + 1] = kind;
  return out;
}

/** Key of an event. */
export function tagKey(tag: Uint8Array, txHash: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + tag.length + txHash.length);
  out[0] = E;
  out.set(tag, 1);
  out.set(txHash, 1 + tag.length);
  return out;
}

/**
 * The IO tree value of a transaction's input: canonical CBOR `[input, order]`, written directly
 * into one array (a byte string and an unsigned integer below 2^32 have one canonical form)
 * instead of through the general encoder, once per transaction.
 */
export function txInputValue(input: Uint8Array, order: number): Uint8Array {
  if (!Number.isSafeInteger(order) || order < 0 || order > 0xffffffff || input.length > 0xffffffff) {
    return encodeCanonical([input, order]);
  }
  const out = new Uint8Array(1 + cborHeadLength(input.length) + input.length + cborHeadLength(order));
  out[0] = 0x82;
  const at = putCborHead(out, 1, 2, input.length);
  out.set(input, at);
  putCborHead(out, at + input.length, 0, order);
  return out;
}

/** The IO tree value of a transaction's output: canonical CBOR `[output]` (see {@link txInputValue}). */
export function txOutputValue(output: Uint8Array): Uint8Array {
  if (output.length > 0xffffffff) return encodeCanonical([output]);
  const out = new Uint8Array(1 + cborHeadLength(output.length) + output.length);
  out[0] = 0x81;
  out.set(output, putCborHead(out, 1, 2, output.length));
  return out;
}

/** Normalize an emitted event (text tags are UTF-8; non-byte values are canonical CBOR). */
export function makeTag(tag: Uint8Array | string, value: unknown): Tag {
  const key = typeof tag === 'string' ? utf8(tag) : tag;
  if (!(key instanceof Uint8Array) || key.length === 0 || key.length > 1024) {
    throw new SdkError(SdkError.INVALID_KEY, 'event tags must be 1..1024 bytes');
  }
  return {
    key: new Uint8Array(key),
    value: value instanceof Uint8Array ? new Uint8Array(value) : encodeValue(value),
  };
}

/** Canonical CBOR of a handler's value (`undefined` → null). */
export function encodeValue(v: unknown): Uint8Array {
  try {
    return encodeCanonical(v === undefined ? null : v);
  } catch (e) {
    throw new SdkError(SdkError.ENCODE, `value cannot be encoded as CBOR: ${(e as Error).message}`);
  }
}

/**
 * The root of a fresh tree holding `log` applied in order, and the write log that tree would
 * give. The IO tree starts empty each batch, so when the keys are distinct, none a prefix of
 * another, none too long, and no value null, the root comes straight from the sorted entries
 * (`sortedRoot`: one hash per node, no tree built) and the write log is those entries sorted;
 * otherwise a {@link Tree} is built, as before, and decides (last write wins, errors as its own).
 * A log that is already sorted comes back as the write log itself (the host only checks the root).
 */
export async function freshTreeRoot(log: WriteLog): Promise<{ root: Uint8Array; writeLog: WriteLog }> {
  if (log.every((e) => e.value !== null && e.key.length > 0 && e.key.length <= MAX_KEY_BYTES)) {
    const plain = log as readonly { key: Uint8Array; value: Uint8Array }[];
    // A log that is already sorted (as a host receives it) needs no copy and no sort:
    // `sortedRoot` checks the order itself and declines anything else at once.
    const asGiven = sortedRoot(plain);
    if (asGiven !== undefined) return { root: asGiven, writeLog: log };
    const sorted = [...plain].sort((a, b) => compareBytes(a.key, b.key));
    const root = sortedRoot(sorted);
    if (root !== undefined) return { root, writeLog: sorted };
  }
  const tree = new Tree();
  await tree.applyWriteLog(log);
  return { root: tree.rootHash(), writeLog: tree.pendingWriteLog() };
}

/** Collects a batch's IO artifacts and computes the IO root and write log. */
export class IoTreeBuilder {
  private readonly entries: { key: Uint8Array; value: Uint8Array }[] = [];

  /** Record an executed transaction (synchronous: nothing here waits, so a batch need not). */
  addTx(
    txHash: Uint8Array,
    input: Uint8Array,
    order: number,
    output: Uint8Array,
    tags: readonly Tag[],
  ): void {
    this.entries.push(
      { key: txArtifactKey(txHash, 1), value: txInputValue(input, order) },
      { key: txArtifactKey(txHash, 2), value: txOutputValue(output) },
    );
    this.addTags(txHash, tags);
  }

  /** Record events under `txHash` (use {@link BLOCK_TAG_HASH} for block-level events). */
  addTags(txHash: Uint8Array, tags: readonly Tag[]): void {
    for (const t of tags) this.entries.push({ key: tagKey(t.key, txHash), value: t.value });
  }

  /** The IO root (the empty hash when nothing was recorded) and the write log that builds it. */
  finish(): Promise<{ root: Uint8Array; writeLog: WriteLog }> {
    if (this.entries.length === 0) return Promise.resolve({ root: EMPTY_HASH, writeLog: [] });
    return freshTreeRoot(this.entries);
  }
}
