/** Bech32 (BIP-173) text encoding, used for account addresses (`tandem1…`). */
import { CommonError } from './errors.js';

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: number[]): number {
  let chk = 1;
  for (const v of values) {
    const b = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((b >>> i) & 1) chk ^= GEN[i]!;
  }
  return chk;
}

function hrpExpand(hrp: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) >>> 5);
  out.push(0);
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) & 31);
  return out;
}

function convertBits(data: ArrayLike<number>, from: number, to: number, pad: boolean): number[] {
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  const maxv = (1 << to) - 1;
  for (let i = 0; i < data.length; i++) {
    acc = (acc << from) | data[i]!;
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push((acc >>> bits) & maxv);
    }
  }
  if (pad) {
    if (bits > 0) out.push((acc << (to - bits)) & maxv);
  } else if (bits >= from || ((acc << (to - bits)) & maxv) !== 0) {
    throw new CommonError(CommonError.INVALID_ADDRESS, 'bech32: invalid padding');
  }
  return out;
}

/** Encode bytes under a human-readable part. */
export function bech32Encode(hrp: string, data: Uint8Array): string {
  const words = convertBits(data, 8, 5, true);
  const values = [...hrpExpand(hrp), ...words, 0, 0, 0, 0, 0, 0];
  const mod = polymod(values) ^ 1;
  let s = `${hrp}1`;
  for (const w of words) s += CHARSET[w];
  for (let i = 0; i < 6; i++) s += CHARSET[(mod >>> (5 * (5 - i))) & 31];
  return s;
}

/** Decode a bech32 string; checks case, charset, checksum, padding and the expected hrp. */
export function bech32Decode(s: string, expectedHrp: string): Uint8Array {
  const bad = (why: string): never => {
    throw new CommonError(CommonError.INVALID_ADDRESS, `bech32: ${why}`);
  };
  if (typeof s !== 'string' || s.length > 90 || s.length < 8) bad('bad length');
  if (s !== s.toLowerCase() && s !== s.toUpperCase()) bad('mixed case');
  const lower = s.toLowerCase();
  const sep = lower.lastIndexOf('1');
  if (sep < 1 || sep + 7 > lower.length) bad('missing separator');
  const hrp = lower.slice(0, sep);
  if (hrp !== expectedHrp) bad(`expected prefix ${expectedHrp}`);
  const values: number[] = [];
  for (const c of lower.slice(sep + 1)) {
    const v = CHARSET.indexOf(c);
    if (v < 0) bad('invalid character');
    values.push(v);
  }
  if (polymod([...hrpExpand(hrp), ...values]) !== 1) bad('checksum mismatch');
  return new Uint8Array(convertBits(values.slice(0, -6), 5, 8, false));
}
