/**
 * A direct reader of the signed transaction value, used before the generic schema codec. The
 * canonical encoding of `{fee {gas, amount}, body, nonce, method, accounts [{address, writable}]}`
 * has one byte layout (keys sorted by length then bytes, minimal integers and lengths). This reads
 * exactly that layout with an ASCII method and returns undefined for anything else, which then
 * goes through the generic strict decoder; the body, opaque here, is decoded and checked on its
 * own with the limits the whole transaction leaves it. So it accepts precisely what the codec
 * accepts, with the same result (a test checks the equivalence), without decoding, re-encoding
 * and comparing the whole transaction.
 */
import {
  ADDRESS_SIZE,
  type DecodeLimits,
  decodeCanonical,
  quantityFromBytes,
  scanCbor,
  utf8,
} from '../../common/index.js';
import {
  MAX_METHOD_LENGTH,
  MAX_TX_ACCOUNTS,
  MAX_TX_DEPTH,
  MAX_TX_ITEMS,
  type Transaction,
} from './transaction.js';

const K_FEE = utf8('fee');
const K_GAS = utf8('gas');
const K_AMOUNT = utf8('amount');
const K_BODY = utf8('body');
const K_NONCE = utf8('nonce');
const K_METHOD = utf8('method');
const K_ACCOUNTS = utf8('accounts');
const K_ADDRESS = utf8('address');
const K_WRITABLE = utf8('writable');
/** CBOR items of the transaction outside its body: map, keys, fee, nonce, method, accounts. */
const OUTER_ITEMS = 14;
const ITEMS_PER_ACCOUNT = 5;

class Reader {
  off = 0;
  constructor(readonly b: Uint8Array) {}

  key(k: Uint8Array): boolean {
    const b = this.b;
    if (b[this.off] !== 0x60 + k.length) return false;
    for (let i = 0; i < k.length; i++) if (b[this.off + 1 + i] !== k[i]) return false;
    this.off += 1 + k.length;
    return true;
  }

  /** A minimal head of major type `major`; its argument (below 2^53) or undefined. */
  head(major: number): number | undefined {
    const h = this.b[this.off++];
    if (h === undefined || h >> 5 !== major) return undefined;
    const ai = h & 0x1f;
    if (ai < 24) return ai;
    if (ai > 27) return undefined;
    const size = 1 << (ai - 24);
    if (this.off + size > this.b.length) return undefined;
    let v = 0;
    for (let i = 0; i < size; i++) v = v * 256 + this.b[this.off++]!;
    const min = size === 1 ? 24 : 2 ** (4 * size);
    return v < min || v > Number.MAX_SAFE_INTEGER ? undefined : v;
  }

  /** A minimal unsigned integer of up to 64 bits, as a bigint. */
  u64(): bigint | undefined {
    const h = this.b[this.off];
    if (h === 0x1b) {
      if (this.off + 9 > this.b.length) return undefined;
      let v = 0n;
      for (let i = 1; i <= 8; i++) v = (v << 8n) | BigInt(this.b[this.off + i]!);
      this.off += 9;
      return v < 0x100000000n ? undefined : v;
    }
    const v = this.head(0);
    return v === undefined ? undefined : BigInt(v);
  }

  /** A byte string's contents (a view), or undefined. */
  bytes(): Uint8Array | undefined {
    const n = this.head(2);
    if (n === undefined || this.off + n > this.b.length) return undefined;
    this.off += n;
    return this.b.subarray(this.off - n, this.off);
  }
}

/**
 * The offset just past the CBOR item at `pos` of `b` (definite lengths, no tags or floats; heads
 * minimal or not), or undefined when there is no such item.
 */
export function itemEnd(b: Uint8Array, pos: number): number | undefined {
  let pending = 1;
  while (pending > 0) {
    const h = b[pos++];
    if (h === undefined) return undefined;
    const major = h >> 5;
    const ai = h & 0x1f;
    let arg = ai;
    if (ai >= 24) {
      if (ai > 27 || major === 7) return undefined;
      const size = 1 << (ai - 24);
      if (pos + size > b.length) return undefined;
      arg = 0;
      for (let i = 0; i < size; i++) arg = arg * 256 + b[pos++]!;
    }
    pending--;
    if (major === 2 || major === 3) pos += arg;
    else if (major === 4) pending += arg;
    else if (major === 5) pending += 2 * arg;
    else if (major === 6) return undefined;
    if (pos > b.length || pending > b.length) return undefined;
  }
  return pos;
}

function readAccounts(r: Reader): Transaction['accounts'] | undefined {
  const n = r.head(4);
  if (n === undefined || n > MAX_TX_ACCOUNTS) return undefined;
  const out: Transaction['accounts'] = [];
  for (let i = 0; i < n; i++) {
    if (r.b[r.off++] !== 0xa2 || !r.key(K_ADDRESS)) return undefined;
    const address = r.bytes();
    if (address === undefined || address.length !== ADDRESS_SIZE || !r.key(K_WRITABLE)) return undefined;
    const w = r.b[r.off++];
    if (w !== 0xf4 && w !== 0xf5) return undefined;
    out.push({ address: new Uint8Array(address), writable: w === 0xf5 });
  }
  return out;
}

