// Strict hex decoding in one pass: every character a hex digit (either case) and an even length,
// or nothing; the bytes are a fresh array of their own (not a view into Buffer's shared pool);
// fromHex keeps its coded errors and optional 0x prefix.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommonError, decodeHexStrict, fromHex, toHex } from '../../src/common/index.js';

test('valid hex decodes to its own fresh array', () => {
  const b = decodeHexStrict('00aBcDeF7f');
  assert.ok(b);
  assert.equal(toHex(b), '00abcdef7f');
  assert.equal(b.byteOffset, 0);
  assert.equal(b.buffer.byteLength, 5);
  assert.equal(decodeHexStrict('')?.length, 0);
});

test('any non-hex character, anywhere, or an odd length is refused', () => {
  for (const bad of ['0', 'abc', 'zz11', '11zz', '1g', 'g1', '0x12', '12 3', ' 123', '12\u00e9a', 'aa-b']) {
    assert.equal(decodeHexStrict(bad), undefined, bad);
  }
  const long = 'ab'.repeat(500);
  assert.equal(decodeHexStrict(`${long}0z`), undefined, 'a bad last pair');
  assert.equal(decodeHexStrict(`${long}z0`), undefined);
});

test('fromHex: 0x prefix, coded errors for bad digits and wrong lengths', () => {
  assert.equal(toHex(fromHex('0xAB01')), 'ab01');
  const code = (c: number) => (e: unknown) => e instanceof CommonError && e.code === c;
  assert.throws(() => fromHex('abz1'), code(CommonError.INVALID_HEX));
  assert.throws(() => fromHex('abc'), code(CommonError.INVALID_HEX));
  assert.throws(() => fromHex('abcd', 3), code(CommonError.INVALID_LENGTH));
  assert.throws(() => fromHex(7 as unknown as string), code(CommonError.INVALID_HEX));
});
