/**
 * Proof verification against a trusted root, with every check of spec/oasis.md §1.10: version
 * 0 or 1, untrusted root equal to the trusted one, entries non-empty, recursive decoding with a
 * depth limit of 128, hash entries of exactly 32 bytes, no unknown entry types, every entry
 * consumed, and the recomputed root equal to the trusted root. Returns the verified partial tree
 * (null for the empty tree) whose included nodes can be used for reads.
 */
import { bytesEqual, EMPTY_HASH, toHex } from '../../common/index.js';
import { decodeNode } from '../codec.js';
import { MkvsError } from '../errors.js';
import { hashRef, type InternalNode, internalHash, leafHash, type Node, type Ptr, ptrHash } from '../node.js';
import { PROOF_ENTRY_FULL, PROOF_ENTRY_HASH, type Proof } from './proof.js';

export const MAX_PROOF_DEPTH = 128;

/** Verify `proof` against `trustedRoot`; throws a coded {@link MkvsError} on any failure. */
export function verifyProof(trustedRoot: Uint8Array, proof: Proof): Ptr {
  if (proof.v !== 0 && proof.v !== 1)
    throw new MkvsError(MkvsError.PROOF_VERSION, `unsupported proof version ${proof.v}`);
  if (!bytesEqual(proof.untrusted_root, trustedRoot)) {
    throw new MkvsError(MkvsError.PROOF_ROOT_MISMATCH, 'proof is for a different root');
  }
  if (proof.entries.length === 0) throw new MkvsError(MkvsError.PROOF_INVALID, 'proof has no entries');
  const d = new Decoder(proof.entries, proof.v);
  const root = d.entry(0, false);
  if (d.pos !== proof.entries.length) {
    throw new MkvsError(
      MkvsError.PROOF_UNUSED_ENTRIES,
      `${proof.entries.length - d.pos} unused proof entries`,
    );
  }
  const got = ptrHash(root);
  if (!bytesEqual(got, trustedRoot)) {
    throw new MkvsError(
      MkvsError.PROOF_ROOT_MISMATCH,
      `proof root ${toHex(got)} does not match the trusted root`,
    );
  }
  return bytesEqual(got, EMPTY_HASH) ? null : root;
}

class Decoder {
  pos = 0;
  constructor(
    private readonly entries: readonly (Uint8Array | null)[],
    private readonly version: number,
  ) {}

  entry(depth: number, leafSlot: boolean): Ptr {
    if (depth > MAX_PROOF_DEPTH)
      throw new MkvsError(MkvsError.PROOF_TOO_DEEP, `proof deeper than ${MAX_PROOF_DEPTH}`);
    if (this.pos >= this.entries.length) throw new MkvsError(MkvsError.PROOF_INVALID, 'proof ends early');
    const e = this.entries[this.pos++];
    if (e === null || e === undefined) return null;
    if (e.length === 0) throw new MkvsError(MkvsError.PROOF_INVALID, 'empty proof entry');
    if (e[0] === PROOF_ENTRY_HASH) {
      if (e.length !== 33)
        throw new MkvsError(MkvsError.PROOF_INVALID, 'hash entry must hold exactly 32 bytes');
      return hashRef(e.slice(1));
    }
    if (e[0] !== PROOF_ENTRY_FULL) {
      throw new MkvsError(MkvsError.PROOF_INVALID, `unknown proof entry type 0x${e[0]!.toString(16)}`);
    }
    const n = decodeNode(e.subarray(1), this.version === 0 ? 'v0' : 'v1');
    if (n.type === 0) {
      n.hash = leafHash(n.key, n.value);
      return n;
    }
    if (leafSlot) throw new MkvsError(MkvsError.PROOF_INVALID, 'internal node in a leaf slot');
    return this.internal(n, depth);
  }

  private internal(n: InternalNode, depth: number): Node {
    if (n.leaf !== null && n.leaf.type === 0) n.leaf.hash = leafHash(n.leaf.key, n.leaf.value);
    if (this.version === 1) n.leaf = this.entry(depth + 1, true) as InternalNode['leaf'];
    n.left = this.entry(depth + 1, false);
    n.right = this.entry(depth + 1, false);
    n.hash = internalHash(n.label, n.labelBits, ptrHash(n.leaf), ptrHash(n.left), ptrHash(n.right));
    return n;
  }
}
