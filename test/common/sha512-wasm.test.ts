// The WebAssembly SHA-512/256 against node:crypto: every length it takes, every block boundary.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { hash as nodeHash } from 'node:crypto';
import { test } from 'node:test';
import { CommonError, hashBytes, toHex } from '../../src/common/index.js';
import { shaInstance } from '../../src/common/sha512-module.js';
import {
  hasherOver,
  inPlaceHasher,
  SHA_LAYOUT,
  SHA512_K,
  sha512_256Small,
  smallHasher,
  WASM_HASH_MAX,
} from '../../src/common/sha512-wasm.js';

const expected = (b: Uint8Array) => nodeHash('sha512-256', b, 'hex');

/** Deterministic pseudo-random bytes (xorshift). */
function bytes(len: number, seed: number): Uint8Array {
  let x = seed | 1;
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

test('sha512_256Small equals node:crypto for every length up to WASM_HASH_MAX', () => {
  for (let len = 0; len <= WASM_HASH_MAX; len++) {
    const b = bytes(len, len + 1);
    assert.equal(toHex(sha512_256Small(b)), expected(b), `length ${len}`);
  }
});

test('sha512_256Small: padding edges (111/112/127/128 bytes and the limit), all-ones input, views with an offset', () => {
  for (const len of [111, 112, 127, 128, 200, WASM_HASH_MAX]) {
    const ones = new Uint8Array(len).fill(0xff);
    assert.equal(toHex(sha512_256Small(ones)), expected(ones), `ones ${len}`);
  }
  const big = bytes(600, 7);
  const view = big.subarray(13, 213);
  assert.equal(toHex(sha512_256Small(view)), expected(view));
});

test('sha512_256Small returns a fresh array each call (a later hash does not change an earlier digest)', () => {
  const a = sha512_256Small(bytes(50, 3));
  const copy = toHex(a);
  sha512_256Small(bytes(90, 4));
  assert.equal(toHex(a), copy);
  assert.equal(a.length, 32);
  assert.equal(a.byteOffset, 0);
});

test('hashBytes: the WebAssembly and node:crypto paths meet at the length limit', () => {
  for (const len of [0, 1, WASM_HASH_MAX - 1, WASM_HASH_MAX, WASM_HASH_MAX + 1, 5000]) {
    const b = bytes(len, 99 + len);
    assert.equal(toHex(hashBytes(b)), expected(b), `length ${len}`);
  }
});

test('the WebAssembly digest passed its load-time check here; over-long input is refused with a coded error', () => {
  assert.notEqual(smallHasher, undefined, 'WebAssembly hashing is in use');
  assert.throws(
    () => sha512_256Small(new Uint8Array(WASM_HASH_MAX + 1)),
    (e: unknown) => e instanceof CommonError && e.code === CommonError.INVALID_LENGTH,
  );
});

test('random messages of random lengths hash as node:crypto does (20,000 cases)', () => {
  let x = 0x9e3779b9;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  for (let i = 0; i < 20_000; i++) {
    const b = bytes(next() % (WASM_HASH_MAX + 1), next());
    assert.equal(toHex(hashBytes(b)), expected(b), `case ${i}`);
  }
});

test('without WebAssembly (node --jitless) hashing falls back to node:crypto with the same digests', () => {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const url = new URL('../../src/common/index.js', import.meta.url).href;
  const wasmUrl = new URL('../../src/common/sha512-wasm.js', import.meta.url).href;
  const script = `const m = await import(${JSON.stringify(url)}); const w = await import(${JSON.stringify(wasmUrl)});
    process.stdout.write(JSON.stringify({ wasm: w.smallHasher !== undefined, d: m.toHex(m.hashBytes(new Uint8Array(100).fill(7))) }));`;
  const out = execFileSync(
    process.execPath,
    ['--jitless', '--no-warnings', '--input-type=module', '-e', script],
    { env, encoding: 'utf8' },
  );
  const r = JSON.parse(out) as { wasm: boolean; d: string };
  assert.equal(r.wasm, false);
  assert.equal(r.d, expected(new Uint8Array(100).fill(7)));
});

test('InPlaceHasher.compress over a message the caller padded equals run over the bare message', () => {
  const hp = inPlaceHasher!;
  for (const len of [0, 100, 111, 112, 200, WASM_HASH_MAX]) {
    const m = bytes(len, len + 7);
    hp.msg.set(m);
    hp.run(len);
    const viaRun = toHex(hp.out);
    // FIPS 180-4 padding by hand: 0x80, zeros, the length in bits in the block's last 16 bytes.
    const blocks = (len + 17 + 127) >>> 7;
    const padded = new Uint8Array(blocks * 128);
    padded.set(m);
    padded[len] = 0x80;
    new DataView(padded.buffer).setUint32(padded.length - 4, len * 8);
    hp.msg.fill(0xee);
    hp.msg.set(padded.subarray(0, Math.min(padded.length, hp.msg.length)));
    // The message area's view stops at WASM_HASH_MAX; the padding's tail lies just past it.
    new Uint8Array(hp.msg.buffer, hp.msg.byteOffset, padded.length).set(padded);
    hp.compress(blocks);
    assert.equal(toHex(hp.out), viaRun, `${len} bytes`);
    assert.equal(viaRun, expected(m), `${len} bytes against node:crypto`);
  }
});

test('block boundaries up to the four-block limit, each byte value in every word position', () => {
  // 111/112 and 239/240 are where the padding spills into another block; 127/128 and 255/256 are
  // whole blocks; 367/368 and 383/384 the same one block further; WASM_HASH_MAX (495) fills four.
  const lens = [111, 112, 113, 127, 128, 129, 239, 240, 241, 255, 256, 257, 367, 368, 383, 384];
  for (const len of [...lens, WASM_HASH_MAX - 1, WASM_HASH_MAX]) {
    for (const fill of [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff]) {
      const b = new Uint8Array(len).fill(fill);
      assert.equal(toHex(sha512_256Small(b)), expected(b), `length ${len} fill ${fill}`);
    }
    const r = bytes(len, len * 7 + 3);
    assert.equal(toHex(hashBytes(r)), expected(r), `length ${len} random`);
  }
});

test('random lengths through the in-place hasher (run, and compress over caller padding) equal node:crypto', () => {
  const hp = inPlaceHasher!;
  const area = new Uint8Array(hp.msg.buffer, hp.msg.byteOffset, 4 * 128);
  let x = 0x2545f491;
  for (let i = 0; i < 2000; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const len = x % (WASM_HASH_MAX + 1);
    const m = bytes(len, x | 1);
    area.fill(0xa5); // what a previous, longer message left behind must not matter
    hp.msg.set(m);
    hp.run(len);
    assert.equal(toHex(hp.out), expected(m), `run, ${len} bytes`);
    const blocks = (len + 17 + 127) >>> 7;
    area.fill(0x5a);
    area.set(m);
    area[len] = 0x80;
    area.fill(0, len + 1, blocks * 128 - 4);
    new DataView(area.buffer, area.byteOffset).setUint32(blocks * 128 - 4, len * 8);
    hp.compress(blocks);
    assert.equal(toHex(hp.out), expected(m), `compress, ${len} bytes`);
  }
});

test('the block function with the SHA-512 IV gives the first half of node:crypto SHA-512 (1 to 4 blocks)', () => {
  const L = SHA_LAYOUT;
  const ex = shaInstance(L)!;
  const dv = new DataView(ex.mem.buffer);
  const u8 = new Uint8Array(ex.mem.buffer);
  for (const [i, k] of SHA512_K.entries()) dv.setBigUint64(L.K + 8 * i, k, true);
  // The SHA-512 IV (FIPS 180-4 §5.3.5), written out here rather than derived, as a second source.
  const iv = [
    0x6a09e667f3bcc908n,
    0xbb67ae8584caa73bn,
    0x3c6ef372fe94f82bn,
    0xa54ff53a5f1d36f1n,
    0x510e527fade682d1n,
    0x9b05688c2b3e6c1fn,
    0x1f83d9abfb41bd6bn,
    0x5be0cd19137e2179n,
  ];
  for (const [i, w] of iv.entries()) dv.setBigUint64(L.IV + 8 * i, w, true);
  for (const len of [0, 3, 111, 112, 200, 240, 300, WASM_HASH_MAX]) {
    const m = bytes(len, 31 * len + 5);
    const blocks = (len + 17 + 127) >>> 7;
    u8.fill(0, L.MSG, L.MSG + blocks * 128);
    u8.set(m, L.MSG);
    u8[L.MSG + len] = 0x80;
    dv.setUint32(L.MSG + blocks * 128 - 4, len * 8);
    ex.hash(blocks);
    const want = nodeHash('sha512', m, 'hex').slice(0, 64);
    assert.equal(Buffer.from(u8.subarray(L.OUT, L.OUT + 32)).toString('hex'), want, `${len} bytes`);
  }
  // The same (already used) instance, wrapped as the in-place hasher, derives the SHA-512/256 IV
  // over it and checks it.
  assert.notEqual(hasherOver(ex, L), undefined);
});

test('compress refuses a block count outside 1..4 and run a length outside 0..WASM_HASH_MAX (coded errors); the next hash is right', () => {
  const hp = inPlaceHasher!;
  for (const len of [-1, WASM_HASH_MAX + 1, 1000, 2.5, Number.NaN]) {
    assert.throws(
      () => hp.run(len),
      (e: unknown) => e instanceof CommonError && e.code === CommonError.INVALID_LENGTH,
      `length ${len}`,
    );
  }
  for (const n of [0, -1, 5, 1.5, Number.NaN]) {
    assert.throws(
      () => hp.compress(n),
      (e: unknown) => e instanceof CommonError && e.code === CommonError.INVALID_LENGTH,
      `blocks ${n}`,
    );
  }
  const m = bytes(100, 5);
  hp.msg.set(m);
  hp.run(100);
  assert.equal(toHex(hp.out), expected(m));
});
