/**
 * Remapping accounts between the VED and the UED (spec/ape.md APE-12, APE-13, APE-6).
 *
 * A request made in epoch e takes effect at epoch e + 2, so a full epoch always passes:
 * - on request the account is frozen in its source domain (`moving_at` = e + 2) and a pending
 *   entry is stored there; a frozen account's record can no longer change;
 * - at the first block of epoch e + 1 (the VED recomputation for epoch e + 2, APE-6) the source
 *   domain reports the final record as an outgoing move; the next epoch's VED account set is
 *   derived from these moves. For a UED source this leaves the UED one epoch to catch up;
 * - at the first block of epoch e + 2 the source deletes the record and the target imports it.
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
 * Record a remap of `address` out of `domain`, requested in `epoch`; returns the epoch it takes
 * effect. Throws (changing nothing) when the account is absent, frozen, or its owner program is
 * not present in the target domain.
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

/** The accounts leaving `domain` at `epoch`, with their final records, in address order. */
export async function outgoingMoves(state: KvState, domain: DomainId, epoch: bigint): Promise<AccountMove[]> {
  const out: AccountMove[] = [];
  for await (const [key] of state.entries(remapEpochPrefix(epoch))) {
    const address = new Uint8Array(addressOfRemapKey(key));
    const rec = await getAccount(state, address);
    if (rec === null || rec.moving_at !== epoch) {
      throw new ConsensusError(ConsensusError.CORRUPT_STATE, 'pending remap without its frozen account');
    }
    const to = other(domain);
    const { moving_at: _, ...rest } = rec;
    out.push({ address, to, record: { ...rest, mapping: rwMapping(to) } });
  }
  return out;
}

/** What the boundary step did in one domain. */
export interface BoundaryResult {
  /** Accounts that left this domain now. */
  readonly left: readonly DomainMove[];
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
    putAccount(state, m.address, m.record);
    entered.push({ address: m.address, to: domain });
  }
  const leaving: Uint8Array[] = [];
  for await (const [key] of state.entries(remapEpochPrefix(epoch))) leaving.push(new Uint8Array(key));
  const to = other(domain);
  const left = leaving.map((key) => {
    const address = new Uint8Array(addressOfRemapKey(key));
    deleteAccount(state, address);
    state.delete(key);
    return { address, to };
  });
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
