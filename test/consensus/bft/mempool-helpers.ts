// Test transactions whose bytes spell out sender, nonce and fee, and a checkTx that reads them.
import { fromUtf8, toHex, utf8 } from '../../../src/common/index.js';
import type { MempoolOptions, TxCheck } from '../../../src/consensus/bft/index.js';

/** Parsed fields of a test transaction. */
export interface TxFields {
  sender: string;
  nonce: bigint;
  fee: bigint;
}

/** `sender|nonce|fee|` padded with `.` to `size` bytes (or longer when the header needs it). */
export function mkTx(
  sender: string,
  nonce: number | bigint,
  fee: number | bigint,
  size = 100,
  salt = '',
): Uint8Array {
  const head = `${sender}|${nonce}|${fee}|${salt}`;
  return utf8(head.padEnd(size, '.'));
}

/** Inverse of {@link mkTx}. */
export function parseTx(tx: Uint8Array): TxFields | undefined {
  const parts = fromUtf8(tx).split('|');
  if (parts.length < 4) return undefined;
  try {
    return { sender: parts[0]!, nonce: BigInt(parts[1]!), fee: BigInt(parts[2]!) };
  } catch {
    return undefined;
  }
}

/** A checkTx that accepts well-formed test transactions unless their hex hash is in `bad`. */
export class FakeApp {
  readonly bad = new Set<string>();
  /** Senders' next nonces as the fake state knows them (a check then reports `next`). */
  readonly accountNonce = new Map<string, bigint>();
  readonly calls: { mode: 'new' | 'recheck'; tx: Uint8Array }[] = [];
  readonly check = (tx: Uint8Array, mode: 'new' | 'recheck'): TxCheck => {
    this.calls.push({ mode, tx });
    const f = parseTx(tx);
    if (!f) return { ok: false, reason: 'unparseable' };
    if (this.bad.has(this.key(tx))) return { ok: false, reason: 'invalid in current state' };
    const next = this.accountNonce.get(f.sender);
    if (next === undefined) return { ok: true, ...f };
    if (f.nonce < next) return { ok: false, reason: 'nonce behind the account' };
    return { ok: true, ...f, next };
  };
  key(tx: Uint8Array): string {
    return toHex(tx);
  }
  rejectTx(tx: Uint8Array): void {
    this.bad.add(this.key(tx));
  }
}

/** Options with generous bounds, overridden by `o`. */
export function opts(app: FakeApp, o: Partial<MempoolOptions> = {}): MempoolOptions {
  return { maxTxs: 100, maxBytes: 100_000, maxTxBytes: 10_000, maxPerSender: 16, checkTx: app.check, ...o };
}

/** Decoded `sender:nonce` labels of a reaped list, for readable assertions. */
export function labels(txs: Uint8Array[]): string[] {
  return txs.map((t) => {
    const f = parseTx(t)!;
    return `${f.sender}:${f.nonce}`;
  });
}
