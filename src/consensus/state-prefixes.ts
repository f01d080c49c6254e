/**
 * The one-byte key prefix of every owner of consensus state, in one table so that no two owners
 * can collide. Each owner keeps the rest of its key formats in its own `state/keys.ts` (or, for
 * the executor's own records, `accounts/keys.ts`). Values are never reused once assigned.
 */
export const StatePrefix = {
  /** Account records, `0x01 ‖ address` (consensus/accounts). */
  accounts: 0x01,
  /** Pending remaps, `0x02 ‖ epoch ‖ address` (consensus/accounts). */
  remaps: 0x02,
  /** Per-domain fee pool and other executor records (consensus/executor). */
  executor: 0x03,
  system: 0x10,
  epochtime: 0x11,
  vote: 0x56,
  staking: 0x53,
  beacon: 0x40,
  registry: 0x52,
  scheduler: 0x43,
  roothash: 0x48,
  governance: 0x80,
} as const;

/** The name of a state owner. */
export type StateOwner = keyof typeof StatePrefix;

/** The prefix byte of an owner as a one-byte array, for building keys. */
export function statePrefix(owner: StateOwner): Uint8Array {
  return Uint8Array.of(StatePrefix[owner]);
}
