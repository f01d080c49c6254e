// The Python runtime (examples/runtimes/py-counter) under the TypeScript host: the Runtime Host
// Protocol is language-independent when a runtime written in another language, with its own
// CBOR codec and MKVS hashing, completes the handshake and computes the same results header as
// src/mkvs does, both unconfined and in the bubblewrap sandbox.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EMPTY_HASH, encodeCanonical } from '../../src/common/index.js';
import { type GetRequest, LocalReadSyncer, type ProofResponse, Tree } from '../../src/mkvs/index.js';
import {
  fileChecksum,
  HostError,
  loadBundle,
  type Provisioner,
  RuntimeHost,
  SandboxProvisioner,
  UnconfinedProvisioner,
  writeBundleManifest,
} from '../../src/runtime/host/index.js';
import {
  type Body,
  type HostStorageSyncRequest,
  PROTOCOL_VERSION,
  RhpError,
} from '../../src/runtime/rhp/index.js';
import { alive } from './host/helpers.js';
import {
  addTx,
  blockHeader,
  buildPyBundle,
  CONSENSUS,
  COUNTER_KEY,
  executeRequest,
  expectedBatch,
  PY_SRC,
  PY_VERSION,
  u64be,
} from './pyrt-helpers.js';

const bundleDir = buildPyBundle();

function makeHost(provisioner: Provisioner, stderr: string[]): RuntimeHost {
  return new RuntimeHost({
    provisioner,
    consensus: CONSENSUS,
    handshakeTimeoutMs: 5000,
    watchdog: { intervalMs: 60_000, timeoutMs: 5000 },
    onStderr: (l) => stderr.push(l),
  });
}

const remoteCode = (module: string, code: number) => (e: unknown) =>
  RhpError.is(e, RhpError.MODULE, RhpError.REMOTE_ERROR) &&
  (e as RhpError).remote?.module === module &&
  (e as RhpError).remote?.code === code;

async function exercise(provisioner: Provisioner): Promise<void> {
  const stderr: string[] = [];
  const host = makeHost(provisioner, stderr);
  try {
    const info = await host.start(await loadBundle(bundleDir));
    assert.equal(info.protocol_version.major, PROTOCOL_VERSION.major);
    assert.deepEqual(info.runtime_version, PY_VERSION);
    const pid = host.pid;
    assert.deepEqual(await host.request('RuntimePingRequest', {}), {});
    assert.deepEqual(await host.request('RuntimeAbortRequest', {}), {});

    // Batch 1 on the genesis block: three inputs.
    const g = blockHeader(0n);
    const txs1 = [1n, 2n, 39n].map((add) => ({ raw: addTx(add), add }));
    const r1 = await host.request(
      'RuntimeExecuteTxBatchRequest',
      executeRequest(
        g,
        txs1.map((t) => t.raw),
      ),
    );
    const e1 = await expectedBatch(g, txs1, 0n);
    assert.deepEqual(r1.batch.header, e1.header);
    assert.deepEqual(r1.batch.io_write_log, e1.ioWriteLog);
    assert.deepEqual(r1.batch.state_write_log, [{ key: COUNTER_KEY, value: u64be(42n) }]);
    assert.deepEqual(r1.batch.messages, []);
    assert.equal(r1.batch.rak_sig, undefined);
    assert.equal(r1.tx_hashes.length, 3);
    assert.deepEqual(r1.tx_reject_hashes, []);
    // The host can apply the state write log and reach the reported root.
    const state = new Tree();
    await state.applyWriteLog(r1.batch.state_write_log);
    assert.deepEqual(state.rootHash(), r1.batch.header.state_root);

    // Batch 2 continues the counter; malformed and duplicate inputs are rejected, not fatal.
    const b1 = { ...blockHeader(1n, e1.header.state_root!), io_root: e1.header.io_root! };
    const bad = encodeCanonical({ sub: 1n });
    const r2 = await host.request(
      'RuntimeExecuteTxBatchRequest',
      executeRequest(b1, [addTx(100n), bad, addTx(100n)]),
    );
    const e2 = await expectedBatch(b1, [{ raw: addTx(100n), add: 100n }], 42n);
    assert.deepEqual(r2.batch.header, e2.header);
    assert.deepEqual(r2.batch.state_write_log, [{ key: COUNTER_KEY, value: u64be(142n) }]);
    assert.equal(r2.tx_reject_hashes.length, 2);

    const b2 = blockHeader(2n, e2.header.state_root!);
    const checked = await host.request('RuntimeCheckTxBatchRequest', {
      consensus_block: { height: 5n, meta: new Uint8Array(0) },
      inputs: [addTx(5n), bad],
      block: { header: b2 },
      epoch: 3n,
      max_messages: 0,
    });
    assert.deepEqual(checked.results[0]?.error, { module: '', code: 0, message: '' });
    assert.equal(checked.results[1]?.error.code, 1);
    const q = await host.request('RuntimeQueryRequest', {
      consensus_block: { height: 5n, meta: new Uint8Array(0) },
      header: b2,
      epoch: 3n,
      max_messages: 0,
      method: 'counter',
      args: new Uint8Array(0),
    });
    assert.deepEqual(q.data, encodeCanonical(142n));
    // A state the runtime does not hold is refused rather than guessed.
    const unknown = blockHeader(
      2n,
      EMPTY_HASH.map((x) => x ^ 1),
    );
    await assert.rejects(
      host.request('RuntimeExecuteTxBatchRequest', executeRequest(unknown, [addTx(1n)])),
      remoteCode('py-counter', 2),
    );
    assert.equal(host.pid, pid, 'no restart happened');
    await host.stop();
    assert.equal(host.state, 'stopped');
    assert.ok(pid !== undefined && !alive(pid), 'stop() ended the runtime process');
  } finally {
    await host.stop();
  }
  assert.ok(!stderr.some((l) => l.includes('Traceback')), stderr.join('\n'));
}

