/**
 * Building a genesis document for a set of validators: their vote accounts (VED), role accounts
 * mapped RW-VED, the staking delegations that give them stake (UED), BFT validators whose powers
 * follow from that stake exactly as the vote program computes them, and an insecure beacon.
 */
import { addressFromPublicKey, toHex } from '../common/index.js';
import { type GenesisDocument, Mapping, validateGenesis } from '../consensus/index.js';
import type { RegistryGenesis } from '../services/registry/index.js';
import { powerDivisor, powerOf } from '../services/vote/index.js';
import { registrySection } from './genesis-registry.js';

/** One validator of a genesis. */
export interface GenesisValidatorSpec {
  /** Consensus public key (32 bytes). */
  readonly node: Uint8Array;
  readonly authority: Uint8Array;
  readonly feePayer: Uint8Array;
  readonly fund: Uint8Array;
  /** Stake escrowed to the vote account by the authority (must exceed the minimum). */
  readonly stake: bigint;
}

/** What {@link buildGenesis} takes. */
export interface GenesisSpec {
  readonly chainId: string;
  readonly genesisTimeMs: bigint;
  readonly epochInterval: bigint;
  readonly minStake: bigint;
  readonly validators: readonly GenesisValidatorSpec[];
  /** Balance of each validator's role accounts (RW-VED). */
  readonly roleBalance: bigint;
  /** Other accounts. */
  readonly accounts?: readonly { address: Uint8Array; balance: bigint; mapping: Mapping }[];
  /** Common pool the staking rewards are paid from. */
  readonly commonPool?: bigint;
  /** Registered entities and nodes (default: none, with default parameters). */
  readonly registry?: RegistryGenesis;
}

/** A validated genesis document for the spec. */
export function buildGenesis(s: GenesisSpec): GenesisDocument {
  const accounts = new Map<string, GenesisDocument['accounts'][number]>();
  for (const v of s.validators) {
    for (const a of [v.authority, v.feePayer, v.fund]) {
      accounts.set(toHex(a), {
        address: a,
        balance: s.roleBalance,
        mapping: Mapping.RW_VED,
        owner: 'system',
      });
    }
  }
  for (const a of s.accounts ?? []) accounts.set(toHex(a.address), { ...a, owner: 'system' });
  const divisor = powerDivisor(s.validators.map((v) => v.stake));
  return validateGenesis({
    chain_id: s.chainId,
    genesis_time_ms: s.genesisTimeMs,
    params: {
      epoch_interval: s.epochInterval,
      max_tx_bytes: 32 * 1024,
      gas_costs: { tx_byte: 1n },
      min_validator_stake: s.minStake,
      ved_programs: ['system', 'vote', 'beacon', 'registry', 'scheduler', 'roothash'],
    },
    accounts: [...accounts.values()],
    validators: s.validators.map((v) => ({ public_key: v.node, power: powerOf(v.stake, divisor) })),
    services: {
      vote: {
        accounts: s.validators.map((v) => ({
          node: v.node,
          authority: v.authority,
          fee_payer: v.feePayer,
          fund: v.fund,
        })),
      },
      staking: {
        params: {
          debonding_interval: 2n,
          reward_schedule: [{ until_epoch: 1_000_000n, rate_numerator: 1n, rate_denominator: 100n }],
          min_delegation: 1n,
        },
        common_pool: s.commonPool ?? 1_000_000_000n,
        delegations: s.validators.map((v) => ({
          delegator: v.authority,
          account: addressFromPublicKey(v.node),
          amount: v.stake,
        })),
      },
      beacon: { params: { backend: 'insecure', proof_delay: 0n, alpha_hq_threshold: 1n } },
      ...(s.registry ? { registry: registrySection(s.registry) } : {}),
    },
  });
}
