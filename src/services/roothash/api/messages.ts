/**
 * Runtime messages (spec/oasis.md §8): requests a runtime's scheduler commitment carries for the
 * consensus layer to execute on the runtime's behalf. Each message is exactly one of `staking`,
 * `registry` or `governance`, each versioned (`v`) with exactly one action. Staking actions are
 * typed here; registry and governance bodies stay opaque CBOR until their services decode them.
 */
import {
  bytes,
  CborError,
  type Codec,
  hashCanonicalList,
  type Infer,
  optional,
  quantity,
  raw,
  struct,
  u16,
  variant,
} from '../../../common/index.js';

const address = bytes({ len: 21 });

/** Staking message: exactly one of the four actions. */
export const stakingMessageCodec = exactlyOne(
  struct(
    {
      v: u16,
      transfer: optional(struct({ to: address, amount: quantity }, 'Transfer')),
      withdraw: optional(struct({ from: address, amount: quantity }, 'Withdraw')),
      add_escrow: optional(struct({ account: address, amount: quantity }, 'Escrow')),
      reclaim_escrow: optional(struct({ account: address, shares: quantity }, 'ReclaimEscrow')),
    },
    'StakingMessage',
  ),
  ['transfer', 'withdraw', 'add_escrow', 'reclaim_escrow'],
);

/** Registry message: a runtime descriptor update (decoded by the registry). */
export const registryMessageCodec = exactlyOne(
  struct({ v: u16, update_runtime: optional(raw) }, 'RegistryMessage'),
  ['update_runtime'],
);

/** Governance message: a vote or a proposal (decoded by governance). */
export const governanceMessageCodec = exactlyOne(
  struct({ v: u16, cast_vote: optional(raw), submit_proposal: optional(raw) }, 'GovernanceMessage'),
  ['cast_vote', 'submit_proposal'],
);

/** One runtime message. */
export const runtimeMessageCodec = variant(
  { staking: stakingMessageCodec, registry: registryMessageCodec, governance: governanceMessageCodec },
  'RuntimeMessage',
);
/** One runtime message. */
export type RuntimeMessage = Infer<typeof runtimeMessageCodec>;

/**
 * Hash of a message list: the empty hash for no messages (a special case, not H(cbor([]))),
 * else SHA-512/256 of the canonical CBOR array.
 */
export function messagesHash(msgs: readonly RuntimeMessage[] | undefined): Uint8Array {
  if (!msgs || msgs.length === 0) return hashCanonicalList([]);
  return hashCanonicalList(msgs.map((m, i) => runtimeMessageCodec.toCbor(m, `messages[${i}]`)));
}

/** Wrap a struct codec so that exactly one of `keys` is present (both ways). */
function exactlyOne<T extends object>(c: Codec<T>, keys: readonly string[]): Codec<T> {
  const check = (v: T, path: string): T => {
    const n = keys.filter((k) => (v as Record<string, unknown>)[k] !== undefined).length;
    if (n !== 1) {
      throw new CborError(CborError.SCHEMA, `${path || c.name}: expected exactly one of ${keys.join(', ')}`);
    }
    return v;
  };
  return {
    name: c.name,
    toCbor: (v, path) => c.toCbor(check(v, path), path),
    fromCbor: (r, path) => check(c.fromCbor(r, path), path),
  };
}
