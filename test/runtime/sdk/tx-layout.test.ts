import assert from 'node:assert/strict';
import { test } from 'node:test';
import { concatBytes, decodeWith, encodeWith, fromHex, utf8 } from '../../../src/common/index.js';
import { MAX_METHOD_NAME, runtimeTxCodec } from '../../../src/runtime/sdk/tx.js';
import { readCanonicalTx } from '../../../src/runtime/sdk/tx-layout.js';

/** The strict decoder's answer: the value, or undefined if it refuses the bytes. */
function strict(b: Uint8Array): unknown {
  try {
    return decodeWith(runtimeTxCodec, b);
  } catch {
    return undefined;
  }
}

/** The fast reader may decline anything, but whatever it returns, the strict decoder returns too. */
function agrees(b: Uint8Array): unknown {
  const fast = readCanonicalTx(b, MAX_METHOD_NAME);
  if (fast !== undefined) assert.deepEqual(fast, strict(b), `bytes ${Buffer.from(b).toString('hex')}`);
  return fast;
}

const nonces = [
  0n,
  23n,
  24n,
  255n,
  256n,
  65_535n,
  65_536n,
  2n ** 32n - 1n,
  2n ** 32n,
  2n ** 53n + 1n,
  2n ** 64n - 1n,
];
const methods = ['', 'insert', 'é✓𝄞', '\ufeffbom', 'm'.repeat(MAX_METHOD_NAME)];
const bodies: unknown[] = [
  undefined,
  null,
  0,
  -5,
  true,
  'text',
  new Uint8Array([1, 2]),
  { key: 'a', value: 'b' },
  [1, [2, { z: 1, aa: 2 }]],
];

test('readCanonicalTx reads every canonically encoded transaction exactly as the strict decoder does', () => {
  let n = 0;
  for (const nonce of nonces)
    for (const method of methods)
      for (const body of bodies) {
        const b = encodeWith(runtimeTxCodec, { nonce, method, body });
        // Only a name starting with a byte-order mark is refused (cborg drops the mark).
        const refused = method.startsWith('\ufeff');
        assert.equal(strict(b) === undefined, refused);
        assert.equal(agrees(b) === undefined, refused, `${nonce} ${method} ${String(body)}`);
        n++;
      }
  assert.equal(n, nonces.length * methods.length * bodies.length);
});

test('readCanonicalTx declines non-canonical and malformed layouts the strict decoder refuses (hostile input)', () => {
  const good = encodeWith(runtimeTxCodec, { nonce: 300n, method: 'insert', body: { key: 'k', value: 'v' } });
  const hex = Buffer.from(good).toString('hex');
  const cases = [
    hex.slice(0, -2), // truncated method
    `${hex}00`, // trailing byte
    hex.replace('656e6f6e6365190 12c'.replace(' ', ''), '656e6f6e63651a0000012c'), // non-minimal nonce
    hex.replace('666d6574686f6466', '666d6574686f647866'), // non-minimal method length
    hex.replace('a2636b6579616b6576616c75656176', 'a26576616c7565617663 6b6579616b'.replace(' ', '')), // unsorted body keys
    hex.replace('a2636b6579', 'bf636b6579'), // indefinite body map
    `a3${hex.slice(2).replace('666d6574686f6466696e73657274', '666d6574686f6466c3a8c3a8c3a8')}`, // valid UTF-8, changed
    hex.replace('696e73657274', '696e7365ff74'), // invalid UTF-8 in method
  ];
  for (const c of cases) {
    const b = fromHex(c);
    agrees(b);
  }
  // A method one character too long, a float body, a tag in the body: declined, strict refuses.
  const long = concatBytes(fromHex('a2656e6f6e636501666d6574686f64'), fromHex('7881'), utf8('m'.repeat(129)));
  assert.equal(agrees(long), undefined);
  assert.equal(strict(long), undefined);
  for (const body of ['f93c00', 'c101', '7f6161ff', 'f7']) {
    const b = fromHex(`a364626f6479${body}656e6f6e636501666d6574686f6461 78`.replace(' ', ''));
    assert.equal(agrees(b), undefined);
    assert.equal(strict(b), undefined);
  }
  // Every single-byte change and every truncation of a valid transaction: agreement either way.
  for (let i = 0; i < good.length; i++) {
    agrees(good.subarray(0, i));
    for (const v of [0x00, 0x17, 0x18, 0x1f, 0x40, 0x60, 0x7f, 0xa0, 0xbf, 0xf6, 0xff]) {
      const m = new Uint8Array(good);
      m[i] = v;
      agrees(m);
    }
  }
});

test('readCanonicalTx keeps the depth limit of the whole transaction for its body', () => {
  // The strict limit (64) counts the transaction's own map, so a body 64 deep is refused.
  const nest = (d: number): unknown => (d === 0 ? 0 : [nest(d - 1)]);
  const ok = encodeWith(runtimeTxCodec, { nonce: 1n, method: 'x', body: nest(63) });
  assert.notEqual(agrees(ok), undefined);
  const deep = encodeWith(runtimeTxCodec, { nonce: 1n, method: 'x', body: nest(64) });
  assert.equal(strict(deep), undefined);
  assert.equal(agrees(deep), undefined);
});
