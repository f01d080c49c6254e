// Every staking body codec rejects malformed, oversized and hostile input with a coded error;
// state keys and records are strict too (a damaged record is CORRUPT_STATE, never guessed at).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CborError,
  type Codec,
  encodeCanonical,
  encodeWith,
  TandemError,
} from '../../../src/common/index.js';
import {
  addEscrowBodyCodec,
  decodeStakingBody,
  MAX_BODY_SIZE,
  reclaimEscrowBodyCodec,
  StakingError,
  StakingReader,
} from '../../../src/services/staking/index.js';
import { MemoryKvState } from '../../helpers/kv-state.js';
import { Rng } from '../../helpers/rng.js';
import { addr } from './setup.js';

const BODIES: [string, Codec<unknown>, string][] = [
  ['AddEscrow', addEscrowBodyCodec as Codec<unknown>, 'amount'],
  ['ReclaimEscrow', reclaimEscrowBodyCodec as Codec<unknown>, 'shares'],
];

const isCoded = (e: unknown) => e instanceof TandemError;

for (const [name, codec, field] of BODIES) {
  const good = { account: addr(9), [field]: 1234n };

  test(`${name} body round-trips canonically`, () => {
    const b = encodeWith(codec, good);
    assert.deepEqual(decodeStakingBody(codec, b), good);
  });

  test(`${name} body rejects malformed data-model values`, () => {
    const q = (n: number, first = 1) => Uint8Array.from({ length: n }, (_, i) => (i === 0 ? first : 7));
    const bad: unknown[] = [
      null,
      7,
      [],
      new Uint8Array(3),
      {},
      { account: addr(9) },
      { [field]: q(2) },
      { account: addr(9), [field]: q(2), extra: 1 },
      { account: new Uint8Array(20), [field]: q(2) },
      { account: new Uint8Array(22), [field]: q(2) },
      { account: 'tandem1xyz', [field]: q(2) },
      { account: addr(9), [field]: 5 },
      { account: addr(9), [field]: q(2, 0) },
      { account: addr(9), [field]: q(33) },
    ];
    for (const v of bad) assert.throws(() => codec.fromCbor(v, ''), isCoded, String(v));
  });

  test(`${name} body rejects oversized, non-canonical and trailing input`, () => {
    const b = encodeWith(codec, good);
    const big = encodeCanonical({
      account: addr(9),
      [field]: new Uint8Array(0),
      pad: new Uint8Array(MAX_BODY_SIZE),
    });
    assert.throws(
      () => decodeStakingBody(codec, big),
      (e) => TandemError.is(e, CborError.MODULE, CborError.TOO_LARGE),
    );
    assert.throws(() => decodeStakingBody(codec, Uint8Array.of(...b, 0)), isCoded);
    assert.throws(() => decodeStakingBody(codec, b.subarray(0, b.length - 1)), isCoded);
    const withTag = Uint8Array.of(0xc2, ...b);
    assert.throws(() => decodeStakingBody(codec, withTag), isCoded);
    const indefinite = Uint8Array.of(0xbf, ...b.subarray(1), 0xff);
    assert.throws(() => decodeStakingBody(codec, indefinite), isCoded);
  });

  test(`${name} body: random mutations decode to a canonical value or fail with a coded error`, () => {
    const rng = new Rng(0x5ed);
    const b = encodeWith(codec, good);
    for (let i = 0; i < 1_000; i++) {
      const m = Uint8Array.from(b);
      for (let k = rng.range(1, 3); k > 0; k--) m[rng.int(m.length)] = rng.int(256);
      try {
        const v = decodeStakingBody(codec, m);
        assert.deepEqual(encodeWith(codec, v), m, 'accepted input is canonical');
      } catch (e) {
        assert.ok(isCoded(e), `uncoded error ${String(e)}`);
      }
    }
  });
}

test('a damaged stored record is CORRUPT_STATE', async () => {
  const kv = new MemoryKvState();
  kv.set(Uint8Array.of(0x53, 0x02), Uint8Array.of(0x01));
  await assert.rejects(new StakingReader(kv).commonPool(), (e) =>
    TandemError.is(e, StakingError.MODULE, StakingError.CORRUPT_STATE),
  );
  kv.set(Uint8Array.of(0x53, 0x03, 1, 2), encodeCanonical({}));
  await assert.rejects(
    (async () => {
      for await (const _ of new StakingReader(kv).escrows());
    })(),
    (e) => TandemError.is(e, StakingError.MODULE, StakingError.CORRUPT_STATE),
  );
});
