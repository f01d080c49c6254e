/**
 * Reading a computed batch's results back out of its IO write log (spec/oasis.md §1.9): each
 * included transaction's output (`{ok: value}` or `{err: {module, code, message}}`, as the SDK
 * writes it) and its events.
 */
import { bytesEqual, decodeChecked, toHex } from '../../common/index.js';
import type { RuntimeExecuteTxBatchResponse } from '../rhp/index.js';
import { txArtifactKey } from '../sdk/index.js';

/** One transaction's result as recorded in the IO tree. */
export interface TxOutcome {
  readonly txHash: string;
  /** The decoded output: `{ok: …}` or `{err: …}`. */
  readonly output: unknown;
  /** Events as (tag bytes, value bytes). */
  readonly events: { tag: Uint8Array; value: Uint8Array }[];
}

/** The outcomes of the included transactions, in batch order. */
export function batchOutcomes(res: RuntimeExecuteTxBatchResponse): TxOutcome[] {
  const log = res.batch.io_write_log;
  return res.tx_hashes.map((h) => {
    const outKey = txArtifactKey(h, 2);
    const entry = log.find((e) => bytesEqual(e.key, outKey));
    const output = entry?.value ? decodeOutput(entry.value) : null;
    const events = log
      .filter(
        (e) => e.key[0] === 0x45 && e.key.length > 33 && bytesEqual(e.key.subarray(e.key.length - 32), h),
      )
      .map((e) => ({ tag: e.key.subarray(1, e.key.length - 32), value: e.value ?? new Uint8Array(0) }));
    return { txHash: toHex(h), output, events };
  });
}

/** `[output]` → the decoded output; anything malformed is reported as such, never thrown. */
function decodeOutput(v: Uint8Array): unknown {
  try {
    const arr = decodeChecked(v, { maxSize: v.length });
    if (!Array.isArray(arr) || arr.length !== 1 || !(arr[0] instanceof Uint8Array)) return { malformed: v };
    return decodeChecked(arr[0], { maxSize: arr[0].length });
  } catch {
    return { malformed: v };
  }
}
