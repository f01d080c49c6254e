/**
 * State-sync chunks: a bounded run of a tree's entries in key order, from a start key, with a
 * proof against the tree's root. The proof holds every node an ordered iteration from the start
 * key visits while reading the entries and stepping once past the last one, so a receiver that
 * trusts the root can replay that iteration over the verified partial tree: the entries must be
 * exactly what it yields (nothing changed, left out or reordered), and the step past the last
 * one shows whether the tree ends there or where the next chunk starts (the key right after the
 * last, `last ‖ 0x00`). Chained this way from the empty key, the chunks of a tree hold all of its
 * entries and nothing else.
 */
import { array, bytes, bytesEqual, decodeWith, encodeWith, struct, TandemError } from '../common/index.js';
import { MkvsError } from './errors.js';
import { MAX_KEY_BYTES } from './key.js';
import type { Ptr } from './node.js';
import { ProofBuilder } from './proof/builder.js';
import { type Proof, proofCodec } from './proof/proof.js';
import { verifyProof } from './proof/verify.js';
import { TrieIterator } from './tree/iterator.js';
import type { NodeResolver } from './tree/resolver.js';
import type { Tree } from './tree/tree.js';

/** One entry of a chunk. */
export interface ChunkEntry {
  key: Uint8Array;
  value: Uint8Array;
}

/** A run of entries from `start` with the proof of that iteration (see the module header). */
export interface StateChunk {
  start: Uint8Array;
  entries: ChunkEntry[];
  proof: Proof;
}

/** How large a chunk may be: entries, and bytes of keys plus values. */
export interface ChunkLimits {
  readonly maxEntries: number;
  readonly maxBytes: number;
}

/** The limits every Tandem node builds and accepts chunks with. */
export const CHUNK_LIMITS: ChunkLimits = { maxEntries: 1024, maxBytes: 1 << 20 };
/** Largest encoded chunk accepted (entries plus a proof that repeats them, with hashes). */
export const MAX_CHUNK_WIRE_BYTES = 4 * (1 << 20);

const entryCodec = struct(
  { key: bytes({ max: MAX_KEY_BYTES }), value: bytes({ max: CHUNK_LIMITS.maxBytes }) },
  'ChunkEntry',
);
/** Codec of a chunk (bounded by {@link CHUNK_LIMITS}). */
export const stateChunkCodec = struct(
  {
    start: bytes({ max: MAX_KEY_BYTES + 1 }),
    entries: array(entryCodec, CHUNK_LIMITS.maxEntries),
    proof: proofCodec,
  },
  'StateChunk',
);

/** Canonical bytes of a chunk. */
export function encodeChunk(c: StateChunk): Uint8Array {
  return encodeWith(stateChunkCodec, c);
}

/** Strictly decode a chunk; anything malformed or oversized is CHUNK_MALFORMED. */
export function decodeChunk(b: Uint8Array): StateChunk {
  try {
    return decodeWith(stateChunkCodec, b, { maxSize: MAX_CHUNK_WIRE_BYTES, maxDepth: 8 });
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    throw new MkvsError(MkvsError.CHUNK_MALFORMED, `malformed chunk: ${e.message}`);
  }
}

/** The smallest key after `k` in key order (a key sorts before its extensions). */
export function successorKey(k: Uint8Array): Uint8Array {
  const out = new Uint8Array(k.length + 1);
  out.set(k);
  return out;
}

/** Read the chunk of `tree` starting at `start`, with its proof. */
export async function buildChunk(tree: Tree, start: Uint8Array, limits = CHUNK_LIMITS): Promise<StateChunk> {
  tree.rootHash();
  const b = new ProofBuilder(1);
  const it = tree.iterator((n) => b.include(n));
  await it.seek(start);
  const entries: ChunkEntry[] = [];
  let size = 0;
  while (it.valid && entries.length < limits.maxEntries) {
    const n = it.key!.length + it.value!.length;
    if (entries.length > 0 && size + n > limits.maxBytes) break;
    entries.push({ key: it.key!, value: it.value! });
    size += n;
    // Also when this is the last entry: the step past it goes into the proof.
    await it.next();
  }
  return { start, entries, proof: b.build(tree.rootPtr()) };
}

/** The start keys of every chunk of `tree`, in order (one, the empty key, for an empty tree). */
export async function chunkStarts(tree: Tree, limits = CHUNK_LIMITS): Promise<Uint8Array[]> {
  const starts: Uint8Array[] = [new Uint8Array(0)];
  const it = tree.iterator();
  let count = 0;
  let size = 0;
  let last: Uint8Array | undefined;
  for (await it.seek(new Uint8Array(0)); it.valid; await it.next()) {
    const n = it.key!.length + it.value!.length;
    if (count === limits.maxEntries || (count > 0 && size + n > limits.maxBytes)) {
      starts.push(successorKey(last!));
      count = 0;
      size = 0;
    }
    count++;
    size += n;
    last = it.key!;
  }
  return starts;
}

/** A resolver for a verified partial tree: a summarized subtree is beyond what the proof covers. */
const proofOnly: NodeResolver = {
  resolve: () => {
    throw new MkvsError(MkvsError.CHUNK_INCOMPLETE, 'the chunk proof does not cover its range');
  },
};

function checkShape(c: StateChunk, expectedStart: Uint8Array, limits: ChunkLimits): void {
  if (!bytesEqual(c.start, expectedStart)) {
    throw new MkvsError(MkvsError.CHUNK_MALFORMED, 'chunk does not start where the previous one ended');
  }
  if (c.entries.length > limits.maxEntries) {
    throw new MkvsError(MkvsError.CHUNK_MALFORMED, `chunk of ${c.entries.length} entries`);
  }
  let size = 0;
  for (const e of c.entries) size += e.key.length + e.value.length;
  if (c.entries.length > 1 && size > limits.maxBytes) {
    throw new MkvsError(MkvsError.CHUNK_MALFORMED, `chunk of ${size} bytes`);
  }
}

/**
 * Verify a chunk of the tree at `root` that must start at `expectedStart`. Returns where the next
 * chunk starts, or null when this one ends the tree. Throws a coded {@link MkvsError}
 * (CHUNK_MALFORMED, CHUNK_MISMATCH, CHUNK_INCOMPLETE) otherwise.
 */
export async function verifyChunk(
  root: Uint8Array,
  chunk: StateChunk,
  expectedStart: Uint8Array,
  limits = CHUNK_LIMITS,
): Promise<Uint8Array | null> {
  checkShape(chunk, expectedStart, limits);
  let verified: Ptr;
  try {
    verified = verifyProof(root, chunk.proof);
  } catch (e) {
    if (!(e instanceof MkvsError)) throw e;
    throw new MkvsError(MkvsError.CHUNK_MISMATCH, `chunk proof: ${e.message}`);
  }
  const it = new TrieIterator(() => verified, proofOnly);
  await it.seek(chunk.start);
  for (const [i, e] of chunk.entries.entries()) {
    if (!it.valid || !bytesEqual(it.key!, e.key) || !bytesEqual(it.value!, e.value)) {
      throw new MkvsError(MkvsError.CHUNK_MISMATCH, `chunk entry ${i} is not the tree's next entry`);
    }
    await it.next();
  }
  const last = chunk.entries.at(-1);
  if (!it.valid) return null;
  if (last === undefined) throw new MkvsError(MkvsError.CHUNK_MISMATCH, 'empty chunk of a non-empty range');
  return successorKey(last.key);
}
