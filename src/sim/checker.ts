/**
 * The properties checked while a simulation runs: agreement (no two honest nodes finalize
 * different blocks at one height), validity (every finalized block is valid against the chain
 * before it), no honest double-sign (across restarts), and progress once the network heals.
 */
import { bytesEqual, EMPTY_HASH, hash, toHex, utf8 } from '../common/index.js';
import { type Block, blockHash, encodeBlock, type Message } from '../consensus/bft/index.js';
import { votePosition, voteTarget } from './byzantine.js';
import type { SimValidator } from './sim-node.js';
import { testVedHash } from './test-app.js';

export interface Violation {
  kind: 'agreement' | 'validity' | 'double-sign' | 'progress' | 'exception';
  detail: string;
}

export class Checker {
  readonly violations: Violation[] = [];
  /** Height → the first finalized block's hash and the app state after it. */
  private readonly chain = new Map<bigint, { hash: string; appHash: Uint8Array }>();
  private readonly honestVotes = new Map<string, string>();
  private readonly trace: string[] = [];
  maxHeight = 0n;
  /** Encoded size of every finalized block (first finalization of each height). */
  blockBytes = 0;
  maxBlockBytes = 0;

  constructor(private readonly now: () => number) {}

  /** A running hash of every trace line: two runs of one seed must end with the same digest. */
  digest: Uint8Array = EMPTY_HASH;

  log(line: string): void {
    const l = `${this.now()}ms ${line}`;
    this.digest = hash(this.digest, utf8(l));
    this.trace.push(l);
    if (this.trace.length > 400) this.trace.splice(0, 100);
  }

  /** The last trace lines (printed with a violation). */
  traceTail(n = 60): string[] {
    return this.trace.slice(-n);
  }

  private fail(kind: Violation['kind'], detail: string): void {
    if (this.violations.length < 20) this.violations.push({ kind, detail });
    this.log(`VIOLATION ${kind}: ${detail}`);
  }

  finalized(node: SimValidator, b: Block): void {
    if (!node.honest) return;
    const h = b.header.height;
    const id = toHex(blockHash(b));
    const seen = this.chain.get(h);
    if (seen) {
      if (seen.hash !== id)
        this.fail(
          'agreement',
          `height ${h}: ${node.id} finalized ${id.slice(0, 12)}, another honest node ${seen.hash.slice(0, 12)}`,
        );
      return;
    }
    const parent = h === 1n ? EMPTY_HASH : this.chain.get(h - 1n)?.appHash;
    if (parent && !bytesEqual(b.header.ved_hash, testVedHash(parent, h, b.txs))) {
      this.fail('validity', `height ${h}: ${node.id} finalized a block with a wrong VED hash`);
    }
    this.chain.set(h, { hash: id, appHash: parent ? hash(parent, b.header.ved_hash) : EMPTY_HASH });
    const size = encodeBlock(b).length;
    this.blockBytes += size;
    this.maxBlockBytes = Math.max(this.maxBlockBytes, size);
    if (h > this.maxHeight) this.maxHeight = h;
    this.log(`${node.id} finalized ${h} ${id.slice(0, 12)} txs=${b.txs.length}`);
  }

  sent(node: SimValidator, m: Message): void {
    if (!node.honest || !('vote' in m)) return;
    const b = m.vote.body;
    const pos = `${node.id}/${votePosition(b)}`;
    const t = voteTarget(b);
    const prev = this.honestVotes.get(pos);
    if (prev !== undefined && prev !== t)
      this.fail(
        'double-sign',
        `${node.id} signed ${prev.slice(0, 12)} and ${t.slice(0, 12)} at ${votePosition(b)}`,
      );
    this.honestVotes.set(pos, t);
  }

  progress(ok: boolean, detail: string): void {
    if (!ok) this.fail('progress', detail);
  }

  exception(e: unknown): void {
    this.fail('exception', e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  }
}
