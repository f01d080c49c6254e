// The state-sync frames: requests and responses round-trip; a malformed, foreign or oversized
// frame is a P2pError MALFORMED (counted against its sender); a request for a checkpoint or chunk
// the node does not offer is NodeError UNAVAILABLE, not the requester's fault.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeWith, u64 } from '../../src/common/index.js';
import {
  answerStateSync,
  type CheckpointSource,
  decodeStateSyncRequest,
  decodeStateSyncResponse,
  encodeStateSyncRequest,
  encodeStateSyncResponse,
  NodeError,
  recordHash,
  STATE_SYNC_MAX_REQUEST_BYTES,
} from '../../src/node/index.js';
import { P2pError } from '../../src/p2p/index.js';

const malformed = (e: unknown) => P2pError.is(e, 'p2p', P2pError.MALFORMED);
const b32 = (n: number) => new Uint8Array(32).fill(n);

test('state-sync requests round-trip; malformed and oversized ones are MALFORMED', () => {
  for (const r of [{ list: 0 }, { record: 8n }, { chunk: { height: 8n, tree: 1, index: 3 } }] as const) {
    assert.deepEqual(decodeStateSyncRequest(encodeStateSyncRequest(r)), r);
  }
  assert.throws(() => decodeStateSyncRequest(Uint8Array.of(0xff)), malformed);
  assert.throws(() => decodeStateSyncRequest(encodeWith(u64, 5n)), malformed);
  assert.throws(() => decodeStateSyncRequest(new Uint8Array(STATE_SYNC_MAX_REQUEST_BYTES + 1)), malformed);
  const two = new Uint8Array([0xa2, 0x64, ...Buffer.from('list'), 0, 0x66, ...Buffer.from('record'), 1]);
  assert.throws(() => decodeStateSyncRequest(two), malformed);
});

test('state-sync responses round-trip and the record hash binds the record', () => {
  const record = {
    app_record: Uint8Array.of(1, 2),
    consensus_state: Uint8Array.of(3),
    ved: { parent_hash: b32(1), receipts_root: b32(2), ved_set_hash: b32(3) },
    ued: { parent_hash: b32(4), receipts_root: b32(5), ved_set_hash: b32(6) },
  };
  assert.deepEqual(decodeStateSyncResponse(encodeStateSyncResponse({ record })), { record });
  const other = { ...record, consensus_state: Uint8Array.of(4) };
  assert.notDeepEqual(recordHash(record), recordHash(other));
  assert.throws(() => decodeStateSyncResponse(Uint8Array.of(0xa0)), malformed);
  const list = encodeStateSyncResponse({ checkpoints: [] });
  assert.throws(() => decodeStateSyncResponse(list.subarray(0, list.length - 1)), malformed);
});

test('a request for a checkpoint or chunk not offered is UNAVAILABLE; the list hides the tip', async () => {
  const offer = {
    height: 8n,
    ved_root: b32(1),
    ued_root: b32(2),
    ved_chunks: 1,
    ued_chunks: 1,
    record_hash: b32(3),
  };
  const src: CheckpointSource = { list: () => [offer], get: () => undefined };
  const unavailable = (e: unknown) => NodeError.is(e, 'node', NodeError.UNAVAILABLE);
  await assert.rejects(
    answerStateSync({ record: 4n }, src, () => 20n),
    unavailable,
  );
  await assert.rejects(
    answerStateSync({ chunk: { height: 4n, tree: 0, index: 0 } }, src, () => 20n),
    unavailable,
  );
  const at = async (tip: bigint) =>
    decodeStateSyncResponse(await answerStateSync({ list: 0 }, src, () => tip));
  assert.deepEqual(await at(9n), { checkpoints: [offer] });
  assert.deepEqual(await at(8n), { checkpoints: [] }, 'block h + 1 must exist before h is offered');
});
