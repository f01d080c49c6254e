/**
 * Storage receipts (RT-22, Tandem's addition; Oasis removed them in 22.0, spec/oasis.md §3.9): a
 * storage node's signed statement that it holds the IO and state roots of a runtime round. When a
 * runtime sets `min_write_replication`, roothash finalizes a round only with that many receipts
 * from distinct members of the runtime's storage committee for exactly the finalized roots.
 */
import {
  bytes32,
  bytesEqual,
  decodeWith,
  encodeWith,
  type Infer,
  type Signed,
  type Signer,
  struct,
  toHex,
  tuple,
  u64,
  verify,
} from '../../../common/index.js';
import { malformed } from './block.js';
import { storageReceiptContext } from './contexts.js';
import { RoothashError } from './errors.js';

/** The receipt body: runtime, round and the `[io_root, state_root]` pair. */
export const storageReceiptCodec = struct(
  { runtime_id: bytes32, round: u64, roots: tuple<[Uint8Array, Uint8Array]>(bytes32, bytes32) },
  'StorageReceipt',
);
/** The receipt body. */
export type StorageReceipt = Infer<typeof storageReceiptCodec>;

/** Encoded receipts are small and fixed-shape. */
const MAX_RECEIPT_SIZE = 256;

/** Sign a receipt as a storage node. */
export function signStorageReceipt(signer: Signer, chainContext: string, r: StorageReceipt): Signed {
  const raw = encodeWith(storageReceiptCodec, r);
  return {
    untrusted_raw_value: raw,
    signature: {
      public_key: signer.publicKey,
      signature: signer.sign(storageReceiptContext(r.runtime_id, chainContext), raw),
    },
  };
}

/**
 * Verify a receipt envelope for `runtimeId` (signature first, nothing decoded before it), then
 * decode the body strictly. Throws RECEIPT_INVALID_SIGNATURE, MALFORMED or RECEIPT_WRONG_TARGET.
 */
export function openStorageReceipt(s: Signed, runtimeId: Uint8Array, chainContext: string): StorageReceipt {
  const ctx = storageReceiptContext(runtimeId, chainContext);
  if (!verify(s.signature.public_key, ctx, s.untrusted_raw_value, s.signature.signature)) {
    throw new RoothashError(
      RoothashError.RECEIPT_INVALID_SIGNATURE,
      'storage receipt signature does not verify',
    );
  }
  let r: StorageReceipt;
  try {
    r = decodeWith(storageReceiptCodec, s.untrusted_raw_value, { maxSize: MAX_RECEIPT_SIZE, maxDepth: 3 });
  } catch (e) {
    throw malformed('storage receipt', e);
  }
  if (!bytesEqual(r.runtime_id, runtimeId)) wrong('storage receipt is for another runtime');
  return r;
}

/** What a bundle of receipts must prove. */
export interface ReceiptRequirement {
  readonly runtimeId: Uint8Array;
  readonly chainContext: string;
  readonly round: bigint;
  readonly ioRoot: Uint8Array;
  readonly stateRoot: Uint8Array;
  /** Public keys of the runtime's storage committee. */
  readonly storageCommittee: readonly Uint8Array[];
  readonly minWriteReplication: number;
}

/**
 * Check a bundle: every receipt valid, from a distinct storage member, for exactly this runtime,
 * round and roots, and at least `minWriteReplication` of them. Returns the signers.
 */
export function verifyReceiptBundle(receipts: readonly Signed[], req: ReceiptRequirement): Uint8Array[] {
  const signers = new Set<string>();
  const out: Uint8Array[] = [];
  for (const s of receipts) {
    const r = openStorageReceipt(s, req.runtimeId, req.chainContext);
    checkSigner(s.signature.public_key, req.storageCommittee);
    if (r.round !== req.round) wrong(`storage receipt is for round ${r.round}, not ${req.round}`);
    if (!bytesEqual(r.roots[0], req.ioRoot) || !bytesEqual(r.roots[1], req.stateRoot)) {
      wrong('storage receipt is for other roots');
    }
    const k = toHex(s.signature.public_key);
    if (signers.has(k)) {
      throw new RoothashError(RoothashError.RECEIPT_DUPLICATE_SIGNER, 'two receipts from one storage node');
    }
    signers.add(k);
    out.push(s.signature.public_key);
  }
  if (out.length < req.minWriteReplication) {
    throw new RoothashError(
      RoothashError.RECEIPTS_INSUFFICIENT,
      `${out.length} storage receipts, ${req.minWriteReplication} required`,
    );
  }
  return out;
}

/** Throw RECEIPT_NOT_STORAGE_MEMBER unless `pk` is in the storage committee. */
export function checkSigner(pk: Uint8Array, storageCommittee: readonly Uint8Array[]): void {
  if (!storageCommittee.some((m) => bytesEqual(m, pk))) {
    throw new RoothashError(
      RoothashError.RECEIPT_NOT_STORAGE_MEMBER,
      'receipt signer is not a storage member',
    );
  }
}

function wrong(msg: string): never {
  throw new RoothashError(RoothashError.RECEIPT_WRONG_TARGET, msg);
}
