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
 * Check a transaction against the committed state of its fee payer's domain; `verified` spares
 * the signature check of bytes this node verified before (a mempool re-check) and learns new ones.
 */
export async function checkTx(
  bytes: Uint8Array,
  params: ChainParams,
  view: DomainView,
  read: Record<DomainId, (key: Uint8Array) => Promise<Uint8Array | null>>,
  verified?: VerifiedTxs,
): Promise<CheckTxResult> {
  let tx: ReturnType<typeof decodeSignedTx>;
  try {
    tx = decodeSignedTx(bytes, params.chainContext, params.maxTxBytes, verified ? { verified } : {});
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    return { ok: false, module: e.module, code: e.code, reason: e.message };
  }
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
