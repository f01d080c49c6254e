/**
 * Builds proofs from the nodes a lookup or iteration visited: included nodes are written in full,
 * everything else as its hash, in pre-order from the start node.
 */
import { concatBytes, EMPTY_HASH, toHex } from '../../common/index.js';
import { encodeNode } from '../codec.js';
import { MkvsError } from '../errors.js';
import { hashSubtree, type Node, type Ptr } from '../node.js';
import { PROOF_ENTRY_FULL, PROOF_ENTRY_HASH, type Proof, type ProofVersion } from './proof.js';

export class ProofBuilder {
  private readonly included = new Map<string, Node>();

  constructor(readonly version: ProofVersion) {}

  /** Mark a (hashed) node as included in full. */
  include(n: Node): void {
    if (n.hash === null) hashSubtree(n);
    this.included.set(toHex(n.hash!), n);
  }

  /** True if the node with this hash is included. */
  has(hash: Uint8Array): boolean {
    return this.included.has(toHex(hash));
  }

  /** The included node with this hash, if any. */
  get(hash: Uint8Array): Node | undefined {
    return this.included.get(toHex(hash));
  }

  /** Build the proof rooted at `start` (its hash is the proof's root). */
  build(start: Ptr): Proof {
    if (start !== null && start.type !== 2) hashSubtree(start);
    const entries: (Uint8Array | null)[] = [];
    this.emit(start, entries, 0);
    const root = start === null ? EMPTY_HASH : start.hash!;
    return { v: this.version, untrusted_root: root, entries };
  }

  private emit(p: Ptr, out: (Uint8Array | null)[], depth: number): void {
    if (p === null) {
      out.push(null);
      return;
    }
    const h = p.hash!;
    const n = this.included.get(toHex(h));
    if (!n) {
      out.push(concatBytes(Uint8Array.of(PROOF_ENTRY_HASH), h));
      return;
    }
    if (depth > 128) throw new MkvsError(MkvsError.PROOF_TOO_DEEP, 'proof deeper than 128');
    out.push(concatBytes(Uint8Array.of(PROOF_ENTRY_FULL), encodeNode(n, this.version === 0 ? 'v0' : 'v1')));
    if (n.type === 0) return;
    if (this.version === 1) this.emit(n.leaf, out, depth + 1);
    this.emit(n.left, out, depth + 1);
    this.emit(n.right, out, depth + 1);
  }
}
