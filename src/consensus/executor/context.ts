/** Building the contexts programs see: one per block hook pass, one per transaction. */
import { bytesEqual, encodeWith } from '../../common/index.js';
import { DomainLedger } from '../accounts/ledger.js';
import { type classifyTx, type DomainView, domainsOf, isProgram } from '../classify.js';
import { ConsensusError } from '../errors.js';
import type {
  BlockContext,
  CrossDomainInput,
  DomainId,
  KvState,
  ServiceEvent,
  TxContext,
} from '../service.js';
import type { DecodedTx } from '../tx/envelope.js';
import { eventCodec } from '../tx/receipt.js';
import { writeEvent } from './event-bytes.js';
import type { GasMeter } from './gas.js';
import type { ChainParams } from './params.js';

/** The per-block facts shared by every context of the block. */
export interface BlockFacts {
  readonly domain: DomainId;
  readonly height: bigint;
  readonly epoch: bigint;
  readonly timeMs: bigint;
  readonly epochStart: boolean;
  readonly params: ChainParams;
  readonly view: DomainView;
  readonly crossDomain?: CrossDomainInput;
}

/** A block-hook context; events go to `sink`. */
export function blockContext(f: BlockFacts, state: KvState, sink: ServiceEvent[]): BlockContext {
  return contextWith(f, state, sink, new DomainLedger(state, f.domain, (a) => checkInDomain(f, a)));
}

function contextWith(
  f: BlockFacts,
  state: KvState,
  sink: ServiceEvent[],
  ledger: DomainLedger,
): BlockContext {
  return {
    chainContext: f.params.chainContext,
    domain: f.domain,
    height: f.height,
    epoch: f.epoch,
    timeMs: f.timeMs,
    epochStart: f.epochStart,
    state,
    ledger,
    emit: (e) => {
      const ev = eventOf(e);
      encodeEvent(ev);
      sink.push(ev);
    },
    programDomains: (p) => f.params.programs.domainsOf(p),
    crossDomain: f.crossDomain,
  };
}

/**
 * A transaction context; the events it emits go to `sink` and their canonical encodings (their
 * check, reused in the receipt) to `encoded`, in the same order. Its ledger may change only accounts of the executing domain that are
 * not programs (as in block hooks) and, when the transaction lists them, are listed writable; unlisted accounts of the
 * domain (module pools a service owns) stay reachable to their service. `tx` must be classified
 * to execute in `f.domain` ({@link classifyTx}): its guard relies on that for listed accounts.
 */
export function makeTxContext(
  f: BlockFacts,
  state: KvState,
  tx: DecodedTx,
  gas: GasMeter,
  sink: ServiceEvent[],
  encoded: Uint8Array[],
): TxContext {
  return new TxScope(f, state, tx, gas, sink, encoded);
}

/**
 * The transaction context as a class: one object and one guard closure per transaction, its
 * methods shared on the prototype (an object literal made three closures and their scope more).
 */
class TxScope implements TxContext {
  readonly chainContext: string;
  readonly domain: DomainId;
  readonly height: bigint;
  readonly epoch: bigint;
  readonly timeMs: bigint;
  readonly epochStart: boolean;
  readonly ledger: DomainLedger;
  readonly crossDomain?: CrossDomainInput;
  readonly signer: Uint8Array;
  readonly feePayer: Uint8Array;
  readonly accounts: DecodedTx['tx']['accounts'];
  readonly txHash: Uint8Array;

  constructor(
    private readonly f: BlockFacts,
    readonly state: KvState,
    tx: DecodedTx,
    private readonly gas: GasMeter,
    private readonly sink: ServiceEvent[],
    private readonly encoded: Uint8Array[],
  ) {
    this.chainContext = f.params.chainContext;
    this.domain = f.domain;
    this.height = f.height;
    this.epoch = f.epoch;
    this.timeMs = f.timeMs;
    this.epochStart = f.epochStart;
    this.ledger = new DomainLedger(state, f.domain, (address) => this.guard(address));
    this.crossDomain = f.crossDomain;
    this.signer = tx.signer;
    this.feePayer = tx.feePayer;
    this.accounts = tx.tx.accounts;
    this.txHash = tx.hash;
  }

  emit(e: ServiceEvent): void {
    const ev = eventOf(e);
    this.encoded.push(encodeEvent(ev));
    this.sink.push(ev);
  }

  programDomains(p: string): readonly DomainId[] {
    return this.f.params.programs.domainsOf(p);
  }

  useGas(n: bigint): void {
    this.gas.use(n);
  }

  private guard(address: Uint8Array): void {
    const listed = this.listingOf(address);
    // The transaction was classified to execute here, so every account it lists is in this
    // domain and none listed writable is a program: a writable listing passes every check.
    if (listed?.writable === true) return;
    checkInDomain(this.f, address);
    if (listed !== undefined)
      throw new ConsensusError(ConsensusError.ACCOUNT_NOT_WRITABLE, 'account is listed read-only');
  }

  /** The first listing of `address` (a transaction lists an address once), if any. */
  private listingOf(address: Uint8Array): DecodedTx['tx']['accounts'][number] | undefined {
    for (const a of this.accounts) if (bytesEqual(a.address, address)) return a;
    return undefined;
  }
}

/** Balance changes stay inside the executing domain and never touch a program (APE-2, APE-10). */
function checkInDomain(f: BlockFacts, address: Uint8Array): void {
  if (isProgram(address, f.view)) {
    throw new ConsensusError(ConsensusError.PROGRAM_WRITABLE, 'programs are never written (APE-10)');
  }
  if (!domainsOf(address, f.view).includes(f.domain)) {
    throw new ConsensusError(ConsensusError.ACCOUNT_NOT_IN_DOMAIN, `account is not in the ${f.domain}`);
  }
}

/** The event as kept: a fresh object of its three fields (nothing else of the emitter's). */
function eventOf(e: ServiceEvent): ServiceEvent {
  return { module: e?.module, kind: e?.kind, value: e?.value } as ServiceEvent;
}

/**
 * The event's canonical encoding (written directly in the common shape, else by the codec). Events
 * must fit the receipt format; checking at emit time fails the emitter, not the block.
 */
function encodeEvent(ev: ServiceEvent): Uint8Array {
  try {
    return writeEvent(ev) ?? encodeWith(eventCodec, ev);
  } catch (err) {
    throw new ConsensusError(ConsensusError.INVALID_BODY, `invalid event: ${(err as Error).message}`);
  }
}
