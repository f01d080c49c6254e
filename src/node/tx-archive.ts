/**
 * The node's persistent transaction index (LevelDB under `data_dir/tx-index`): where each
 * transaction was included, the receipt its domain produced, and each block's height by hash, so
 * `getTx`, `getBlockByHash` and execution status still answer for old transactions after a restart
 * (the in-memory {@link TxIndex} keeps only recent ones). Layout: `l ‖ tx hash` → u64be(height) ‖
 * u32be(index); `r ‖ tx hash` → canonical CBOR `{domain, receipt}`; `b ‖ block hash` → u64be(height).
 * Writes are queued in call order and not synced: an index entry lost in a crash only makes an old
 * transaction unknown, it changes no chain state. Reads are strict: a malformed record is a
 * `NodeError` CORRUPT, never a wrong answer.
 */
import { ClassicLevel } from 'classic-level';
import {
  concatBytes,
  decodeWith,
  encodeWith,
  readU64be,
  struct,
  TandemError,
  text,
  u32be,
  u64be,
} from '../common/index.js';
import { type Receipt, receiptCodec } from '../consensus/index.js';
import { NodeError } from './errors.js';
import type { IndexedReceipt, TxLocation } from './tx-index.js';

const LOCATION = 0x6c; // 'l'
const RECEIPT = 0x72; // 'r'
const BLOCK = 0x62; // 'b'
/** Largest stored receipt record (a receipt holds at most 256 events of bounded size). */
const MAX_RECORD_BYTES = 4 << 20;

const recordCodec = struct({ domain: text(3), receipt: receiptCodec }, 'IndexedReceipt');

/** What the backend asks of a persistent index. */
export interface TxArchive {
  /** Queue a decided block's hash and its transactions' positions. */
  putBlock(height: bigint, blockHash: Uint8Array, txHashes: readonly Uint8Array[]): void;
  /** Queue a domain's receipts. */
  putReceipts(domain: 'ved' | 'ued', receipts: readonly { txHash: Uint8Array; receipt: Receipt }[]): void;
  location(txHash: Uint8Array): Promise<TxLocation | undefined>;
  receipt(txHash: Uint8Array): Promise<IndexedReceipt | undefined>;
  blockHeight(blockHash: Uint8Array): Promise<bigint | undefined>;
  /** Settles once every queued write is done. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const key = (tag: number, h: Uint8Array) => concatBytes(Uint8Array.of(tag), h);

function corrupt(what: string): NodeError {
  return new NodeError(NodeError.CORRUPT, `transaction index: malformed ${what} record`);
}

/** A {@link TxArchive} in a LevelDB directory. */
export class LevelTxArchive implements TxArchive {
  private tail: Promise<void> = Promise.resolve();

  private constructor(
    private readonly db: ClassicLevel<Uint8Array, Uint8Array>,
    private readonly onError: (e: unknown) => void,
  ) {}

  /** Open (creating) the archive in `dir`; failed writes are reported to `onError`. */
  static async open(dir: string, onError: (e: unknown) => void = () => {}): Promise<LevelTxArchive> {
    const db = new ClassicLevel<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' });
    try {
      await db.open();
    } catch (e) {
      throw new NodeError(NodeError.STARTUP, `cannot open the transaction index: ${(e as Error).message}`);
    }
    return new LevelTxArchive(db, onError);
  }

  putBlock(height: bigint, blockHash: Uint8Array, txHashes: readonly Uint8Array[]): void {
    const ops = txHashes.map((h, i) => ({
      type: 'put' as const,
      key: key(LOCATION, h),
      value: concatBytes(u64be(height), u32be(i)),
    }));
    ops.push({ type: 'put', key: key(BLOCK, blockHash), value: u64be(height) });
    this.write(ops);
  }

  putReceipts(domain: 'ved' | 'ued', receipts: readonly { txHash: Uint8Array; receipt: Receipt }[]): void {
    if (receipts.length === 0) return;
    this.write(
      receipts.map((r) => ({
        type: 'put' as const,
        key: key(RECEIPT, r.txHash),
        value: encodeWith(recordCodec, { domain, receipt: r.receipt }),
      })),
    );
  }

  async location(txHash: Uint8Array): Promise<TxLocation | undefined> {
    const v = await this.db.get(key(LOCATION, txHash));
    if (v === undefined) return undefined;
    if (v.length !== 12) throw corrupt('location');
    return { height: readU64be(v, 0), index: new DataView(v.buffer, v.byteOffset).getUint32(8) };
  }

  async receipt(txHash: Uint8Array): Promise<IndexedReceipt | undefined> {
    const v = await this.db.get(key(RECEIPT, txHash));
    if (v === undefined) return undefined;
    try {
      const r = decodeWith(recordCodec, v, { maxSize: MAX_RECORD_BYTES });
      if (r.domain !== 'ved' && r.domain !== 'ued') throw corrupt('receipt');
      return { domain: r.domain, receipt: r.receipt };
    } catch (e) {
      if (e instanceof TandemError && e.module !== NodeError.MODULE) throw corrupt('receipt');
      throw e;
    }
  }

  async blockHeight(blockHash: Uint8Array): Promise<bigint | undefined> {
    const v = await this.db.get(key(BLOCK, blockHash));
    if (v === undefined) return undefined;
    if (v.length !== 8) throw corrupt('block');
    return readU64be(v, 0);
  }

  flush(): Promise<void> {
    return this.tail;
  }

  async close(): Promise<void> {
    await this.tail;
    await this.db.close();
  }

  private write(ops: { type: 'put'; key: Uint8Array; value: Uint8Array }[]): void {
    this.tail = this.tail.then(() => this.db.batch(ops)).catch(this.onError);
  }
}
