/**
 * A small deterministic application for the simulator and the engine tests. Its state is a hash
 * chain over the committed blocks' transactions; a block's VED hash is derived from the parent
 * state, the height and the transactions, so a proposal with a wrong VED hash is invalid (the
 * byzantine "invalid proposal" behaviour). Its committed state lives in an {@link AppDisk} that
 * survives a simulated crash.
 */
import {
  bytesEqual,
  concatBytes,
  EMPTY_HASH,
  hash,
  hashCanonicalList,
  readU64be,
  u64be,
  utf8,
} from '../common/index.js';
import type { BftApplication, Block, Evidence, Validator } from '../consensus/bft/index.js';

/** What the application keeps on disk. */
export interface AppDisk {
  height: bigint;
  appHash: Uint8Array;
}

/** The VED hash of a block with `txs` at `height` on top of state `appHash`. */
export function testVedHash(appHash: Uint8Array, height: bigint, txs: readonly Uint8Array[]): Uint8Array {
  return hash(utf8('ved'), appHash, u64be(height), hashCanonicalList(txs));
}

export class TestApp implements BftApplication {
  /** Set on a byzantine proposer: its proposals carry a wrong VED hash. */
  corruptVed = false;
  /** Validator updates to announce with the next finalized block (epoch-change tests). */
  nextUpdates: Validator[] | undefined;
  /** Evidence seen in finalized blocks (what a staking app would slash). */
  readonly slashed: Evidence[] = [];
  private pending: AppDisk | undefined;

  constructor(readonly disk: AppDisk = { height: 0n, appHash: EMPTY_HASH }) {}

  async prepareProposal(req: {
    height: bigint;
    candidates: Uint8Array[];
  }): Promise<{ txs: Uint8Array[]; vedHash: Uint8Array }> {
    const txs = req.candidates.slice(0, 100);
    const ved = testVedHash(this.disk.appHash, req.height, txs);
    return { txs, vedHash: this.corruptVed ? hash(ved) : ved };
  }

  async processProposal(block: Block): Promise<boolean> {
    const h = block.header;
    if (h.height !== this.disk.height + 1n) return false;
    return bytesEqual(h.ved_hash, testVedHash(this.disk.appHash, h.height, block.txs));
  }

  async finalizeBlock(block: Block): Promise<{ validatorUpdates?: Validator[] }> {
    const h = block.header.height;
    this.pending = { height: h, appHash: hash(this.disk.appHash, block.header.ved_hash) };
    this.slashed.push(...block.evidence);
    const u = this.nextUpdates;
    this.nextUpdates = undefined;
    return u ? { validatorUpdates: u } : {};
  }

  async commit(height: bigint): Promise<void> {
    if (this.pending?.height === height) {
      this.disk.height = height;
      this.disk.appHash = this.pending.appHash;
    }
    this.pending = undefined;
  }

  committedHeight(): bigint {
    return this.disk.height;
  }

  /** The "UED report": (height, hash) of the last committed state (APE-15). */
  extendVote(_height: bigint): Uint8Array {
    return concatBytes(u64be(this.disk.height), this.disk.appHash);
  }

  verifyVoteExtension(_validator: Uint8Array, height: bigint, ext: Uint8Array): boolean {
    return ext.length === 40 && readU64be(ext, 0) < height;
  }
}
