/**
 * Programs (spec/ape.md APE-10, APE-12): each service is a program with a fixed module address
 * (`addressFromModule(name, "program")`) and a read/execute mapping fixed at genesis. The system
 * and vote programs are mapped RX-UED-VED; other programs RX-UED unless genesis names them as
 * VED programs (the VED infrastructure DESIGN.md §1 lists). The table is constant for the chain,
 * so both domains share it read-only (APE-2).
 */
import { addressFromModule, toHex } from '../../common/index.js';
import { ConsensusError } from '../errors.js';
import type { DomainId } from '../service.js';
import { addressTag } from './keys.js';
import { Mapping, mappingDomains } from './mapping.js';

/** Programs genesis always maps into the VED (APE-12). */
export const REQUIRED_VED_PROGRAMS: readonly string[] = ['system', 'vote'];

/** The fixed address of a program. */
export function programAddress(name: string): Uint8Array {
  return addressFromModule(name, 'program');
}

/** One program of the table. */
export interface ProgramEntry {
  readonly name: string;
  readonly address: Uint8Array;
  readonly mapping: Mapping;
}

/** The chain's programs by name and by address. */
export class ProgramTable {
  readonly #byName = new Map<string, ProgramEntry>();
  readonly #byAddress = new Map<string, ProgramEntry>();
  /** {@link addressTag}s of the program addresses: most lookups end here, without hex. */
  readonly #tags = new Set<number>();

  /** Build from program names; those in `vedPrograms` (and system, vote) are RX-UED-VED. */
  constructor(names: readonly string[], vedPrograms: readonly string[] = REQUIRED_VED_PROGRAMS) {
    const ved = new Set([...REQUIRED_VED_PROGRAMS, ...vedPrograms]);
    for (const name of [...new Set([...names, ...REQUIRED_VED_PROGRAMS])]) {
      if (!/^[a-z][a-z0-9_-]{0,31}$/.test(name)) {
        throw new ConsensusError(
          ConsensusError.INVALID_SERVICES,
          `invalid program name ${JSON.stringify(name)}`,
        );
      }
      const mapping = ved.has(name) ? Mapping.RX_UED_VED : Mapping.RX_UED;
      const e: ProgramEntry = { name, address: programAddress(name), mapping };
      this.#byName.set(name, e);
      this.#byAddress.set(toHex(e.address), e);
      this.#tags.add(addressTag(e.address));
    }
  }

  /** Every program, sorted by name. */
  entries(): ProgramEntry[] {
    return [...this.#byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  byName(name: string): ProgramEntry | undefined {
    return this.#byName.get(name);
  }

  /** The program at an address, if the address is a program. */
  byAddress(address: Uint8Array): ProgramEntry | undefined {
    if (!this.#tags.has(addressTag(address))) return undefined;
    return this.#byAddress.get(toHex(address));
  }

  /** Domains a program is mapped into (empty for unknown names). */
  domainsOf(name: string): readonly DomainId[] {
    const e = this.#byName.get(name);
    return e === undefined ? [] : mappingDomains(e.mapping);
  }

  /** True when the program is present (RX) in the domain. */
  isIn(name: string, d: DomainId): boolean {
    return this.domainsOf(name).includes(d);
  }
}
