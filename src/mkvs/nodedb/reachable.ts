/** Mark phase of pruning: the hashes of every stored node reachable from a set of roots. */
import { bytesEqual, EMPTY_HASH, toHex } from '../../common/index.js';
import type { Node, Ptr } from '../node.js';

/** Walk from each root hash through `get`, collecting reachable node hashes (hex). */
export async function reachableHashes(
  roots: readonly Uint8Array[],
  get: (hash: Uint8Array) => Promise<Node | undefined>,
): Promise<Set<string>> {
  const seen = new Set<string>();
  const stack: Uint8Array[] = roots.filter((r) => !bytesEqual(r, EMPTY_HASH));
  while (stack.length > 0) {
    const h = stack.pop()!;
    const k = toHex(h);
    if (seen.has(k)) continue;
    seen.add(k);
    const n = await get(h);
    if (!n || n.type === 0) continue;
    for (const c of [n.leaf, n.left, n.right] as Ptr[]) {
      if (c !== null && c.hash !== null) stack.push(c.hash);
    }
  }
  return seen;
}
