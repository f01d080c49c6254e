/**
 * Mempool admission of the consensus app: strict decoding and the signature, then the fee payer's
 * record in its domain's last committed state must exist, be RW there, not be frozen, afford the
 * fee and carry a nonce not behind the transaction's. The UED state may lag (APE-21), so a UED
 * transaction admitted here can still be skipped at execution (APE-23).
 */
import { TandemError } from '../common/index.js';
import {
  accountKey,
  type ChainParams,
  ConsensusError,
  type DecodedTx,
  type DomainId,
  type DomainView,
  decodeAccount,
  decodeSignedTx,
  domainsOf,
  isFrozen,
  rwMapping,
  type VerifiedTxs,
} from '../consensus/index.js';

/** How far ahead of the account's nonce a transaction may be queued. */
export const MAX_NONCE_AHEAD = 64n;

/** The outcome of {@link checkTx}. */
export type CheckTxResult =
  | {
      readonly ok: true;
      readonly domain: DomainId;
      readonly hash: Uint8Array;
      /** The signer's address, the nonce and the fee amount (a mempool orders by them). */
      readonly feePayer: Uint8Array;
      readonly nonce: bigint;
      /** The fee payer's next nonce in the state read: a nonce above it waits for the ones below. */
      readonly accountNonce: bigint;
      readonly fee: bigint;
    }
  | { readonly ok: false; readonly module: string; readonly code: number; readonly reason: string };

function refuse(code: number, reason: string): CheckTxResult {
  return { ok: false, module: ConsensusError.MODULE, code, reason };
}

/**
 * The decodes of transactions a mempool holds, by the bytes object itself, so that the re-check
 * after every block does not decode (hash, parse, derive the fee payer) each waiting transaction
 * again. Sound because a mempool checks its own private copy of the bytes and never changes it,
 * and because a decode is reused only under the very params object it was made with (a change of
 * the chain's params decodes again). Entries go when the mempool lets go of the bytes.
 */
export class DecodedTxMemo {
  private readonly m = new WeakMap<Uint8Array, { readonly params: ChainParams; readonly tx: DecodedTx }>();

  /** The decode of exactly this bytes object under `params`, if remembered. */
  get(bytes: Uint8Array, params: ChainParams): DecodedTx | undefined {
    const e = this.m.get(bytes);
    return e?.params === params ? e.tx : undefined;
  }

  /** Remember a successful decode of `bytes` under `params`. */
  set(bytes: Uint8Array, params: ChainParams, tx: DecodedTx): void {
    this.m.set(bytes, { params, tx });
  }
}

/** What spares work in {@link checkTx}; each is optional. */
export interface CheckTxAids {
  /** Spares the signature check of bytes this node verified before, and learns new ones. */
  readonly verified?: VerifiedTxs;
  /** Remembers decodes; read only when `recheck` (a mempool's re-check of bytes it holds). */
  readonly memo?: DecodedTxMemo;
  readonly recheck?: boolean;
}

/**
 * Check a transaction against the committed state of its fee payer's domain. `aids.verified`
 * spares the signature check of bytes this node verified before (a mempool re-check) and learns
 * new ones; `aids.memo` with `aids.recheck` reuses the decode of the same bytes object.
 */
export async function checkTx(
  bytes: Uint8Array,
  params: ChainParams,
  view: DomainView,
  read: Record<DomainId, (key: Uint8Array) => Promise<Uint8Array | null>>,
  aids: CheckTxAids = {},
): Promise<CheckTxResult> {
  const tx = decodeOnce(bytes, params, aids);
  if ('ok' in tx) return tx;
  if (view.programs.byAddress(tx.feePayer) !== undefined) {
    return refuse(ConsensusError.PROGRAM_WRITABLE, 'a program cannot pay fees');
  }
  const domain = domainsOf(tx.feePayer, view)[0]!;
  const raw = await read[domain](accountKey(tx.feePayer));
  const rec = raw === null ? null : decodeAccount(raw);
  if (rec === null || rec.mapping !== rwMapping(domain)) {
    return refuse(ConsensusError.INSUFFICIENT_BALANCE, `fee payer has no account in the ${domain}`);
  }
  if (isFrozen(rec, domain)) return refuse(ConsensusError.ACCOUNT_FROZEN, 'fee payer is frozen by a remap');
  if (rec.balance < tx.tx.fee.amount)
    return refuse(ConsensusError.INSUFFICIENT_BALANCE, 'fee payer cannot pay the fee');
  if (tx.tx.nonce < rec.nonce || tx.tx.nonce >= rec.nonce + MAX_NONCE_AHEAD) {
    return refuse(ConsensusError.INVALID_NONCE, `nonce ${tx.tx.nonce} unusable (account at ${rec.nonce})`);
  }
  return {
    ok: true,
    domain,
    hash: tx.hash,
    feePayer: tx.feePayer,
    nonce: tx.tx.nonce,
    accountNonce: rec.nonce,
    fee: tx.tx.fee.amount,
  };
}

/** The strict decode of `bytes` (remembered on a re-check), or the coded refusal. */
function decodeOnce(
  bytes: Uint8Array,
  params: ChainParams,
  aids: CheckTxAids,
): DecodedTx | (CheckTxResult & { ok: false }) {
  const known = aids.recheck === true ? aids.memo?.get(bytes, params) : undefined;
  if (known !== undefined) return known;
  try {
    const opts = aids.verified ? { verified: aids.verified } : {};
    const tx = decodeSignedTx(bytes, params.chainContext, params.maxTxBytes, opts);
    aids.memo?.set(bytes, params, tx);
    return tx;
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    return { ok: false, module: e.module, code: e.code, reason: e.message };
  }
}
