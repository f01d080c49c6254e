/** Reading a sender's next nonce straight from a runtime's state (the SDK's key layout). */
import { readU64be } from '../../common/index.js';
import type { Tree } from '../../mkvs/index.js';
import { nonceKey } from '../sdk/index.js';

/** The next nonce `sender` must use in `tree` (0 for a new sender). */
export async function readNonceAt(tree: Tree, sender: Uint8Array): Promise<bigint> {
  const v = await tree.get(nonceKey(sender));
  return v === null || v.length !== 8 ? 0n : readU64be(v);
}
