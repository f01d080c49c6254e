/**
 * The block executor: `executeVed` and `executeUed` apply one block to one domain's tree. Each is
 * a function of its inputs only (the domain tree at the parent height, the block, the chain
 * params, the epoch's VED account set, the service list and the incoming remaps) and shares no
 * mutable state with the other, so the two may run on different threads. Order within a block:
 * clock rule, at an epoch start the remap boundary, every service's beginBlock, then (epoch start)
 * onEpoch, the transactions in block order, every endBlock; then the buffered writes are applied
 * in key order and committed at the block height.
 */
import type { StateTree } from '../../mkvs/index.js';
import { type AccountMove, applyRemapBoundary } from '../accounts/remap.js';
import type { VedAccountSet } from '../accounts/ved-set.js';
import { advanceVedSet, checkVedSet } from '../accounts/ved-set-store.js';
import { checkBlockTime } from '../clock.js';
import { ConsensusError } from '../errors.js';
import type { BlockContext, CrossDomainInput, DomainId, Service, ServiceEvent } from '../service.js';
import { blockDecoder } from '../tx/block-decoder.js';
import type { VerifiedTxs } from '../tx/verified-txs.js';
import { type BlockFacts, blockContext } from './context.js';
import { domainHash, domainNamespace, receiptsRoot, type TxReceipt } from './hash.js';
import { BlockOverlay } from './overlay.js';
import { type ChainParams, methodIndex } from './params.js';
import { runTx } from './run-tx.js';

/** The block as the executor needs it. */
export interface BlockInput {
  readonly height: bigint;
  /** Block time (APE-27), milliseconds since the Unix epoch. */
  readonly timeMs: bigint;
  /** The parent block's time (genesis time for height 1). */
  readonly parentTimeMs: bigint;
  /** This domain's hash at the parent height (the genesis domain hash for height 1). */
  readonly parentHash: Uint8Array;
  /** Signed transactions in block order. */
  readonly txs: readonly Uint8Array[];
}

/** Everything one domain's execution of a block depends on. */
export interface ExecuteInput {
  /** The domain's tree at the parent height; it is advanced to this height. */
  readonly tree: StateTree;
  readonly block: BlockInput;
  readonly params: ChainParams;
  /** The VED account set of the block's epoch. */
  readonly vedSet: VedAccountSet;
  /** The services, in the fixed order their hooks run. */
  readonly services: readonly Service[];
  /**
   * Accounts entering this domain at this block (only read at an epoch start): for the VED the
   * UED's `remapsOut` of the previous epoch start, for the UED the VED's `remapsLeft` of this block.
   */
  readonly remapsIn?: readonly AccountMove[];
  /** Pinned inputs from the other domain and the block (docs/state.md, "Cross-domain flows"). */
  readonly crossDomain?: CrossDomainInput;
  /** Transactions this node already verified (their signatures are not checked again). */
  readonly verified?: VerifiedTxs;
}

/** One domain's result for a block. */
export interface ExecuteResult {
  readonly domain: DomainId;
  readonly height: bigint;
  readonly domainHash: Uint8Array;
  readonly stateRoot: Uint8Array;
  readonly receiptsRoot: Uint8Array;
  /** Receipts of the transactions this domain executed or failed, in block order. */
  readonly receipts: readonly TxReceipt[];
  /** Events of the block hooks. */
  readonly events: readonly ServiceEvent[];
  /**
   * Accounts that will leave this domain at the next epoch start (reported at an epoch start; the
   * next VED set follows from them). The VED imports the UED's as they are (frozen, final); a VED
   * account stays usable until it leaves, so the UED imports {@link remapsLeft} instead.
   */
  readonly remapsOut: readonly AccountMove[];
  /** Accounts that left this domain at this block (an epoch start), with their final records. */
  readonly remapsLeft: readonly AccountMove[];
}

/** Execute the VED part of a block (APE-14). */
export function executeVed(input: ExecuteInput): Promise<ExecuteResult> {
  return executeDomain('ved', input);
}

/** Execute the UED part of a block (APE-16). */
export function executeUed(input: ExecuteInput): Promise<ExecuteResult> {
  return executeDomain('ued', input);
}

