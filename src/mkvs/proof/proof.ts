/**
 * Merkle proofs (spec/oasis.md §1.10). Wire form `{v (omitted when 0), untrusted_root, entries}`;
 * entries in pre-order: `null` (nil subtree), `0x01 ‖ compact node` (included), `0x02 ‖ hash`
 * (summarized). After an included internal node come its children: v0 [left, right] (the leaf
 * slot is inline in the node), v1 [leaf, left, right].
 */
import { array, bytes, bytes32, type Codec, nullable, struct, u16, withDefault } from '../../common/index.js';

export const PROOF_ENTRY_FULL = 0x01;
export const PROOF_ENTRY_HASH = 0x02;
/** Proof formats Tandem builds and verifies. */
export type ProofVersion = 0 | 1;

/** A proof as carried on the wire. */
export interface Proof {
  v: number;
  untrusted_root: Uint8Array;
  entries: (Uint8Array | null)[];
}

/** Maximum entries and entry size accepted (bounds decoding of hostile proofs). */
export const MAX_PROOF_ENTRIES = 1 << 20;
export const MAX_PROOF_ENTRY_BYTES = 1 << 24;

export const proofCodec: Codec<Proof> = struct(
  {
    v: withDefault(u16, 0),
    untrusted_root: bytes32,
    entries: array(nullable(bytes({ max: MAX_PROOF_ENTRY_BYTES })), MAX_PROOF_ENTRIES),
  },
  'Proof',
);
