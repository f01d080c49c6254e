import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kvRuntime } from '../../../examples/runtimes/kv/runtime.js';
import { concatBytes, encodeCanonical, fromHex, type TandemError, utf8 } from '../../../src/common/index.js';
import { buildGetProof, Tree } from '../../../src/mkvs/index.js';
import {
  type Body,
  Connection,
  duplexPair,
  hostHandshake,
  RhpError,
} from '../../../src/runtime/rhp/index.js';
import { serveRuntime, USER_KEY_PREFIX } from '../../../src/runtime/sdk/index.js';
import { genesisHeader } from '../../../src/runtime/testhost/index.js';

async function treeWith(value: string): Promise<Tree> {
  const t = new Tree();
  await t.insert(concatBytes(Uint8Array.of(USER_KEY_PREFIX), utf8('a')), utf8(value));
  await t.insert(concatBytes(Uint8Array.of(USER_KEY_PREFIX), utf8('b')), utf8('other'));
  return t;
}

/** A host whose storage answers come from `serve`; returns a query function. */
async function hostWith(serve: (key: Uint8Array) => Promise<Body>) {
  const [h, r] = duplexPair();
  serveRuntime(kvRuntime, r);
  const conn = new Connection(h, {
    role: 'host',
    handler: (b) => serve(b.HostStorageSyncRequest!.SyncGet!.key),
  });
  const id = fromHex(kvRuntime.id, 32);
  await hostHandshake(
    conn,
    {
      runtime_id: id,
      consensus_backend: 'test',
      consensus_protocol_version: { major: 1, minor: 0, patch: 0 },
      consensus_chain_context: '0'.repeat(64),
    },
    1000,
  );
  const honest = await treeWith('one');
  const header = { ...genesisHeader(id), round: 1n, state_root: honest.rootHash() };
  const query = () =>
    conn.request('RuntimeQueryRequest', {
      consensus_block: { height: 1n, meta: new Uint8Array(0) },
      header,
      epoch: 0n,
      max_messages: 0,
      method: 'get',
      args: encodeCanonical({ key: 'a' }),
    });
  return { conn, honest, query };
}

test('state reads are verified: proofs from the claimed root are used, proofs of another state are refused', async () => {
  const honest = await treeWith('one');
  const evil = await treeWith('two');
  const ok = await hostWith(async (k) => ({
    HostStorageSyncResponse: { proof: await buildGetProof(honest, k, 0) },
  }));
  assert.deepEqual((await ok.query()).data, encodeCanonical('one'));
  ok.conn.close();

  const other = await hostWith(async (k) => ({
    HostStorageSyncResponse: { proof: await buildGetProof(evil, k, 0) },
  }));
  await assert.rejects(other.query(), (e: unknown) => {
    assert.ok(RhpError.is(e, 'rhp', RhpError.REMOTE_ERROR));
    assert.equal((e as RhpError).remote?.module, 'mkvs');
    return true;
  });
  other.conn.close();

  const relabelled = await hostWith(async (k) => {
    const proof = await buildGetProof(evil, k, 0);
    return { HostStorageSyncResponse: { proof: { ...proof, untrusted_root: honest.rootHash() } } };
  });
  await assert.rejects(relabelled.query(), (e: unknown) => (e as TandemError).message.includes('mkvs'));
  relabelled.conn.close();
});
