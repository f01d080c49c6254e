/**
 * One transaction in one domain. Order: classification (skip / fail / execute); the fee payer
 * must exist in the domain, not be frozen (a UED account with a pending remap), carry its current nonce and afford the fee, otherwise
 * the transaction is skipped with no receipt (APE-23; a replayed nonce is skipped the same way);
 * then the fee is charged and the nonce bumped, kept even when the transaction fails; then gas
 * (per byte plus the method's base), the strict body decoding and the handler, all rolled back on
 * failure.
 */
import { bytesEqual, encodeCanonical, TandemError, toWireError } from '../../common/index.js';
import { rwMapping } from '../accounts/mapping.js';
import type { AccountRecord } from '../accounts/record.js';
import { isFrozen } from '../accounts/remap.js';
import {
  addAmount,
  addToFeePool,
  feePoolNow,
  getAccount,
  getAccountNow,
  putAccount,
  setFeePool,
} from '../accounts/store.js';
import { type Classification, classifyTx } from '../classify.js';
import { ConsensusError } from '../errors.js';
import type { MethodDef, ServiceEvent } from '../service.js';
import type { DecodedTx } from '../tx/envelope.js';
import { encodeReceipt, MAX_TX_EVENTS, type Receipt, ReceiptStatus } from '../tx/receipt.js';
import { writeReceipt } from '../tx/receipt-bytes.js';
import { type BlockFacts, makeTxContext } from './context.js';
import { GasMeter } from './gas.js';
import type { BlockOverlay } from './overlay.js';
import { type MethodIndex, methodDomains } from './params.js';

const MAX_NONCE = 0xffffffffffffffffn;

/** A receipt with its canonical bytes (what the receipts root commits to). */
export interface RanTx {
  readonly receipt: Receipt;
  readonly encoded: Uint8Array;
}

/**
 * Run one decoded transaction: its receipt, or null when the domain skips it. The result is a
 * promise only when a read or the handler must be awaited; a transfer with its paths at hand runs
 * to the end at once, with no promise or resumption per transaction.
 */
export function runTx(
  f: BlockFacts,
  state: BlockOverlay,
  methods: MethodIndex,
  tx: DecodedTx,
): RanTx | null | Promise<RanTx | null> {
  const cls = classifyTx(f.domain, tx.tx.accounts, f.view);
  if (cls.kind === 'skip') return null;
  const charged = chargeFeeNow(f, state, tx);
  if (charged === undefined) {
    return chargeFee(f, state, tx).then((ok) => (ok ? runCharged(f, state, methods, tx, cls) : null));
  }
  return charged ? runCharged(f, state, methods, tx, cls) : null;
}

/** The transaction after its fee: fail as classified, or gas, body and handler under a checkpoint. */
function runCharged(
  f: BlockFacts,
  state: BlockOverlay,
  methods: MethodIndex,
  tx: DecodedTx,
  cls: Classification,
): RanTx | Promise<RanTx> {
  if (cls.kind === 'fail') return failed(new ConsensusError(cls.code, cls.reason), 0n);
  const gas = new GasMeter(tx.tx.fee.gas);
  const events: ServiceEvent[] = [];
  const encoded: Uint8Array[] = [];
  state.checkpoint();
  let pending: Promise<void> | undefined;
  try {
    const m = methodOf(f, methods, tx);
    gas.use(f.params.txByteGas * BigInt(tx.size));
    gas.use(m.gas);
    // The decode read the body already when the executor's block decoder asked (`knownBody`).
    const fast =
      tx.readBody ??
      (tx.bodyBytes !== undefined && m.readBody !== undefined ? m.readBody(tx.bodyBytes) : undefined);
    const body = fast !== undefined ? fast : checkedBody(m, tx);
    // Events land in the receipt only if the handler succeeds (they are dropped otherwise).
    const ctx = makeTxContext(f, state, tx, gas, events, encoded);
    pending = m.handleNow !== undefined ? m.handleNow(ctx, body) : m.handle(ctx, body);
  } catch (e) {
    return undo(state, e, gas);
  }
  if (pending === undefined) return settle(state, gas, events, encoded);
  return pending.then(
    () => settle(state, gas, events, encoded),
    (e: unknown) => undo(state, e, gas),
  );
}

/** The handler succeeded: keep its writes and make the receipt (too many events fail it). */
function settle(state: BlockOverlay, gas: GasMeter, events: ServiceEvent[], encoded: Uint8Array[]): RanTx {
  try {
    if (events.length > MAX_TX_EVENTS)
      throw new ConsensusError(ConsensusError.INVALID_BODY, 'too many events');
    state.release();
    return withBytes({ status: ReceiptStatus.Ok, module: '', code: 0, gas_used: gas.used, events }, encoded);
  } catch (e) {
    return undo(state, e, gas);
  }
}

