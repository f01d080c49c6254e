/**
 * Names of the coded errors a receipt can carry. A receipt keeps only a module and a code (the
 * receipts root commits to them, not to text), so the API's message for a failed transaction is
 * the name of that code in its module's error class, e.g. `consensus` 21 → "insufficient balance".
 */
import { ConsensusError } from '../consensus/index.js';
import { DomainsError } from '../domains/index.js';
import { BeaconError } from '../services/beacon/index.js';
import { RegistryError } from '../services/registry/index.js';
import { RoothashError } from '../services/roothash/index.js';
import { SchedulerError } from '../services/scheduler/index.js';
import { StakingError } from '../services/staking/index.js';
import { SystemError } from '../services/system/index.js';
import { VoteError } from '../services/vote/index.js';

const CLASSES: ReadonlyArray<{ MODULE: string }> = [
  ConsensusError,
  SystemError,
  StakingError,
  VoteError,
  BeaconError,
  RegistryError,
  SchedulerError,
  RoothashError,
  DomainsError,
];

function namesOf(c: { MODULE: string }): Map<number, string> {
  const m = new Map<number, string>();
  for (const [k, v] of Object.entries(c)) {
    if (typeof v === 'number' && /^[A-Z][A-Z0-9_]*$/.test(k)) m.set(v, k.toLowerCase().replaceAll('_', ' '));
  }
  return m;
}

const NAMES = new Map(CLASSES.map((c) => [c.MODULE, namesOf(c)]));

/** The readable name of `code` in `module`, or `"<module> error <code>"` for an unknown one. */
export function errorName(module: string, code: number): string {
  return NAMES.get(module)?.get(code) ?? `${module} error ${code}`;
}
