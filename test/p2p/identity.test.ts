import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ed25519Signer, TandemError } from '../../src/common/index.js';
import {
  ADMIT_ALL,
  admitted,
  blockSyncProtocol,
  cachedP2pKey,
  consensusTopic,
  Libp2pNetwork,
  P2pError,
  PEER_KEY_CACHE_SIZE,
  p2pKeyOfPeer,
  peerIdFromP2pKey,
  rememberedPeerKeys,
  runtimeBatchTopic,
  stateSyncProtocol,
  txTopic,
} from '../../src/p2p/index.js';
import { TestRegistry } from '../helpers/p2p.js';

const isP2p = (code: number) => (e: unknown) => TandemError.is(e, 'p2p', code);

test('the peer id derived from the p2p key is stable and is the id the running node uses', async () => {
  const seed = new Uint8Array(32).fill(7);
  const key = Ed25519Signer.fromSeed(seed);
  const id = peerIdFromP2pKey(key.publicKey);
  assert.equal(peerIdFromP2pKey(Ed25519Signer.fromSeed(seed).publicKey), id);
  assert.match(id, /^12D3KooW/);
  assert.deepEqual(p2pKeyOfPeer(id), key.publicKey, 'the key reads back from the peer id');
  assert.notEqual(peerIdFromP2pKey(Ed25519Signer.generate().publicKey), id);
  const net = new Libp2pNetwork({
    p2pSeed: seed,
    authorizer: new TestRegistry(),
    listen: ['/ip4/127.0.0.1/tcp/0'],
  });
  assert.equal(net.peerId, id);
  await net.start();
  try {
    const addr = net.addresses()[0]!;
    assert.ok(addr.endsWith(`/p2p/${id}`), addr);
  } finally {
    await net.stop();
  }
});

test('bad keys and peer ids are refused with coded errors', () => {
  assert.throws(() => peerIdFromP2pKey(new Uint8Array(31)), isP2p(P2pError.INVALID_CONFIG));
  assert.equal(p2pKeyOfPeer('not-a-peer-id'), undefined);
  assert.equal(p2pKeyOfPeer(''), undefined);
  assert.throws(
    () => new Libp2pNetwork({ p2pSeed: new Uint8Array(5), authorizer: new TestRegistry() }),
    (e: unknown) => e instanceof TandemError,
  );
  assert.throws(
    () =>
      new Libp2pNetwork({
        p2pSeed: new Uint8Array(32),
        authorizer: new TestRegistry(),
        bootstrap: ['/ip4/127.0.0.1/tcp/1'],
      }),
    isP2p(P2pError.INVALID_CONFIG),
  );
});

test('topic and protocol names are versioned and chain-scoped', () => {
  assert.equal(txTopic('main-1'), '/tandem/main-1/tx/2');
  assert.equal(consensusTopic('main-1'), '/tandem/main-1/consensus/1');
  assert.equal(blockSyncProtocol('main-1'), '/tandem/main-1/blocksync/1');
  assert.equal(stateSyncProtocol('main-1'), '/tandem/main-1/statesync/1');
  const rt = 'ab'.repeat(32);
  assert.equal(runtimeBatchTopic('main-1', rt), `/tandem/main-1/runtime/${rt}/batch/1`);
  assert.throws(() => txTopic('a/b'), isP2p(P2pError.INVALID_CONFIG));
  assert.throws(() => txTopic(''), isP2p(P2pError.INVALID_CONFIG));
  assert.throws(() => runtimeBatchTopic('main-1', 'AB'.repeat(32)), isP2p(P2pError.INVALID_CONFIG));
});

test('admission remembers what a peer id names, but asks the registry every time', () => {
  const key = Ed25519Signer.fromSeed(new Uint8Array(32).fill(9)).publicKey;
  const id = peerIdFromP2pKey(key);
  let registered = true;
  const auth = { isRegistered: (k: Uint8Array) => registered && Buffer.from(k).equals(Buffer.from(key)) };
  assert.deepEqual(cachedP2pKey(id), key);
  assert.equal(cachedP2pKey(id), cachedP2pKey(id), 'the second lookup is the remembered key');
  assert.equal(admitted(auth, id, 'registered'), true);
  registered = false;
  assert.equal(admitted(auth, id, 'registered'), false, 'a deregistration counts at once');
  assert.equal(admitted(auth, id, 'open'), true);
  for (const bad of ['not-a-peer-id', '', `${id}x`]) {
    assert.equal(cachedP2pKey(bad), undefined);
    assert.equal(cachedP2pKey(bad), undefined, 'a bad id stays bad when remembered');
    assert.equal(admitted(ADMIT_ALL, bad, 'registered'), false);
  }
});

test('the remembered peer keys are bounded: past the bound the memory starts over', () => {
  const ids = Array.from({ length: PEER_KEY_CACHE_SIZE + 10 }, (_, i) => `bogus-${i}`);
  let most = 0;
  for (const id of ids) {
    assert.equal(cachedP2pKey(id), undefined);
    most = Math.max(most, rememberedPeerKeys());
  }
  assert.equal(most, PEER_KEY_CACHE_SIZE, 'the memory filled up to its bound and no further');
  assert.ok(rememberedPeerKeys() <= 20, 'past the bound it started over (only the last ids remain)');
  const key = Ed25519Signer.fromSeed(new Uint8Array(32).fill(10)).publicKey;
  assert.deepEqual(cachedP2pKey(peerIdFromP2pKey(key)), key);
});