function readMethod(r: Reader): string | undefined {
  const n = r.head(3);
  if (n === undefined || n > MAX_METHOD_LENGTH || r.off + n > r.b.length) return undefined;
  let s = '';
  for (let i = 0; i < n; i++) {
    const c = r.b[r.off++]!;
    if (c >= 0x80) return undefined;
    s += String.fromCharCode(c);
  }
  return s;
}

/** The CBOR bounds the transaction leaves its body. */
function bodyLimits(start: number, end: number, accounts: number): DecodeLimits {
  return {
    maxSize: end - start,
    maxDepth: MAX_TX_DEPTH - 1,
    maxItems: MAX_TX_ITEMS - OUTER_ITEMS - ITEMS_PER_ACCOUNT * accounts,
  };
}

function readBody(body: Uint8Array, limits: DecodeLimits): unknown {
  try {
    return decodeCanonical(body, limits);
  } catch {
    return undefined;
  }
}

/** True when `body` passes the bounded scan (heads, bounds), with no value built. */
function scans(body: Uint8Array, limits: DecodeLimits): boolean {
  try {
    scanCbor(body, limits);
    return true;
  } catch {
    return false;
  }
}

/**
 * The body `method`'s direct reader reads from `body`, when `body` is exactly the canonical
 * encoding of a valid body of that method (the executor asks the method's reader), else
 * undefined. Such a body is canonical CBOR, so its generic decode cannot fail and is left until it
 * is read; the read body is kept, so the executor does not read it again.
 */
export type KnownBody = (method: string, body: Uint8Array) => unknown;

/**
 * A transaction whose body a {@link KnownBody} vouched for: the generic value is decoded only if
 * `body` is read (the executor reads the body with the method's direct reader instead, so on its
 * path the body is decoded once, not twice). The body is a getter, not an own field.
 */
class LazyBodyTx implements Transaction {
  declare readonly nonce: bigint;
  declare readonly fee: Transaction['fee'];
  declare readonly method: string;
  declare readonly accounts: Transaction['accounts'];
  declare private bytes: Uint8Array;
  declare private limits: DecodeLimits;
  declare private value: unknown;

  constructor(
    nonce: bigint,
    fee: Transaction['fee'],
    method: string,
    accounts: Transaction['accounts'],
    bytes: Uint8Array,
    limits: DecodeLimits,
  ) {
    this.nonce = nonce;
    this.fee = fee;
    this.method = method;
    this.accounts = accounts;
    this.bytes = bytes;
    this.limits = limits;
    this.value = undefined;
  }

  get body(): unknown {
    // A canonical body never decodes to undefined (CBOR `undefined` is refused), so it marks "not yet".
    this.value ??= decodeCanonical(this.bytes, this.limits);
    return this.value;
  }
}

/** The transaction, or undefined when `b` is not in the common layout (use the generic codec). */
export function readTransactionFast(b: Uint8Array): Transaction | undefined {
  return readTransactionParts(b)?.tx;
}

/**
 * {@link readTransactionFast}, with the body's canonical bytes (a view into `b`, which the
 * executor compares with the body codec's re-encoding instead of encoding the body again). With
 * `known`, a body it vouches for (after the bounded scan) is not decoded until read.
 */
export function readTransactionParts(
  b: Uint8Array,
  known?: KnownBody,
): { tx: Transaction; body: Uint8Array; read?: unknown } | undefined {
  const r = new Reader(b);
  if (b[r.off++] !== 0xa5 || !r.key(K_FEE) || b[r.off++] !== 0xa2 || !r.key(K_GAS)) return undefined;
  const gas = r.u64();
  if (gas === undefined || !r.key(K_AMOUNT)) return undefined;
  const amountBytes = r.bytes();
  if (amountBytes === undefined || amountBytes.length > 32 || amountBytes[0] === 0) return undefined;
  if (!r.key(K_BODY)) return undefined;
  const bodyStart = r.off;
  const bodyEnd = itemEnd(b, bodyStart);
  if (bodyEnd === undefined) return undefined;
  r.off = bodyEnd;
  if (!r.key(K_NONCE)) return undefined;
  const nonce = r.u64();
  if (nonce === undefined || !r.key(K_METHOD)) return undefined;
  const method = readMethod(r);
  if (method === undefined || !r.key(K_ACCOUNTS)) return undefined;
  const accounts = readAccounts(r);
  if (accounts === undefined || r.off !== b.length) return undefined;
  const bodyBytes = b.subarray(bodyStart, bodyEnd);
  const limits = bodyLimits(bodyStart, bodyEnd, accounts.length);
  const read = known !== undefined && scans(bodyBytes, limits) ? known(method, bodyBytes) : undefined;
  if (read !== undefined) {
    const fee = { amount: quantityFromBytes(amountBytes), gas };
    return { tx: new LazyBodyTx(nonce, fee, method, accounts, bodyBytes, limits), body: bodyBytes, read };
  }
  const body = readBody(bodyBytes, limits);
  if (body === undefined) return undefined;
  const fee = { amount: quantityFromBytes(amountBytes), gas };
  return { tx: { nonce, fee, method, body, accounts }, body: bodyBytes };
}
