/**
 * A dedicated strict reader of the signed-transaction envelope. The canonical CBOR encoding of
 * `Signed{untrusted_raw_value, signature{public_key, signature}}` has exactly one byte layout
 * (keys sorted by length then bytes, minimal lengths), so reading that layout directly accepts
 * precisely what the generic strict decoder accepts, without decoding and re-encoding the whole
 * envelope for every transaction of every block (a test checks the equivalence).
 */
import { bytesEqual, utf8 } from '../../common/index.js';
import { ConsensusError } from '../errors.js';

/** The parts of a signed envelope. */
export interface EnvelopeParts {
  readonly raw: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly signature: Uint8Array;
}

const KEY_SIGNATURE = utf8('signature');
const KEY_PUBLIC_KEY = utf8('public_key');
const KEY_RAW = utf8('untrusted_raw_value');

function malformed(msg: string): never {
  throw new ConsensusError(ConsensusError.MALFORMED_TX, `malformed transaction envelope: ${msg}`);
}

class Reader {
  off = 0;
  constructor(readonly b: Uint8Array) {}

  byte(expected: number, what: string): void {
    if (this.b[this.off] !== expected) malformed(`expected ${what} at byte ${this.off}`);
    this.off++;
  }

  text(key: Uint8Array): void {
    this.byte(0x60 + key.length, 'a map key');
    if (!bytesEqual(this.b.subarray(this.off, this.off + key.length), key))
      malformed(`expected key at byte ${this.off}`);
    this.off += key.length;
  }

  fixedBytes(n: number): Uint8Array {
    this.byte(0x58, `a ${n}-byte string`);
    this.byte(n, `a ${n}-byte string`);
    if (this.off + n > this.b.length) malformed('truncated');
    const v = this.b.subarray(this.off, this.off + n);
    this.off += n;
    return v;
  }

  /** A byte string with a minimal length header that ends exactly at the end of the input. */
  lastBytes(): Uint8Array {
    const h = this.b[this.off++];
    let n: number;
    if (h === undefined) return malformed('truncated');
    if (h >= 0x40 && h < 0x58) n = h - 0x40;
    else if (h === 0x58) n = this.uint(1, 24);
    else if (h === 0x59) n = this.uint(2, 256);
    else if (h === 0x5a) n = this.uint(4, 65536);
    else return malformed('expected a byte string');
    if (this.off + n !== this.b.length)
      malformed('length does not match the input (truncated or trailing bytes)');
    return this.b.subarray(this.off);
  }

  private uint(size: number, min: number): number {
    if (this.off + size > this.b.length) malformed('truncated');
    let n = 0;
    for (let i = 0; i < size; i++) n = n * 256 + this.b[this.off++]!;
    if (n < min) malformed('non-minimal length');
    return n;
  }
}

/** Read a canonical signed envelope; throws {@link ConsensusError.MALFORMED_TX} otherwise. */
export function readEnvelope(b: Uint8Array): EnvelopeParts {
  const r = new Reader(b);
  r.byte(0xa2, 'a 2-entry map');
  r.text(KEY_SIGNATURE);
  r.byte(0xa2, 'a 2-entry map');
  r.text(KEY_SIGNATURE);
  const signature = r.fixedBytes(64);
  r.text(KEY_PUBLIC_KEY);
  const publicKey = r.fixedBytes(32);
  r.text(KEY_RAW);
  const raw = r.lastBytes();
  return { raw, publicKey, signature };
}
