/**
 * Builders of BlockContext and TxContext over the in-memory fakes, and a tiny executor stand-in
 * that runs one method like the real executor: gas first, then the handler, and a failed
 * handler's writes (state and ledger) discarded.
 */
import { addressFromPublicKey } from '../../src/common/index.js';
import type {
  BlockContext,
  DomainId,
  MethodDef,
  Service,
  ServiceEvent,
  TxAccount,
  TxContext,
} from '../../src/consensus/index.js';
import { MapLedger, MemoryKvState } from './kv-state.js';

/** The shared world of one test: one domain's state, its ledger and the events emitted. */
export class World {
  readonly state = new MemoryKvState();
  readonly ledger = new MapLedger();
  readonly events: ServiceEvent[] = [];
  height = 1n;
  epoch = 0n;

  /** A block context at the world's height and epoch (overridable). */
  block(over: { height?: bigint; epoch?: bigint; domain?: DomainId } = {}): BlockContext {
    return {
      chainContext: 'test-chain',
      domain: over.domain ?? 'ued',
      height: over.height ?? this.height,
      epoch: over.epoch ?? this.epoch,
      timeMs: 0n,
      state: this.state,
      ledger: this.ledger,
      emit: (e) => this.events.push(e),
    };
  }

  /** A tx context signed by `signer` (a 32-byte public key); its address is the fee payer. */
  tx(
    signer: Uint8Array,
    over: { accounts?: TxAccount[]; feePayer?: Uint8Array } = {},
  ): TxContext & {
    gasUsed: bigint;
  } {
    const ctx = {
      ...this.block(),
      signer,
      feePayer: over.feePayer ?? addressFromPublicKey(signer),
      accounts: over.accounts ?? [],
      gasUsed: 0n,
      useGas(amount: bigint) {
        ctx.gasUsed += amount;
      },
    };
    return ctx;
  }

  /** Run `method` as the executor would: decode the body, charge gas, roll back on failure. */
  async run<B>(method: MethodDef<B>, signer: Uint8Array, body: unknown): Promise<void> {
    const savedState = this.state.clone();
    const savedLedger = this.ledger.snapshot();
    const savedEvents = this.events.length;
    try {
      const decoded = method.body.fromCbor(method.body.toCbor(body as B, ''), '');
      const ctx = this.tx(signer);
      ctx.useGas(method.gas);
      await method.handle(ctx, decoded);
    } catch (e) {
      this.state.restore(savedState);
      this.ledger.restore(savedLedger);
      this.events.length = savedEvents;
      throw e;
    }
  }

  /** Advance to the first block of the next epoch and run the service's hooks for it. */
  async nextEpoch(service: Service, blocksPerEpoch: bigint): Promise<void> {
    await service.endBlock?.(this.block({ height: (this.epoch + 1n) * blocksPerEpoch - 1n }));
    this.epoch += 1n;
    this.height = this.epoch * blocksPerEpoch;
    await service.beginBlock?.(this.block());
    await service.onEpoch?.(this.block(), this.epoch);
  }
}

/** The method named `name` of `service`. */
export function method<B>(service: Service, name: string): MethodDef<B> {
  const m = service.methods.find((x) => x.name === name);
  if (!m) throw new TypeError(`no method ${name}`);
  return m as MethodDef<B>;
}
