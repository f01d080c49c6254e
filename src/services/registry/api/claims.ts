/**
 * What the registry needs from staking, injected (staking is another program; the composition
 * root wires the real implementation). The registry works out which thresholds an owner's
 * registrations claim; the implementation answers whether the owner's escrow covers them.
 */
import type { KvState } from '../../../consensus/index.js';
import type { ThresholdKind } from './runtime-params.js';

/** Everything an owner's registrations claim: one global threshold per entry, plus extras. */
export interface StakeRequirement {
  /** Global threshold kinds claimed (repeated once per claiming registration). */
  readonly kinds: readonly ThresholdKind[];
  /** Sum of per-runtime node thresholds on top of the global ones. */
  readonly extra: bigint;
}

/** Answers whether an account's escrow covers a requirement. */
export interface StakeClaims {
  /** `owner` is a staking address (21 bytes): an entity's, or a runtime's under runtime governance. */
  covers(state: Pick<KvState, 'get' | 'entries'>, owner: Uint8Array, req: StakeRequirement): Promise<boolean>;
}

/** A claims check that accepts everything (Oasis `debug_bypass_stake`); the default in tests. */
export const bypassStakeClaims: StakeClaims = { covers: async () => true };
