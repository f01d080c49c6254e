/**
 * The API's views of chain data, read from the committed state of a {@link ChainApp} and from
 * stored blocks: accounts (the record in whichever domain holds it, with its UED escrow), vote
 * accounts, validator sets with their stake, the epoch, blocks and receipts. Key formats stay
 * with their owners: accounts through `consensus` (`getAccount`), escrows through the staking
 * reader, vote accounts and memberships through the vote program's reader.
 */

import type {
  AccountMapping,
  AccountView,
  BlockView,
  EpochView,
  ReceiptView,
  VoteAccountView,
} from '../api/index.js';
import { addressFromPublicKey, decodeWith, encodeCanonical, hash } from '../common/index.js';
import { type Block, blockCodec, blockHash, MAX_MESSAGE_BYTES } from '../consensus/bft/index.js';
import {
  BlockOverlay,
  type EpochSchedule,
  getAccount,
  type KvState,
  mappingName,
  type Receipt,
} from '../consensus/index.js';
import type { ChainApp } from '../domains/index.js';
import type { Tree } from '../mkvs/index.js';
import { StakingReader } from '../services/staking/index.js';
import { MEMBERSHIP_HISTORY, VoteStateReader } from '../services/vote/index.js';
import { errorName } from './error-names.js';
import { NodeError } from './errors.js';

/** A {@link KvState} that only reads single keys (the UED is reachable by key only). */
export function keyReader(get: (key: Uint8Array) => Promise<Uint8Array | null>): KvState {
  const refuse = (): never => {
    throw new NodeError(NodeError.UNAVAILABLE, 'a query view is read-only and reads by key');
  };
  return { get, set: refuse, delete: refuse, entries: refuse };
}

/** Read-only views of an app's committed VED and UED states. */
function states(app: ChainApp): { ved: KvState; ued: KvState } {
  return { ved: new BlockOverlay(app.vedTree), ued: keyReader((k) => app.ued.get(k)) };
}

/** Strictly decode a block from the block store. */
export function decodeStoredBlock(bytes: Uint8Array): Block {
  return decodeWith(blockCodec, bytes, { maxSize: MAX_MESSAGE_BYTES });
}

/** The API view of a decided block. */
export function blockView(b: Block): BlockView {
  const h = b.header;
  return {
    height: Number(h.height),
    hash: blockHash(b),
    parent_hash: h.last_block_hash,
    time: Number(h.time),
    proposer: h.proposer,
    ved_hash: h.ved_hash,
    tx_hashes: b.txs.map((t) => hash(t)),
  };
}

/** The API view of a receipt; a failure's message is its code's name (receipts keep no text). */
export function receiptView(domain: 'ved' | 'ued', r: Receipt): ReceiptView {
  const ok = r.status === 0;
  return {
    success: ok,
    error: ok ? null : { module: r.module, code: r.code, message: errorName(r.module, r.code) },
    domain,
    gas_used: r.gas_used,
    events: r.events.map((e) => ({ module: e.module, kind: e.kind, data: encodeCanonical(e.value) })),
  };
}

/** An account: its record in the VED or the UED (empty when neither holds one) and its escrow. */
export async function readAccount(app: ChainApp, address: Uint8Array): Promise<AccountView> {
  const s = states(app);
  const rec = (await getAccount(s.ved, address)) ?? (await getAccount(s.ued, address));
  const escrow = await new StakingReader(s.ued).escrow(address);
  return {
    address,
    balance: rec?.balance ?? 0n,
    nonce: rec?.nonce ?? 0n,
    mapping: (rec ? mappingName(rec.mapping) : 'RW-UED') as AccountMapping,
    escrow_active: escrow.active.balance,
    escrow_debonding: escrow.debonding.balance,
  };
}

/** A vote account (VED) with its stake, the active escrow of its address (UED). */
export async function readVoteAccount(app: ChainApp, address: Uint8Array): Promise<VoteAccountView | null> {
  const s = states(app);
  const a = await new VoteStateReader(s.ved).account(address);
  if (a === null) return null;
  const escrow = await new StakingReader(s.ued).escrow(address);
  return {
    address,
    node_id: a.node,
    stake: escrow.active.balance,
    credits: a.credits,
    // The vote program has no commission (rewards go to the escrow pool as a whole).
    commission: 0,
    last_report: a.lastReport && { height: Number(a.lastReport.height), hash: a.lastReport.hash },
  };
}

/**
 * The membership in force at `height`: the one stored for epoch(height − 1), or the latest
 * earlier one with members (an epoch without members keeps the previous set); height ≤ 1 is
 * epoch 0's. Throws UNAVAILABLE for heights whose membership the VED no longer keeps.
 */
export async function membershipAt(tree: Tree, epochs: EpochSchedule, height: bigint, committed: bigint) {
  const want = height <= 1n ? 0n : epochs.epochOf(height - 1n);
  // At epoch E the VED keeps the memberships of E − 2 … E + 1 (the vote program prunes older ones).
  if (want + MEMBERSHIP_HISTORY - 2n < epochs.epochOf(committed) || height > committed + 1n) {
    throw new NodeError(NodeError.UNAVAILABLE, `the validator set of height ${height} is not kept`);
  }
  const reader = new VoteStateReader(new BlockOverlay(tree));
  for (let e = want; e >= 0n && e + MEMBERSHIP_HISTORY > want; e--) {
    const m = await reader.membership(e);
    if (m !== null && m.validators.length > 0) return m;
  }
  throw new NodeError(NodeError.UNAVAILABLE, `no membership in force at height ${height}`);
}

/** The vote account address of a validator key. */
export const voteAddress = (pubKey: Uint8Array): Uint8Array => addressFromPublicKey(pubKey);

/** The epoch of the committed height. */
export function epochView(app: ChainApp): EpochView {
  const s = app.programs.schedule;
  const epoch = s.epochOf(app.committed.height);
  return { epoch: Number(epoch), start_height: Number(s.firstHeight(epoch)), interval: Number(s.interval) };
}
