/**
 * A node's chain-bound signing contexts and its per-node memory of work done: the canonical
 * encodings it made (vote sign bytes, commits, blocks) and the vote signatures it verified. A
 * vote checked once (on arrival) costs nothing again when it comes back by gossip or in the next
 * block's LastCommit. Each node has its own instance, so nodes never share this work.
 */
import { bytesEqual, context, fullContext, hash, toHex, utf8, verify } from '../../common/index.js';
import { encodeBlock, encodeCommit } from './block-bytes.js';
import type { Block, Commit, VoteBody } from './messages.js';
import { encodeVoteBody } from './vote-bytes.js';

const VOTE = context('consensus', 'vote');
const PROPOSAL = context('consensus', 'proposal');

/** Entries per generation of the verified-vote cache (the older generation is dropped whole). */
const VERIFIED_HALF = 8192;
/** Entries per generation of the sign-bytes memo: the votes of the last heights are enough. */
const BODIES_HALF = 4096;

interface Verified {
  sig: Uint8Array;
  pub: Uint8Array;
  msg: Uint8Array;
}

/** A small-integer key from a signature's first 30 bits (a clash only costs a verification). */
function sigKey(s: Uint8Array): number {
  return (s[0]! << 22) | (s[1]! << 14) | (s[2]! << 6) | (s[3]! >>> 2);
}

/** A map in two generations: when the young one fills up it becomes the old one. */
class TwoGen<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();

  constructor(private readonly half: number) {}

  get(k: K): V | undefined {
    return this.young.get(k) ?? this.old.get(k);
  }

  set(k: K, v: V): void {
    this.young.set(k, v);
    if (this.young.size >= this.half) {
      this.old = this.young;
      this.young = new Map();
    }
  }
}

/** One node's chain-bound signing contexts, its memoized encodings and its cache of verified votes. */
export class ChainContexts {
  readonly vote: string;
  readonly proposal: string;
  private readonly verified = new TwoGen<number, Verified>(VERIFIED_HALF);
  // Strong, bounded maps rather than WeakMaps: every vote body passes through here, and weak
  // tables cost the garbage collector far more than the two generations cost in memory.
  private readonly bodies = new TwoGen<VoteBody, Uint8Array>(BODIES_HALF);
  private readonly blocks = new WeakMap<Block, Uint8Array>();
  private readonly commits = new WeakMap<Commit, Uint8Array>();
  private lastBody: VoteBody | undefined;
  private lastBytes: Uint8Array = new Uint8Array(0);
  private readonly bodyFn = (b: VoteBody) => this.signBytes(b);
  private readonly commitFn = (c: Commit) => this.commitBytes(c);

  constructor(readonly chainId: string) {
    const chainContext = toHex(hash(utf8(chainId)));
    this.vote = fullContext(VOTE, { chainContext });
    this.proposal = fullContext(PROPOSAL, { chainContext });
  }

  /** The canonical encoding of a block, once per block object by this node. */
  blockBytes(b: Block): Uint8Array {
    let e = this.blocks.get(b);
    if (e === undefined) {
      e = encodeBlock(b, this.commitFn, this.bodyFn);
      this.blocks.set(b, e);
    }
    return e;
  }

  /** The canonical encoding of a commit, once per commit object by this node. */
  commitBytes(c: Commit): Uint8Array {
    let e = this.commits.get(c);
    if (e === undefined) {
      e = encodeCommit(c, this.bodyFn);
      this.commits.set(c, e);
    }
    return e;
  }

  /** The signed bytes of a vote body, encoded once per body object by this node. */
  signBytes(body: VoteBody): Uint8Array {
    // The driver logs a vote and the engine verifies it right after: one entry answers that.
    if (body === this.lastBody) return this.lastBytes;
    let b = this.bodies.get(body);
    if (b === undefined) {
      b = encodeVoteBody(body);
      this.bodies.set(body, b);
    }
    this.lastBody = body;
    this.lastBytes = b;
    return b;
  }

  /** Verify a vote signature, remembering successes (keyed by signature, checked against key and message). */
  verifyCached(pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
    // A hit needs the same signature AND the same key and message byte for byte: a signature
    // copied onto another vote body must be verified, and fails.
    const key = sig.length >= 4 ? sigKey(sig) : -1;
    const hit = this.verified.get(key);
    if (
      hit !== undefined &&
      bytesEqual(hit.sig, sig) &&
      bytesEqual(hit.msg, msg) &&
      bytesEqual(hit.pub, pub)
    ) {
      return true;
    }
    if (!verify(pub, this.vote, msg, sig)) return false;
    this.verified.set(key, { sig, pub, msg });
    return true;
  }
}
