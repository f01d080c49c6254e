import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeWith, toHex } from '../../../src/common/index.js';
import { BftError, encodeVoteBody, type VoteBody, voteBodyCodec } from '../../../src/consensus/bft/index.js';
import { Rng } from '../../helpers/rng.js';

const edges = [0n, 1n, 23n, 24n, 255n, 256n, 65535n, 65536n, 0xffffffffn, 0x100000000n, 0xffffffffffffffffn];

test('vote sign bytes: the dedicated encoder equals the canonical CBOR codec on edge and random bodies', () => {
  const rng = new Rng(99);
  const bodies: VoteBody[] = [];
  for (const h of edges) {
    for (const r of [0, 23, 24, 255, 256, 65536, 0xffffffff]) {
      bodies.push({
        type: 1,
        height: h,
        round: r,
        block_hash: null,
        validator: 0,
        extension: new Uint8Array(0),
      });
    }
  }
  for (let i = 0; i < 2000; i++) {
    bodies.push({
      type: rng.int(2) + 1,
      height:
        edges[rng.int(edges.length)]! - BigInt(rng.int(2)) * (edges[rng.int(edges.length)]! > 0n ? 1n : 0n),
      round: rng.int(70_000),
      block_hash: rng.int(3) === 0 ? null : rng.bytes(32),
      validator: rng.int(65536),
      extension: rng.bytes([0, 1, 23, 24, 40, 255, 256][rng.int(7)]!),
    });
  }
  for (const b of bodies) {
    if (b.height < 0n) continue;
    assert.equal(toHex(encodeVoteBody(b)), toHex(encodeWith(voteBodyCodec, b)));
  }
});

test('vote sign bytes: out-of-range fields are refused with a coded error', () => {
  const ok: VoteBody = {
    type: 1,
    height: 1n,
    round: 0,
    block_hash: null,
    validator: 0,
    extension: new Uint8Array(0),
  };
  for (const bad of [
    { ...ok, height: -1n },
    { ...ok, height: 1n << 64n },
    { ...ok, round: -1 },
    { ...ok, validator: 65536 },
    { ...ok, type: 256 },
    { ...ok, extension: new Uint8Array(257) },
    { ...ok, block_hash: new Uint8Array(31) },
  ]) {
    assert.throws(
      () => encodeVoteBody(bad),
      (e: unknown) => e instanceof BftError && e.code === BftError.MALFORMED_MESSAGE,
    );
  }
});
