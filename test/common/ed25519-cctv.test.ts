// The C2SP CCTV Ed25519 edge cases, every one of them, against Tandem's documented rule:
// reject low_order_A, low_order_R, non_canonical_R and low_order_residue; accept everything else.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromHex, utf8, verifyRaw } from '../../src/common/index.js';
import { readVectors } from '../helpers/paths.js';

interface Vector {
  number: number;
  key: string;
  sig: string;
  msg: string;
  flags: string[] | null;
}

const REJECT_FLAGS = new Set(['low_order_A', 'low_order_R', 'non_canonical_R', 'low_order_residue']);

test('CCTV ed25519: acceptance equals the documented rule for all 914 vectors', () => {
  const vectors = readVectors<Vector[]>('ed25519-cctv/ed25519vectors.json');
  assert.equal(vectors.length, 914);
  const mismatches: string[] = [];
  let accepted = 0;
  for (const v of vectors) {
    const flags = v.flags ?? [];
    const expected = !flags.some((f) => REJECT_FLAGS.has(f));
    const got = verifyRaw(fromHex(v.key), utf8(v.msg), fromHex(v.sig));
    if (got) accepted++;
    if (got !== expected)
      mismatches.push(`#${v.number} flags=${flags.join(',')} expected=${expected} got=${got}`);
  }
  assert.deepEqual(mismatches, []);
  // The rule must accept some and reject some, or the test says nothing.
  assert.ok(accepted > 0 && accepted < vectors.length);
});