test('py-counter unconfined: handshake, ping, two batches with the TypeScript-computed header, check, query, stop', async () => {
  await exercise(new UnconfinedProvisioner());
});

test('RT-2 py-counter in the bubblewrap sandbox: the same exchange with only the stdlib and _hashlib bound', async () => {
  await exercise(new SandboxProvisioner());
});

test('py-counter: a manifest whose version differs from the runtime constant fails the handshake', async () => {
  const dir = buildPyBundle();
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  await writeBundleManifest(dir, { ...m, version: { ...PY_VERSION, patch: PY_VERSION.patch + 1 } });
  const host = makeHost(new UnconfinedProvisioner(), []);
  await assert.rejects(host.start(await loadBundle(dir)), (e: unknown) =>
    HostError.is(e, HostError.MODULE, HostError.RUNTIME_VERSION),
  );
  await host.stop();
});

test('py-counter: the committed manifest matches runtime.py', async () => {
  const m = JSON.parse(readFileSync(join(PY_SRC, 'manifest.json'), 'utf8'));
  assert.equal(m.checksum, await fileChecksum(join(PY_SRC, 'runtime.py')));
  assert.deepEqual(m.version, PY_VERSION);
  assert.equal(m.interpreter, '/usr/bin/python3');
  assert.equal(m.executable, 'runtime.py');
});

/** A host handler answering SyncGet from `tree`, after `lie` has had its way with the answer. */
function syncHandler(tree: Tree, seen: HostStorageSyncRequest[], lie = (p: ProofResponse) => p) {
  return async (b: Body): Promise<Body> => {
    const req = (b as { HostStorageSyncRequest?: HostStorageSyncRequest }).HostStorageSyncRequest!;
    seen.push(req);
    const get = (req as { SyncGet: GetRequest }).SyncGet;
    const root = { ...get.tree.root, hash: tree.rootHash() };
    const res = await new LocalReadSyncer(async () => tree).syncGet({
      ...get,
      tree: { root, position: root.hash },
    });
    return { HostStorageSyncResponse: lie(res) } as Body;
  };
}

test('py-counter after a restart reads its state from the host with SyncGet and uses it only if the proof verifies', async () => {
  const g = blockHeader(0n);
  const first = makeHost(new UnconfinedProvisioner(), []);
  await first.start(await loadBundle(bundleDir));
  const r1 = await first.request('RuntimeExecuteTxBatchRequest', executeRequest(g, [addTx(5n), addTx(6n)]));
  await first.stop();
  const state = new Tree();
  await state.applyWriteLog(r1.batch.state_write_log);
  await state.commit(g.namespace, 1n);
  const forged = new Tree();
  await forged.insert(COUNTER_KEY, u64be(999n));
  await forged.commit(g.namespace, 1n);

  const host = makeHost(new UnconfinedProvisioner(), []);
  await host.start(await loadBundle(bundleDir));
  try {
    const b1 = blockHeader(1n, r1.batch.header.state_root!);
    const seen: HostStorageSyncRequest[] = [];
    const flipLast = (p: ProofResponse): ProofResponse => {
      const entries = p.proof.entries.map((e) => (e === null ? e : Uint8Array.from(e)));
      const e0 = entries[0]!;
      e0[e0.length - 1]! ^= 1;
      return { proof: { ...p.proof, entries } };
    };
    const lies = [
      syncHandler(forged, seen), // a proof for another root
      syncHandler(state, seen, flipLast), // the right root, a tampered value
      syncHandler(state, seen, (p) => ({ proof: { ...p.proof, entries: [...p.proof.entries, null] } })),
      () => {
        throw new Error('storage offline');
      },
    ];
    for (const lie of lies) {
      host.setHandler(lie);
      await assert.rejects(
        host.request('RuntimeExecuteTxBatchRequest', executeRequest(b1, [addTx(1n)])),
        remoteCode('py-counter', 2),
      );
    }
    host.setHandler(syncHandler(state, seen));
    const r2 = await host.request('RuntimeExecuteTxBatchRequest', executeRequest(b1, [addTx(100n)]));
    const e2 = await expectedBatch(b1, [{ raw: addTx(100n), add: 100n }], 11n);
    assert.deepEqual(r2.batch.header, e2.header);
    const req = seen.at(-1)!;
    assert.equal(req.endpoint, 0);
    const get = (req as { SyncGet: GetRequest }).SyncGet;
    assert.deepEqual(get.key, COUNTER_KEY);
    assert.deepEqual(get.tree.root, { ns: b1.namespace, version: 1n, root_type: 1, hash: b1.state_root });
  } finally {
    await host.stop();
  }
});
