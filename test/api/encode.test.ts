// The shared JSON codecs: exact encodings (hex, decimal strings, bech32) and strict decoding of
// hostile or malformed values, so a client never accepts a wrong type silently.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ApiError,
  accountJ,
  bigintJ,
  blockJ,
  bytesJ,
  executionStatusJ,
  MAX_JSON_STRING,
  toRpcError,
  uintJ,
} from '../../src/api/index.js';
import { addressToString, TandemError } from '../../src/common/index.js';
import { account, BIG, block7, receipt } from './fake-backend.js';

const malformed = (e: unknown) => TandemError.is(e, 'api', ApiError.MALFORMED_VALUE);

test('encodings: lower-case hex without 0x, decimal strings, bech32, optional fields omitted', () => {
  assert.equal(bytesJ.encode(Uint8Array.of(0xab, 0x01)), 'ab01');
  assert.equal(bigintJ.encode(BIG), BIG.toString());
  const a = accountJ.encode(account) as Record<string, unknown>;
  assert.equal(a.address, addressToString(account.address));
  assert.equal(a.nonce, '18446744073709551615');
  const pending = executionStatusJ.encode({ state: 'pending', reported_stake: 0n, total_stake: 1n });
  assert.deepEqual(pending, { state: 'pending', reported_stake: '0', total_stake: '1' });
  const done = { state: 'confirmed' as const, receipt, height: 7, reported_stake: BIG, total_stake: BIG };
  assert.deepEqual(
    executionStatusJ.decode(JSON.parse(JSON.stringify(executionStatusJ.encode(done))), 'x'),
    done,
  );
  assert.deepEqual(blockJ.decode(JSON.parse(JSON.stringify(blockJ.encode(block7))), 'b'), block7);
});

test('decoding rejects wrong types, non-canonical numbers and hex, bad addresses', () => {
  for (const v of ['AB', '0xab', 'abc', 1, null]) assert.throws(() => bytesJ.decode(v, 'h'), malformed);
  for (const v of ['-1', '01', '1.5', '1e3', '', 5, 'x'.repeat(100)]) {
    assert.throws(() => bigintJ.decode(v, 'n'), malformed);
  }
  for (const v of [-1, 1.5, 2 ** 53, '3', Number.NaN]) assert.throws(() => uintJ.decode(v, 'u'), malformed);
  const enc = accountJ.encode(account) as Record<string, unknown>;
  assert.throws(() => accountJ.decode({ ...enc, address: 'tandem1qqqq' }, 'a'), malformed);
  assert.throws(() => accountJ.decode({ ...enc, mapping: 'RW-ALL' }, 'a'), malformed);
  const { balance: _b, ...missing } = enc;
  assert.throws(() => accountJ.decode(missing, 'a'), /a\.balance/);
  assert.throws(() => accountJ.decode([enc], 'a'), malformed);
  assert.throws(() => bytesJ.decode('ab'.repeat(MAX_JSON_STRING / 2 + 1), 'big'), malformed);
  assert.deepEqual(accountJ.decode({ ...enc, added_later: 1 }, 'a'), account, 'unknown fields are ignored');
});

test('error mapping: protocol codes, application errors keep module/code, anything else is bare -32603', () => {
  assert.equal(toRpcError(new ApiError(ApiError.PARSE_ERROR, 'p')).code, -32700);
  assert.equal(toRpcError(new ApiError(ApiError.BATCH_TOO_LARGE, 'b')).code, -32600);
  assert.equal(toRpcError(new ApiError(ApiError.RATE_LIMITED, 'r')).code, -32005);
  assert.deepEqual(toRpcError(new TandemError('domains', 1, 'halted')), {
    code: -32000,
    message: 'halted',
    data: { module: 'domains', code: 1, message: 'halted' },
  });
  assert.deepEqual(toRpcError(new RangeError('x at /home')), { code: -32603, message: 'internal error' });
});
