import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeCanonical, encodeCanonical, fromHex } from '../../../src/common/index.js';
import { readSmallCanonical } from '../../../src/runtime/sdk/body-reader.js';

/** The strict decoder's answer: `{value}`, or undefined if it refuses the bytes. */
function strict(b: Uint8Array): { value: unknown } | undefined {
  try {
    return { value: decodeCanonical(b) };
  } catch {
    return undefined;
  }
}

/** Whatever the direct reader returns, the strict decoder returns too (it may decline anything). */
function agrees(b: Uint8Array): { value: unknown } | undefined {
  const fast = readSmallCanonical(b, 0, b.length);
  if (fast !== undefined) {
    const s = strict(b);
    assert.ok(s !== undefined, `strict decoder refuses ${Buffer.from(b).toString('hex')}`);
    assert.deepEqual(fast.value, s.value, `bytes ${Buffer.from(b).toString('hex')}`);
  }
  return fast;
}

/** A deterministic pseudo-random source (tests must be reproducible). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const INTS = [0, 1, 23, 24, 255, 256, 65_535, 65_536, 2 ** 32 - 1, -1, -24, -25, -256, -257, -(2 ** 32)];
const TEXTS = ['', 'a', 'key-17', 'é✓𝄞', 'x'.repeat(30), 'y'.repeat(300), 'constructor'];

function value(r: () => number, depth: number): unknown {
  const k = Math.floor(r() * (depth > 3 ? 6 : 8));
  if (k === 0) return INTS[Math.floor(r() * INTS.length)];
  if (k === 1) return TEXTS[Math.floor(r() * TEXTS.length)];
  if (k === 2) return Uint8Array.from({ length: Math.floor(r() * 40) }, () => Math.floor(r() * 256));
  if (k === 3) return [true, false, null][Math.floor(r() * 3)];
  if (k === 4) return `s${Math.floor(r() * 1000)}`;
  if (k === 5) return Math.floor(r() * 1e6);
  if (k === 6) return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = Math.floor(r() * 5); i > 0; i--)
    o[TEXTS[Math.floor(r() * TEXTS.length)]! + i] = value(r, depth + 1);
  return o;
}

test('the direct body reader returns what the strict canonical decoder returns, for the values it is made for', () => {
  const r = rng(7);
  for (let i = 0; i < 3000; i++) {
    const v = value(r, 0);
    const b = encodeCanonical(v);
    const fast = agrees(b);
    assert.ok(fast !== undefined, `declined canonical ${Buffer.from(b).toString('hex')}`);
  }
  // A body in the middle of a larger buffer: read exactly [start, end).
  const inner = encodeCanonical({ key: 'k', value: 'v' });
  const outer = new Uint8Array([0xff, ...inner, 0xff]);
  assert.deepEqual(readSmallCanonical(outer, 1, 1 + inner.length)?.value, { key: 'k', value: 'v' });
  const bytes = readSmallCanonical(fromHex('43010203'), 0, 4)?.value as Uint8Array;
  assert.equal(Object.getPrototypeOf(bytes), Uint8Array.prototype, 'bytes are a plain copy');
});

test('the direct body reader declines malformed and non-canonical input (the strict decoder then refuses it), and what it is not made for', () => {
  const cases: [string, string][] = [
    ['non-minimal integer', '1805'],
    ['non-minimal length', '780161'],
    ['unsorted keys', 'a262626201616102'],
    ['duplicate keys', 'a2616101616102'],
    ['indefinite array', '9f01ff'],
    ['tag', 'c11a514b67b0'],
    ['float', 'f93c00'],
    ['undefined', 'f7'],
    ['simple value', 'f0'],
    ['invalid UTF-8', '62c328'],
    ['byte-order mark', '63efbbbf'],
    ['byte-string key', 'a1410100'],
    ['__proto__ key', 'a1695f5f70726f746f5f5f01'],
    ['truncated', 'a2616101'],
    ['trailing byte', '0100'],
    ['reserved', '1c'],
  ];
  for (const [what, hex] of cases) {
    const b = fromHex(hex);
    assert.equal(readSmallCanonical(b, 0, b.length), undefined, what);
  }
  // Left to the strict decoder, whose answer is then the answer (8-byte integers are valid there).
  for (const hex of ['1b0000000100000000', '3b0000000100000000', 'd818426869']) {
    const b = fromHex(hex);
    assert.equal(readSmallCanonical(b, 0, b.length), undefined, hex);
  }
  for (const [what, hex] of cases.filter(([w]) => w !== 'byte-string key' && w !== '__proto__ key')) {
    const b = fromHex(hex);
    assert.throws(() => decodeCanonical(b), `${what}: strict decoder refuses too`);
  }
  const deep = new Uint8Array(40).fill(0x81);
  assert.equal(readSmallCanonical(new Uint8Array([...deep, 0x01]), 0, 41), undefined, 'too deep for it');
});

test('mutated bodies: the direct reader never accepts what the strict decoder refuses, nor disagrees on a value', () => {
  const r = rng(99);
  let accepted = 0;
  for (let i = 0; i < 20_000; i++) {
    const b = encodeCanonical(value(r, 0));
    const m = new Uint8Array(b);
    const at = Math.floor(r() * m.length);
    const kind = Math.floor(r() * 3);
    let input: Uint8Array;
    if (kind === 0) {
      m[at] = Math.floor(r() * 256);
      input = m;
    } else if (kind === 1) input = m.subarray(0, at);
    else input = new Uint8Array([...m.subarray(0, at), Math.floor(r() * 256), ...m.subarray(at)]);
    if (agrees(input) !== undefined) accepted++;
  }
  assert.ok(accepted > 1000, 'many mutants are still canonical and get read');
});