/** The transaction failed: undo its writes since the checkpoint; a storage failure fails the block. */
function undo(state: BlockOverlay, e: unknown, gas: GasMeter): RanTx {
  state.rollback();
  if (TandemError.is(e, 'mkvs')) throw e; // storage failure: the block cannot be executed here
  return failed(e, gas.used);
}

/** Charge the fee and bump the nonce; false (nothing changed) when the fee payer is invalid. */
async function chargeFee(f: BlockFacts, state: BlockOverlay, tx: DecodedTx): Promise<boolean> {
  const rec = await getAccount(state, tx.feePayer);
  if (!canPayFee(f, tx, rec)) return false;
  putAccount(state, tx.feePayer, afterFee(rec, tx));
  await addToFeePool(state, tx.tx.fee.amount);
  return true;
}

/**
 * {@link chargeFee} without a promise when both reads can be answered at once (the usual case:
 * the paths are at hand); undefined, with nothing changed, when one must be awaited.
 */
function chargeFeeNow(f: BlockFacts, state: BlockOverlay, tx: DecodedTx): boolean | undefined {
  const rec = getAccountNow(state, tx.feePayer);
  if (rec === undefined) return undefined;
  const { amount } = tx.tx.fee;
  const pool = amount === 0n ? 0n : feePoolNow(state);
  if (pool === undefined) return undefined;
  if (!canPayFee(f, tx, rec)) return false;
  putAccount(state, tx.feePayer, afterFee(rec, tx));
  if (amount !== 0n) setFeePool(state, addAmount(pool, amount));
  return true;
}

/** APE-23: the fee payer exists in the domain, is not frozen, has the nonce and the fee. */
function canPayFee(f: BlockFacts, tx: DecodedTx, rec: AccountRecord | null): rec is AccountRecord {
  if (rec === null || rec.mapping !== rwMapping(f.domain) || isFrozen(rec, f.domain)) return false;
  return rec.nonce === tx.tx.nonce && rec.nonce !== MAX_NONCE && rec.balance >= tx.tx.fee.amount;
}

function afterFee(rec: AccountRecord, tx: DecodedTx): AccountRecord {
  return { ...rec, balance: rec.balance - tx.tx.fee.amount, nonce: rec.nonce + 1n };
}

/** The transaction's method, which must exist and run in this domain. */
function methodOf(f: BlockFacts, methods: MethodIndex, tx: DecodedTx): MethodDef<unknown> {
  const m = methods.get(tx.tx.method);
  if (m === undefined) {
    throw new ConsensusError(ConsensusError.UNKNOWN_METHOD, `unknown method ${tx.tx.method}`);
  }
  if (!methodDomains(m).includes(f.domain)) {
    throw new ConsensusError(
      ConsensusError.METHOD_NOT_IN_DOMAIN,
      `${m.name} does not run in the ${f.domain}`,
    );
  }
  return m;
}

/** The body by the method's codec, which must be exactly the canonical form of what it decoded. */
function checkedBody(m: MethodDef<unknown>, tx: DecodedTx): unknown {
  try {
    const body = m.body.fromCbor(tx.tx.body, 'body');
    // No explicit defaults: re-encoding what the codec decoded must give the signed bytes.
    const signed = tx.bodyBytes ?? encodeCanonical(tx.tx.body);
    if (!bytesEqual(encodeCanonical(m.body.toCbor(body, 'body')), signed)) {
      throw new ConsensusError(ConsensusError.INVALID_BODY, 'body is not in canonical form');
    }
    return body;
  } catch (e) {
    throw new ConsensusError(ConsensusError.INVALID_BODY, `invalid body: ${(e as Error).message}`);
  }
}

/** The receipt and its bytes: written directly from the events' encodings, else by the codec. */
function withBytes(receipt: Receipt, events: readonly Uint8Array[]): RanTx {
  const { status, module, code, gas_used } = receipt;
  const encoded = writeReceipt(status, module, code, gas_used, events) ?? encodeReceipt(receipt);
  return { receipt, encoded };
}

/** A failed receipt; a module name or code that does not fit the receipt format is normalized. */
function failed(e: unknown, gasUsed: bigint): RanTx {
  const w = toWireError(e);
  const fits = Number.isInteger(w.code) && w.code > 0 && w.code <= 0xffffffff && w.module.length <= 64;
  const [module, code] = fits ? [w.module, w.code] : ['unknown', 1];
  return withBytes({ status: ReceiptStatus.Failed, module, code, gas_used: gasUsed, events: [] }, []);
}