async function executeDomain(domain: DomainId, input: ExecuteInput): Promise<ExecuteResult> {
  const f = blockFacts(domain, input);
  const methods = methodIndex(input.services, input.params);
  const state = new BlockOverlay(input.tree);
  const events: ServiceEvent[] = [];
  const ctx = blockContext(f, state, events);
  const services = input.services.filter((s) => f.params.programs.isIn(s.name, domain));
  let moves: Moves = { remapsOut: [], remapsLeft: [] };
  if (f.epochStart) moves = await boundary(f, state, input);
  else if (domain === 'ved') await checkVedSet(state, input.vedSet);
  await hooks(services, ctx, f);
  const receipts: TxReceipt[] = [];
  const encoded: Uint8Array[] = [];
  const { chainContext, maxTxBytes } = f.params;
  const txs = input.block.txs;
  const decode = blockDecoder(txs, {
    domain,
    view: f.view,
    chainContext,
    maxTxBytes,
    verified: input.verified,
    knownBody: (method, body) => methods.get(method)?.readBody?.(body),
  });
  for (let i = 0; i < txs.length; i++) {
    const tx = decode(i);
    if (tx === null) continue;
    const run = runTx(f, state, methods, tx);
    const ran = run instanceof Promise ? await run : run;
    if (ran === null) continue;
    receipts.push({ txHash: tx.hash, receipt: ran.receipt });
    encoded.push(ran.encoded);
  }
  for (const s of services) await s.endBlock?.(ctx);
  await state.flush();
  return { ...(await commitBlock(f, input, receipts, encoded)), receipts, events, ...moves };
}

/** Check the block against the clock rule and the VED set, and gather the per-block facts. */
function blockFacts(domain: DomainId, input: ExecuteInput): BlockFacts {
  const { block, params, vedSet } = input;
  checkBlock(block);
  checkBlockTime(block.parentTimeMs, block.timeMs);
  const epoch = params.epochs.epochOf(block.height);
  if (vedSet.epoch !== epoch) {
    const msg = `VED set is of epoch ${vedSet.epoch}, block of ${epoch}`;
    throw new ConsensusError(ConsensusError.INVALID_BLOCK, msg);
  }
  return {
    domain,
    height: block.height,
    epoch,
    timeMs: block.timeMs,
    epochStart: params.epochs.isEpochStart(block.height),
    params,
    view: { vedSet, programs: params.programs },
    crossDomain: input.crossDomain,
  };
}

/** Commit the tree at the block height and compute the receipts root and the domain hash. */
async function commitBlock(
  f: BlockFacts,
  input: ExecuteInput,
  receipts: readonly TxReceipt[],
  encoded: readonly Uint8Array[],
) {
  // The commit hands its synced write to LevelDB before its first wait, so the receipts root is
  // computed while the write is under way; the result is returned only once the write is done.
  const committing = input.tree.commit(domainNamespace(f.domain, f.params.chainContext), f.height);
  const [stateRoot, rRoot] = await Promise.all([committing, receiptsRoot(receipts, encoded)]);
  const h = domainHash({
    domain: f.domain,
    height: f.height,
    parentHash: input.block.parentHash,
    stateRoot,
    receiptsRoot: rRoot,
    vedSetHash: input.vedSet.hash(),
  });
  return { domain: f.domain, height: f.height, domainHash: h, stateRoot, receiptsRoot: rRoot };
}

type Moves = Pick<ExecuteResult, 'remapsOut' | 'remapsLeft'>;

/** The epoch-start step: remaps move, and the VED checks and stores the epoch's VED set. */
async function boundary(f: BlockFacts, state: BlockOverlay, input: ExecuteInput): Promise<Moves> {
  const r = await applyRemapBoundary(state, f.domain, f.epoch, input.remapsIn ?? []);
  if (f.domain === 'ved') await advanceVedSet(state, input.vedSet, [...r.entered, ...r.left]);
  return { remapsOut: r.outgoing, remapsLeft: r.left };
}

async function hooks(services: readonly Service[], ctx: BlockContext, f: BlockFacts): Promise<void> {
  for (const s of services) await s.beginBlock?.(ctx);
  if (f.epochStart) for (const s of services) await s.onEpoch?.(ctx, f.epoch);
}

function checkBlock(b: BlockInput): void {
  const times = typeof b.timeMs === 'bigint' && typeof b.parentTimeMs === 'bigint';
  if (typeof b.height !== 'bigint' || b.height < 1n || !times || !(b.parentHash instanceof Uint8Array)) {
    throw new ConsensusError(
      ConsensusError.INVALID_BLOCK,
      'block needs a height ≥ 1, bigint times and a parent hash',
    );
  }
  if (!Array.isArray(b.txs))
    throw new ConsensusError(ConsensusError.INVALID_BLOCK, 'block txs must be an array');
  if (b.parentHash.length !== 32)
    throw new ConsensusError(ConsensusError.INVALID_BLOCK, 'parent hash must be 32 bytes');
}
