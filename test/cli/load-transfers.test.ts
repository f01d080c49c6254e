// The load generator's transfers: the first PRESIGN_MAX (here a small bound) are signed before the
// run, the rest when due; either way transfer i comes from sender i mod n with that sender's next
// nonce, carries its hash as its key, and decodes as a valid signed transfer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TransferSource } from '../../src/cli/load-transfers.js';
import { addressFromPublicKey, bytesEqual, Ed25519Signer, hash, toHex } from '../../src/common/index.js';
import { decodeSignedTx } from '../../src/consensus/index.js';

const ctx = 'ab'.repeat(32);

test('pre-signs at most the bound, then signs when due, in round-robin nonce order', () => {
  const senders = [Ed25519Signer.generate(), Ed25519Signer.generate(), Ed25519Signer.generate()];
  const sink = addressFromPublicKey(Ed25519Signer.generate().publicKey);
  const src = new TransferSource(senders, ctx, sink, 10);
  assert.equal(src.presign(4), 4, 'bounded');
  assert.equal(src.presign(4), 4, 'idempotent');
  const got = Array.from({ length: 10 }, () => src.next());
  got.forEach((t, i) => {
    assert.equal(t.key, toHex(hash(t.tx)));
    const d = decodeSignedTx(t.tx, ctx);
    const k = i % senders.length;
    assert.ok(bytesEqual(d.signer, senders[k]!.publicKey), `transfer ${i} from sender ${k}`);
    assert.equal(d.tx.nonce, BigInt(Math.floor(i / senders.length)));
  });
  assert.equal(new Set(got.map((t) => t.key)).size, 10);
});

test('a source with fewer transfers than the bound signs them all ahead and no more', () => {
  const src = new TransferSource([Ed25519Signer.generate()], ctx, new Uint8Array(21), 3);
  assert.equal(src.presign(), 3);
});
