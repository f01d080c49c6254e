/** Reading a key from a verified proof's partial tree (no other node source). */
import { bytesEqual } from '../../common/index.js';
import { MkvsError } from '../errors.js';
import { bitAt } from '../key.js';
import type { Ptr } from '../node.js';

/**
 * The value of `key` in the verified partial tree `root`, or null when the proof shows it absent.
 * Throws PROOF_INVALID when the proof does not cover the key (the path ends in a hash).
 */
export function lookupInProof(root: Ptr, key: Uint8Array): Uint8Array | null {
  const keyBits = key.length * 8;
  let p = root;
  let depth = 0;
  for (;;) {
    if (p === null) return null;
    if (p.type === 2) throw new MkvsError(MkvsError.PROOF_INVALID, 'proof does not cover the key');
    if (p.type === 0) return bytesEqual(p.key, key) ? p.value : null;
    const b = depth + p.labelBits;
    if (keyBits < b) return null;
    if (keyBits === b) {
      const l = p.leaf;
      if (l === null) return null;
      if (l.type === 2) throw new MkvsError(MkvsError.PROOF_INVALID, 'proof does not cover the key');
      return bytesEqual(l.key, key) ? l.value : null;
    }
    p = bitAt(key, b) === 1 ? p.right : p.left;
    depth = b;
  }
}
