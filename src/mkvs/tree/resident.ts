/**
 * What a commit does with a tree's resident nodes: gather the dirty ones to write, then (for a
 * disk-backed tree) keep only the top levels resident and mark everything clean.
 */
import { hashRef, type Node, type Ptr } from '../node.js';

/**
 * Node levels of a disk-backed tree kept resident after a commit (at most 2^13 − 1 internal
 * nodes, a few MB): every lookup walks the top of the tree, and resident nodes are followed by
 * pointer instead of being looked up in the node database's cache at every level.
 */
export const RESIDENT_LEVELS = 13;

/** Dirty nodes children-first; leaf-slot leaves travel inside their parent's encoding. */
export function collectDirty(p: Ptr, out: Node[], inLeafSlot: boolean): void {
  if (p === null || p.type === 2 || !p.dirty) return;
  if (p.type === 1) {
    collectDirty(p.leaf, out, true);
    collectDirty(p.left, out, false);
    collectDirty(p.right, out, false);
  }
  if (!inLeafSlot) out.push(p);
}

/**
 * `p` with each resident node `levels` node levels down replaced by a reference to its hash.
 * Only the paths this commit wrote (still dirty) can hold resident nodes that deep, so only they
 * are walked; nodes above stay resident.
 */
export function trimResident(p: Ptr, levels: number): Ptr {
  if (p === null || p.type === 2) return p;
  if (levels === 0) return hashRef(p.hash!);
  if (!p.dirty || p.type === 0) return p;
  p.left = trimResident(p.left, levels - 1);
  p.right = trimResident(p.right, levels - 1);
  return p;
}

/** Clear the dirty flags of the leaves committed inside their parents' encodings. */
export function markLeafSlotsClean(nodes: readonly Node[]): void {
  for (const n of nodes) if (n.type === 1 && n.leaf !== null && n.leaf.type === 0) n.leaf.dirty = false;
}
