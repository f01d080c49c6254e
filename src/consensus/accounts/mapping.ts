/**
 * Domain mappings (spec/ape.md APE-9…11): every account records which domains it is mapped into,
 * like a hypervisor tracking which VM owns a page. Programs are read/execute only (RX-UED or
 * RX-UED-VED); accounts are read/write in exactly one domain (RW-VED or RW-UED). No account is
 * ever writable in two domains.
 */
import { CborError, type Codec } from '../../common/index.js';
import type { DomainId } from '../service.js';

/** The four valid mappings, as stored (u8). */
export const Mapping = {
  RX_UED: 1,
  RX_UED_VED: 2,
  RW_VED: 3,
  RW_UED: 4,
} as const;
/** A mapping code. */
export type Mapping = (typeof Mapping)[keyof typeof Mapping];

const NAMES: Record<Mapping, string> = {
  [Mapping.RX_UED]: 'RX-UED',
  [Mapping.RX_UED_VED]: 'RX-UED-VED',
  [Mapping.RW_VED]: 'RW-VED',
  [Mapping.RW_UED]: 'RW-UED',
};

/** True for one of the four valid mapping codes (APE-9). */
export function isMapping(v: unknown): v is Mapping {
  return v === 1 || v === 2 || v === 3 || v === 4;
}

/** True for program mappings (APE-10). */
export function isProgramMapping(m: Mapping): boolean {
  return m === Mapping.RX_UED || m === Mapping.RX_UED_VED;
}

/** The text form, e.g. `RW-VED`. */
export function mappingName(m: Mapping): string {
  return NAMES[m];
}

/** Parse the text form (case-insensitive); undefined when it is not one of the four. */
export function parseMapping(s: string): Mapping | undefined {
  const u = s.toUpperCase();
  for (const [k, v] of Object.entries(NAMES)) if (v === u) return Number(k) as Mapping;
  return undefined;
}

/** The domains a mapping makes the account visible in. */
export function mappingDomains(m: Mapping): readonly DomainId[] {
  if (m === Mapping.RX_UED_VED) return BOTH;
  return m === Mapping.RW_VED ? VED_ONLY : UED_ONLY;
}

// Shared (frozen) answers: classification asks for every listed account.
const BOTH: readonly DomainId[] = Object.freeze(['ved', 'ued']);
const VED_ONLY: readonly DomainId[] = Object.freeze(['ved']);
const UED_ONLY: readonly DomainId[] = Object.freeze(['ued']);

/** The read/write mapping of an account in a domain. */
export function rwMapping(d: DomainId): Mapping {
  return d === 'ved' ? Mapping.RW_VED : Mapping.RW_UED;
}

/** Codec of a domain id as text (`"ved"` or `"ued"`). */
export const domainIdCodec: Codec<DomainId> = {
  name: 'domain',
  toCbor: (v, p) => checkDomainId(v, p),
  fromCbor: (r, p) => checkDomainId(r, p),
};

function checkDomainId(v: unknown, path: string): DomainId {
  if (v !== 'ved' && v !== 'ued') throw new CborError(CborError.SCHEMA, `${path}: expected "ved" or "ued"`);
  return v;
}
