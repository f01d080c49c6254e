/**
 * Remapping accounts between the VED and the UED (spec/ape.md APE-12, APE-13, APE-6).
 *
 * A request made in epoch e takes effect at epoch e + 2, so a full epoch always passes:
 * - on request the source domain marks the account (`moving_at` = e + 2) and stores a pending
 *   entry;
 * - at the first block of epoch e + 1 (the VED recomputation for epoch e + 2, APE-6) the source
 *   domain reports the move; the next epoch's VED account set is derived from these reports;
 * - at the first block of epoch e + 2 the source deletes the record and the target imports it.
 *
 * Where the final record comes from differs by direction, because the UED runs behind the VED:
 * - UED → VED: the VED of e + 2 may run before the UED has finished e + 1, so it imports the
 *   record the UED reported at the start of e + 1. The account is therefore frozen from the
 *   request on (no debit, credit or fee), which keeps that reported record final.
 * - VED → UED: the UED executes a height only after the VED of that height, so it imports the
 *   record the VED deleted in that very block. The account stays usable in the VED until it
 *   leaves: an old fee-payer fund keeps topping up its fee payer until the switch (APE-8).
 * Only accounts whose owner program is present in the target domain may move (APE-13).
 */
import { ADDRESS_SIZE, bytes, type Codec, encodeWith, struct } from '../../common/index.js';
import { ConsensusError } from '../errors.js';
import type { DomainId, KvState } from '../service.js';
import { addressOfRemapKey, remapEpochPrefix, remapKey } from './keys.js';
import { domainIdCodec, rwMapping } from './mapping.js';
import { type AccountRecord, accountRecordCodec } from './record.js';
import { deleteAccount, getAccount, putAccount } from './store.js';
import type { DomainMove, VedAccountSet } from './ved-set.js';

/** Epochs between a remap request and its effect. */
export const REMAP_DELAY_EPOCHS = 2n;

/** An account record crossing domains at an epoch boundary (see {@link accountMoveCodec}). */
export interface AccountMove extends DomainMove {
  /** The record as the target domain stores it (mapped RW there, no longer frozen). */
  readonly record: AccountRecord;
}

/** Strict codec of a move, for handing moves between threads or processes as bytes. */
export const accountMoveCodec: Codec<AccountMove> = struct(
  { address: bytes({ len: ADDRESS_SIZE }), to: domainIdCodec, record: accountRecordCodec },
  'AccountMove',
) as Codec<AccountMove>;

function other(d: DomainId): DomainId {
  return d === 'ved' ? 'ued' : 'ved';
}

/**
 * Whether a pending remap freezes the account in `domain`: only in the UED, whose record crosses
 * one epoch ahead; a VED account leaving stays usable until it leaves (see the module header).
 */
export function isFrozen(rec: AccountRecord, domain: DomainId): boolean {
  return rec.moving_at !== undefined && domain === 'ued';
}

/** The record of a pending remap as the target domain stores it (throws when inconsistent). */
async function movedRecord(
  state: KvState,
  domain: DomainId,
  address: Uint8Array,
  epoch: bigint,
): Promise<AccountMove> {
  const rec = await getAccount(state, address);
  if (rec === null || rec.moving_at !== epoch) {
    throw new ConsensusError(ConsensusError.CORRUPT_STATE, 'pending remap without its marked account');
  }
  const to = other(domain);
  const { moving_at: _, ...rest } = rec;
  return { address, to, record: { ...rest, mapping: rwMapping(to) } };
}

/**
 * Record a remap of `address` out of `domain`, requested in `epoch`; returns the epoch it takes
 * effect. Throws (changing nothing) when the account is absent, already moving, or its owner
 * program is not present in the target domain.
 */
