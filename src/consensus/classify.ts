/**
 * Domain classification of a transaction (spec/ape.md APE-4, APE-10, APE-14, APE-16), a pure
 * function of the executing domain, the listed accounts and the shared read-only view (the
 * epoch's VED account set and the program table). For the executing domain D:
 * - the fee payer (account 0) is not in D → skip (no receipt in D);
 * - the fee payer is in D and some listed account is not, or a program is listed writable →
 *   fail: the fee is charged, the effects are not;
 * - every listed account is in D → execute.
 * An account is in the VED when the VED set holds it, a program is in the domains of its RX
 * mapping, and every other account is in the UED.
 */
import type { ProgramTable } from './accounts/programs.js';
import { ConsensusError } from './errors.js';
import type { DomainId, TxAccount } from './service.js';

/** What a domain does with a transaction. */
export type Classification =
  | { readonly kind: 'execute' }
  | { readonly kind: 'fail'; readonly code: number; readonly reason: string }
  | { readonly kind: 'skip' };

/** The shared, epoch-constant state classification reads. */
export interface DomainView {
  readonly vedSet: { has(address: Uint8Array): boolean };
  readonly programs: ProgramTable;
}

// Shared answers for plain accounts, so that a look-up allocates nothing (they are read-only).
const VED_ONLY: readonly DomainId[] = Object.freeze(['ved']);
const UED_ONLY: readonly DomainId[] = Object.freeze(['ued']);

/** The domains an address is mapped into (a shared, frozen list). */
export function domainsOf(address: Uint8Array, view: DomainView): readonly DomainId[] {
  const p = view.programs.byAddress(address);
  if (p !== undefined) return view.programs.domainsOf(p.name);
  return view.vedSet.has(address) ? VED_ONLY : UED_ONLY;
}

/** True when the address is a program. */
export function isProgram(address: Uint8Array, view: DomainView): boolean {
  return view.programs.byAddress(address) !== undefined;
}

/** True when a plain (non-program) account is in domain `d`: the VED set decides. */
function accountIn(d: DomainId, address: Uint8Array, view: DomainView): boolean {
  return view.vedSet.has(address) === (d === 'ved');
}

const EXECUTE: Classification = { kind: 'execute' };
const SKIP: Classification = { kind: 'skip' };

/**
 * True when domain `d` skips every transaction paid by `payer` (a program, or an account outside
 * `d`), whatever else the transaction lists: the first rule of {@link classifyTx}.
 */
export function skipsFeePayer(d: DomainId, payer: Uint8Array, view: DomainView): boolean {
  return isProgram(payer, view) || !accountIn(d, payer, view);
}

/**
 * Classify a transaction's listed accounts (account 0 is the fee payer) for domain `d`. Runs for
 * every transaction in both domains, so each address is looked up once (one program-table and,
 * for accounts, one VED-set look-up) and nothing is allocated.
 */
export function classifyTx(d: DomainId, accounts: readonly TxAccount[], view: DomainView): Classification {
  const payer = accounts[0];
  if (payer === undefined || skipsFeePayer(d, payer.address, view)) return SKIP;
  // The fee payer is an account of `d`, so it passes both checks below.
  for (let i = 1; i < accounts.length; i++) {
    const a = accounts[i]!;
    const p = view.programs.byAddress(a.address);
    if (p !== undefined && a.writable) {
      return { kind: 'fail', code: ConsensusError.PROGRAM_WRITABLE, reason: 'a program is listed writable' };
    }
    if (p !== undefined ? !view.programs.isIn(p.name, d) : !accountIn(d, a.address, view)) {
      return {
        kind: 'fail',
        code: ConsensusError.ACCOUNT_NOT_IN_DOMAIN,
        reason: `a listed account is not in the ${d}`,
      };
    }
  }
  return EXECUTE;
}
