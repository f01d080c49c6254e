/**
 * The bytes that cross between the main thread and the UED worker: a final block with its pinned
 * inputs ({@link UedJob}) one way, the block's outcome ({@link UedOutcome}) the other. Both are
 * canonical CBOR, so the threads share no mutable object, and both are decoded strictly and
 * bounded on arrival: a malformed or oversized message is a coded error, never a half-applied one.
 */
import {
  array,
  bytes,
  bytes32,
  type Codec,
  decodeWith,
  encodeWith,
  optional,
  struct,
  TandemError,
  textMap,
  u64,
} from '../common/index.js';
import {
  accountMoveCodec,
  type CrossDomainInput,
  MAX_VED_ACCOUNTS,
  receiptCodec,
  type TxReceipt,
  VedAccountSet,
} from '../consensus/index.js';
import { DomainsError } from './errors.js';
import { readUsualOutcome, writeUsualOutcome } from './ued-outcome-usual.js';
import type { UedJob, UedOutcome } from './ued-runner.js';

/** Most transactions of one block handed to the worker. */
export const MAX_JOB_TXS = 100_000;
/** Largest transaction handed over. */
export const MAX_JOB_TX_BYTES = 1 << 20;
/** Largest message either way. */
export const MAX_WIRE_BYTES = 256 * 1024 * 1024;
const MAX_PINNED_RECORDS = 16;
const MAX_PINNED_BYTES = 64 * 100_000;

const crossDomainCodec = textMap(bytes({ max: MAX_PINNED_BYTES }), MAX_PINNED_RECORDS);

const jobCodec = struct(
  {
    height: u64,
    timeMs: u64,
    parentTimeMs: u64,
    txs: array(bytes({ max: MAX_JOB_TX_BYTES }), MAX_JOB_TXS),
    vedSet: bytes({ max: 64 + MAX_VED_ACCOUNTS * 24 }),
    remapsIn: array(accountMoveCodec, MAX_VED_ACCOUNTS),
    crossDomain: crossDomainCodec,
  },
  'UedJob',
);

const receiptsCodec = array(
  struct({ txHash: bytes32, receipt: receiptCodec }, 'TxReceipt') as Codec<TxReceipt>,
  MAX_JOB_TXS,
);

const outcomeCodec = struct(
  {
    height: u64,
    domainHash: bytes32,
    stateRoot: bytes32,
    remapsOut: array(accountMoveCodec, MAX_VED_ACCOUNTS),
    receipts: receiptsCodec,
    forVed: optional(crossDomainCodec),
  },
  'UedOutcome',
);

/** Canonical bytes of a job. */
export function encodeJob(j: UedJob): Uint8Array {
  return encodeWith(jobCodec, {
    height: j.height,
    timeMs: j.timeMs,
    parentTimeMs: j.parentTimeMs,
    txs: [...j.txs],
    vedSet: j.vedSet.encode(),
    remapsIn: [...j.remapsIn],
    crossDomain: { ...j.crossDomain },
  });
}

/** Strict decoding of a job. */
export function decodeJob(b: Uint8Array): UedJob {
  return strictly('job', () => {
    const v = decodeWith(jobCodec, b, { maxSize: MAX_WIRE_BYTES });
    return { ...v, vedSet: VedAccountSet.decode(v.vedSet) };
  });
}

/** Canonical bytes of an outcome (the usual shape written directly, see ued-outcome-usual.ts). */
export function encodeOutcome(o: UedOutcome): Uint8Array {
  const usual = writeUsualOutcome(o, MAX_JOB_TXS);
  if (usual !== undefined) return usual;
  const v = {
    height: o.height,
    domainHash: o.domainHash,
    stateRoot: o.stateRoot,
    remapsOut: [...o.remapsOut],
    receipts: [...o.receipts],
  };
  return encodeWith(outcomeCodec, o.forVed === undefined ? v : { ...v, forVed: { ...o.forVed } });
}

/** Strict decoding of an outcome (the usual shape read directly, see ued-outcome-read.ts). */
export function decodeOutcome(b: Uint8Array): UedOutcome {
  return strictly('outcome', () => {
    const usual = b instanceof Uint8Array ? readUsualOutcome(b, MAX_WIRE_BYTES, MAX_JOB_TXS) : undefined;
    if (usual !== undefined) return usual;
    const v = decodeWith(outcomeCodec, b, { maxSize: MAX_WIRE_BYTES });
    const out = {
      height: v.height,
      domainHash: v.domainHash,
      stateRoot: v.stateRoot,
      remapsOut: v.remapsOut,
      receipts: v.receipts,
    };
    return v.forVed === undefined ? out : { ...out, forVed: v.forVed as CrossDomainInput };
  });
}

/** The bytes as a view over a buffer of their own, so the buffer can be transferred. */
export function ownBuffer(b: Uint8Array): Uint8Array {
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : b.slice();
}

function strictly<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    throw new DomainsError(DomainsError.WORKER_FAILED, `malformed UED ${what} message: ${e.message}`);
  }
}
