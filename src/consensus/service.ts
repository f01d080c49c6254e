import type { Codec } from '../common/index.js';

/**
 * The contract between the block executor (`src/consensus`) and the programs (`src/services/*`).
 * Programs never see MKVS trees, threads or the clock: they get a context per transaction or per
 * block hook, read and write their domain's keys through it, and fail by throwing a TandemError
 * (its module and code go into the receipt). This file is the only place the contract is defined.
 */

/** The two consensus execution domains (spec/ape.md APE-5). */
export type DomainId = 'ved' | 'ued';

/**
 * Key/value state of one domain as seen inside a block. Reads see earlier writes of the same
 * block; the executor discards a failed transaction's writes (only its fee remains). Keys are
 * owned per service: each service keeps its key formats in its own `state/keys.ts` with a
 * one-byte service prefix registered in `src/consensus/state-prefixes.ts`.
 */
export interface KvState {
  get(key: Uint8Array): Promise<Uint8Array | null>;
  set(key: Uint8Array, value: Uint8Array): void;
  delete(key: Uint8Array): void;
  /** Entries whose key starts with `prefix`, in bytewise key order, pending writes included. */
  entries(prefix: Uint8Array): AsyncIterable<[Uint8Array, Uint8Array]>;
}

/** An event a program emits; kept in the receipt. `value` is canonical-CBOR-encodable. */
export interface ServiceEvent {
  readonly module: string;
  readonly kind: string;
  readonly value: unknown;
}

/**
 * Balances of the domain's accounts (account records belong to the executor's account store, in
 * the same domain tree). Amounts are bigint base units; nothing goes negative or overflows.
 */
export interface Ledger {
  balance(address: Uint8Array): Promise<bigint>;
  /** Adds to an account, creating a system account record mapped RW in this domain if absent. */
  credit(address: Uint8Array, amount: bigint): Promise<void>;
  /** Subtracts; throws the executor's insufficient-balance error and changes nothing if short. */
  debit(address: Uint8Array, amount: bigint): Promise<void>;
  /**
   * Optional {@link credit} without a promise: true when done; false, with nothing changed, when
   * the read must be awaited (then call `credit`). A refusal throws.
   */
  creditNow?(address: Uint8Array, amount: bigint): boolean;
  /** Optional {@link debit} without a promise, as {@link creditNow}. */
  debitNow?(address: Uint8Array, amount: bigint): boolean;
}

/** What a block hook sees. */
export interface BlockContext {
  readonly chainContext: string;
  readonly domain: DomainId;
  readonly height: bigint;
  /** Epoch of this block (epochtime: height / interval). */
  readonly epoch: bigint;
  /** Block time in milliseconds since the Unix epoch, from the header (APE-27), never the wall clock. */
  readonly timeMs: bigint;
  readonly state: KvState;
  readonly ledger: Ledger;
  emit(event: ServiceEvent): void;
  /** True in the first block of an epoch (set by the executor). */
  readonly epochStart?: boolean;
  /**
   * Domains a program is mapped into (RX), from genesis; set by the executor. Programs use it for
   * rules such as APE-13 (remaps only into domains where the owner program is present).
   */
  programDomains?(program: string): readonly DomainId[];
  /**
   * Pinned cross-domain inputs of this block (see {@link CrossDomainInput}); absent when the
   * caller gave none. Programs decode them strictly: they are bytes from outside the domain.
   */
  readonly crossDomain?: CrossDomainInput;
}

/**
 * Inputs a domain receives from outside its own state for one block, as canonical CBOR records by
 * name: what the other domain produced earlier (a stake snapshot, a VED membership) and facts of
 * the block itself (evidence, the last commit's votes). They are pinned: every node passes the
 * same bytes for the same block, so execution stays a pure function of its inputs (APE-2).
 */
export type CrossDomainInput = Readonly<Record<string, Uint8Array>>;

/** One account listed by a transaction. */
export interface TxAccount {
  readonly address: Uint8Array;
  readonly writable: boolean;
}

/** What a transaction handler sees, on top of the block context. */
export interface TxContext extends BlockContext {
  /** The signer's public key; its address is the fee payer. */
  readonly signer: Uint8Array;
  readonly feePayer: Uint8Array;
  /** The accounts the transaction declared; a handler touches no other account. */
  readonly accounts: readonly TxAccount[];
  /** Charges gas; throws the executor's out-of-gas error when the transaction's limit is passed. */
  useGas(amount: bigint): void;
  /** Hash of the signed transaction (set by the executor). */
  readonly txHash?: Uint8Array;
}

/** One transaction method of a service, e.g. `staking.AddEscrow`. */
export interface MethodDef<B> {
  /** Full method name `module.Method`. */
  readonly name: string;
  /** Which domain executes it (its accounts must be mapped there). */
  readonly domain: DomainId;
  /**
   * Every domain that executes it, when more than one (e.g. `system.Transfer` runs in both, each
   * time within one domain); overrides `domain` when set.
   */
  readonly domains?: readonly DomainId[];
  /** Strict decoder of the body. */
  readonly body: Codec<B>;
  /**
   * Optional direct reader of the body's signed bytes: the body exactly as `body` decodes it when
   * `bytes` is precisely the canonical encoding of a valid body, else undefined (the executor then
   * decodes and checks with `body`). It saves the generic decode, re-encode and comparison.
   */
  readBody?(bytes: Uint8Array): B | undefined;
  /** Gas charged before the handler runs. */
  readonly gas: bigint;
  handle(ctx: TxContext, body: B): Promise<void>;
  /**
   * Optional form of {@link handle} the executor uses instead, with the same effects: it may finish
   * without a promise (returning undefined) when it has nothing to wait for, and may throw its
   * refusal instead of rejecting. It saves a promise and a resumption per transaction.
   */
  handleNow?(ctx: TxContext, body: B): Promise<void> | undefined;
}

/** A consensus program. */
export interface Service {
  readonly name: string;
  // biome-ignore lint/suspicious/noExplicitAny: a service holds methods with different bodies
  readonly methods: readonly MethodDef<any>[];
  /** Writes the service's genesis state into the given domain. */
  initGenesis?(ctx: BlockContext, genesis: unknown): Promise<void>;
  beginBlock?(ctx: BlockContext): Promise<void>;
  endBlock?(ctx: BlockContext): Promise<void>;
  /** Called in the first block of each epoch after beginBlock. */
  onEpoch?(ctx: BlockContext, epoch: bigint): Promise<void>;
}