export async function requestRemap(
  state: KvState,
  domain: DomainId,
  programDomains: (program: string) => readonly DomainId[],
  address: Uint8Array,
  epoch: bigint,
): Promise<bigint> {
  const rec = await getAccount(state, address);
  if (rec === null || rec.mapping !== rwMapping(domain)) {
    throw new ConsensusError(ConsensusError.REMAP_NOT_ALLOWED, `account is not RW in the ${domain}`);
  }
  if (rec.moving_at !== undefined) {
    throw new ConsensusError(ConsensusError.REMAP_NOT_ALLOWED, 'a remap is already pending');
  }
  const to = other(domain);
  if (!programDomains(rec.owner).includes(to)) {
    throw new ConsensusError(
      ConsensusError.REMAP_NOT_ALLOWED,
      `owner program ${rec.owner} is not present in the ${to} (APE-13)`,
    );
  }
  const effective = epoch + REMAP_DELAY_EPOCHS;
  putAccount(state, address, { ...rec, moving_at: effective });
  state.set(remapKey(effective, address), encodeWith(domainIdCodec, to));
  return effective;
}

/**
 * The accounts leaving `domain` at `epoch`, in address order, with their records as of now: final
 * for the UED (frozen), provisional for the VED (the UED imports the record at the move itself).
 */
export async function outgoingMoves(state: KvState, domain: DomainId, epoch: bigint): Promise<AccountMove[]> {
  const out: AccountMove[] = [];
  for await (const [key] of state.entries(remapEpochPrefix(epoch))) {
    out.push(await movedRecord(state, domain, new Uint8Array(addressOfRemapKey(key)), epoch));
  }
  return out;
}

/** What the boundary step did in one domain. */
export interface BoundaryResult {
  /** Accounts that left this domain now, with their final records. */
  readonly left: readonly AccountMove[];
  /** Accounts that entered this domain now. */
  readonly entered: readonly DomainMove[];
  /** Accounts leaving at the next epoch start, reported now (one epoch ahead). */
  readonly outgoing: AccountMove[];
}

/**
 * The epoch-boundary step of one domain at the first block of `epoch`: import the moves coming in
 * (reported by the other domain one epoch earlier), delete the accounts leaving now, and report
 * the moves leaving at `epoch + 1`. The executor runs it in each domain; {@link nextVedSet} turns
 * both domains' reports into the next epoch's VED account set.
 */
export async function applyRemapBoundary(
  state: KvState,
  domain: DomainId,
  epoch: bigint,
  incoming: readonly AccountMove[],
): Promise<BoundaryResult> {
  const entered: DomainMove[] = [];
  for (const m of incoming) {
    if (m.to !== domain) continue;
    if (m.record.mapping !== rwMapping(domain) || m.record.moving_at !== undefined) {
      throw new ConsensusError(
        ConsensusError.INVALID_BLOCK,
        `incoming account is not mapped RW in the ${domain}`,
      );
    }
    if ((await getAccount(state, m.address)) !== null) {
      throw new ConsensusError(ConsensusError.CORRUPT_STATE, 'remapped account already present in target');
    }
    // A copy: the state may keep the record object, and this one belongs to the other domain's result.
    putAccount(state, m.address, { ...m.record });
    entered.push({ address: m.address, to: domain });
  }
  const leaving: Uint8Array[] = [];
  for await (const [key] of state.entries(remapEpochPrefix(epoch))) leaving.push(new Uint8Array(key));
  const left: AccountMove[] = [];
  for (const key of leaving) {
    const move = await movedRecord(state, domain, new Uint8Array(addressOfRemapKey(key)), epoch);
    deleteAccount(state, move.address);
    state.delete(key);
    left.push(move);
  }
  return { left, entered, outgoing: await outgoingMoves(state, domain, epoch + 1n) };
}

/** The VED account set of `epoch`: the current set with both domains' reported moves applied. */
export function nextVedSet(
  current: VedAccountSet,
  epoch: bigint,
  ...moves: readonly (readonly DomainMove[])[]
): VedAccountSet {
  return current.next(epoch, moves.flat());
}
