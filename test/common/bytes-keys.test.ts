import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesKey, bytesOfKey, concatAll, concatBytes, fromUtf8, utf8 } from '../../src/common/index.js';

test('utf8 gives the bytes TextEncoder gives, on ASCII, non-ASCII, long and lone-surrogate strings', () => {
  const enc = new TextEncoder();
  const cases = [
    '',
    'a',
    'key-17',
    'x'.repeat(128),
    'x'.repeat(129),
    'é',
    'aé✓𝄞',
    '\ud800',
    'a\udfffb',
    '\u007f\u0080',
  ];
  for (let i = 0; i < 300; i++)
    cases.push(String.fromCharCode(...Array.from({ length: i % 140 }, (_, j) => (i * 31 + j * 7) % 200)));
  for (const s of cases) {
    const b = utf8(s);
    assert.equal(Object.getPrototypeOf(b), Uint8Array.prototype);
    assert.deepEqual(b, enc.encode(s), JSON.stringify(s));
  }
  assert.equal(fromUtf8(utf8('aé✓𝄞')), 'aé✓𝄞');
});

test('bytesKey is one char per byte: distinct bytes give distinct keys, and key order is byte order', () => {
  const all = [
    new Uint8Array(0),
    new Uint8Array([0]),
    new Uint8Array([0, 0]),
    new Uint8Array([255]),
    new Uint8Array(65).fill(7),
    new Uint8Array(64).fill(7),
  ];
  for (let i = 0; i < 256; i++) all.push(new Uint8Array([i, 255 - i]));
  const keys = all.map(bytesKey);
  assert.equal(new Set(keys).size, all.length);
  for (const [i, k] of keys.entries()) {
    assert.equal(k.length, all[i]!.length);
    for (let j = 0; j < k.length; j++) assert.equal(k.charCodeAt(j), all[i]![j]);
  }
  const view = new Uint8Array([9, 1, 2, 3]).subarray(1);
  assert.equal(bytesKey(view), bytesKey(new Uint8Array([1, 2, 3])));
  assert.equal(bytesKey(Buffer.from([1, 2, 3])), bytesKey(new Uint8Array([1, 2, 3])));
});

test('bytesOfKey gives back the bytes of a bytesKey, as a fresh plain array', () => {
  for (const b of [new Uint8Array(0), Uint8Array.of(0, 128, 255), new Uint8Array(300).map((_, i) => i)]) {
    const back = bytesOfKey(bytesKey(b));
    assert.deepEqual(back, b);
    assert.equal(back.buffer.byteLength, b.length);
  }
});

test('concatAll joins any number of parts in order, far more than a spread could take', () => {
  const parts = Array.from({ length: 300_000 }, (_, i) => Uint8Array.of(i & 0xff, i >> 8));
  const all = concatAll(parts);
  assert.equal(all.length, 600_000);
  assert.deepEqual([...all.subarray(0, 4)], [0, 0, 1, 0]);
  assert.deepEqual([...all.subarray(599_998)], [299_999 & 0xff, (299_999 >> 8) & 0xff]);
  assert.deepEqual(concatAll([]), new Uint8Array(0));
  assert.deepEqual(concatBytes(Uint8Array.of(1), Uint8Array.of(2, 3)), Uint8Array.of(1, 2, 3));
});
