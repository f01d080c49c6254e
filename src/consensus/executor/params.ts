/**
 * What the executor needs to know about the chain, all constant for its lifetime: the chain
 * context (signature separation), the epoch schedule, transaction limits and gas costs, and the
 * program table. Built from the genesis document (see genesis/params.ts).
 */
import type { ProgramTable } from '../accounts/programs.js';
import type { EpochSchedule } from '../epoch.js';
import { ConsensusError } from '../errors.js';
import type { MethodDef, Service } from '../service.js';

/** Chain constants the executor reads. */
export interface ChainParams {
  /** Hex SHA-512/256 of the genesis document. */
  readonly chainContext: string;
  readonly epochs: EpochSchedule;
  /** Largest signed transaction accepted, in bytes. */
  readonly maxTxBytes: number;
  /** Gas charged per byte of signed transaction, on top of the method's base gas. */
  readonly txByteGas: bigint;
  readonly programs: ProgramTable;
}

/** The methods of a service list by full name, with the services checked against the programs. */
export type MethodIndex = ReadonlyMap<string, MethodDef<unknown>>;

const indexes = new WeakMap<ChainParams, WeakMap<readonly Service[], MethodIndex>>();

/** Index (and validate once) a service list: unique names, each a known program, unique methods. */
export function methodIndex(services: readonly Service[], params: ChainParams): MethodIndex {
  let byList = indexes.get(params);
  if (byList === undefined) indexes.set(params, (byList = new WeakMap()));
  const cached = byList.get(services);
  if (cached !== undefined) return cached;
  const names = new Set<string>();
  const idx = new Map<string, MethodDef<unknown>>();
  for (const s of services) {
    if (names.has(s.name))
      throw new ConsensusError(ConsensusError.INVALID_SERVICES, `service ${s.name} twice`);
    if (params.programs.byName(s.name) === undefined) {
      throw new ConsensusError(ConsensusError.INVALID_SERVICES, `service ${s.name} is not a genesis program`);
    }
    names.add(s.name);
    for (const m of s.methods) {
      if (!m.name.startsWith(`${s.name}.`) || idx.has(m.name)) {
        throw new ConsensusError(ConsensusError.INVALID_SERVICES, `bad or duplicate method ${m.name}`);
      }
      idx.set(m.name, m);
    }
  }
  byList.set(services, idx);
  return idx;
}

/** The domains a method runs in (`domains` when given, else `domain`). */
export function methodDomains(m: MethodDef<unknown>): readonly string[] {
  return m.domains ?? [m.domain];
}
