/**
 * The SDK side of the RHP fuzz requirement: random and mutated frames (handshake, check, execute,
 * query, abort, ping, stray responses) fed to the connection of an SDK runtime (kv). No input may
 * crash the runtime: nothing thrown out of the stream handlers, no unhandled rejection, and every
 * connection ends closed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kvRuntime } from '../../../examples/runtimes/kv/runtime.js';
import { concatBytes, encodeCanonical, fromHex } from '../../../src/common/index.js';
import {
  type Body,
  bodyKind,
  duplexPair,
  encodeFrame,
  encodeMessage,
  isRequestKind,
} from '../../../src/runtime/rhp/index.js';
import { defineRuntime, serveRuntime, signTx } from '../../../src/runtime/sdk/index.js';
import { genesisHeader } from '../../../src/runtime/testhost/index.js';
import { Rng } from '../../helpers/rng.js';
import { signer } from '../testhost/helpers.js';

/** Frames to feed (each input holds a handshake and one to three more frames). */
const FRAMES = 100_000;
const BATCH = 250;
const ID = fromHex(kvRuntime.id, 32);
/** kv with a counter of handler runs, to show that the fuzz reaches execution. */
let executed = 0;
const insert = kvRuntime.methods.insert!;
const counted = defineRuntime({
  ...kvRuntime,
  methods: {
    ...kvRuntime.methods,
    insert: {
      body: insert.body,
      handler: (ctx, b) => {
        executed++;
        return insert.handler(ctx, b);
      },
    },
  },
});
const CHAIN = '0'.repeat(64);
const header = genesisHeader(ID);
const light = { height: 0n, meta: new Uint8Array(0) };
const tx = (n: bigint) =>
  signTx(
    signer(1),
    { runtimeId: ID, chainContext: CHAIN },
    { nonce: n, method: 'insert', body: { key: 'k', value: 'v' } },
  );

const HANDSHAKE = frame(0n, {
  RuntimeInfoRequest: {
    runtime_id: ID,
    consensus_backend: 'fuzz',
    consensus_protocol_version: { major: 1, minor: 0, patch: 0 },
    consensus_chain_context: CHAIN,
  },
});
const REQUESTS: Uint8Array[] = [
  frame(1n, { RuntimePingRequest: {} }),
  frame(2n, {
    RuntimeCheckTxBatchRequest: {
      consensus_block: light,
      inputs: [tx(0n), Uint8Array.of(1)],
      block: { header },
      epoch: 0n,
      max_messages: 0,
    },
  }),
  frame(3n, {
    RuntimeExecuteTxBatchRequest: {
      mode: 0,
      consensus_block: light,
      round_results: { messages: [], good_compute_entities: [], bad_compute_entities: [] },
      io_root: header.io_root,
      inputs: [tx(0n), tx(1n)],
      in_msgs: [],
      block: { header },
      epoch: 0n,
      max_messages: 4,
    },
  }),
  frame(4n, {
    RuntimeQueryRequest: {
      consensus_block: light,
      header,
      epoch: 0n,
      max_messages: 0,
      method: 'get',
      args: encodeCanonical({ key: 'k' }),
    },
  }),
  frame(5n, { RuntimeAbortRequest: {} }),
  frame(6n, { HostStorageSyncResponse: { proof: { v: 0, untrusted_root: header.state_root, entries: [] } } }),
];

function frame(id: bigint, body: Body): Uint8Array {
  const type = isRequestKind(bodyKind(body)) ? 1 : 2;
  return encodeFrame(encodeMessage({ id, message_type: type, body }));
}

function mutate(f: Uint8Array, rng: Rng): Uint8Array {
  const b = f.slice();
  const n = rng.range(1, 4);
  for (let i = 0; i < n; i++) {
    const k = rng.int(4);
    const at = rng.int(b.length);
    if (k === 0) b[at]! ^= 1 << rng.int(8);
    else if (k === 1) b[at] = rng.int(256);
    else if (k === 2) return b.subarray(0, at);
    else b[4 + rng.int(Math.max(1, b.length - 4))] = rng.int(256); // the body, not the length
  }
  return b;
}

function input(rng: Rng): Uint8Array[] {
  const parts = [rng.chance(900) ? HANDSHAKE : mutate(HANDSHAKE, rng)];
  const n = rng.range(1, 3);
  for (let i = 0; i < n; i++) {
    const k = rng.int(10);
    if (k === 0) parts.push(rng.bytes(rng.int(48)));
    else if (k < 3) parts.push(rng.pick(REQUESTS));
    else parts.push(mutate(rng.pick(REQUESTS), rng));
  }
  return parts;
}

/** The handshake frame first, the rest once it has been answered (as a host does). */
function feed(parts: Uint8Array[]): Promise<void> {
  const [mine, peer] = duplexPair();
  const conn = serveRuntime(counted, mine);
  peer.resume();
  peer.write(parts[0]!);
  setImmediate(() => peer.end(concatBytes(...parts.slice(1))));
  return new Promise((resolve) => conn.onClose(() => resolve()));
}

test('SDK fuzz: 100,000 random and mutated frames fed to an SDK runtime never crash it', async () => {
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => uncaught.push(e);
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  const stackLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  const rng = new Rng(0x5d4);
  try {
    let frames = 0;
    while (frames < FRAMES) {
      const inputs = Array.from({ length: BATCH }, () => input(rng));
      frames += inputs.reduce((n, parts) => n + parts.length, 0);
      await Promise.all(inputs.map((parts) => feed(parts)));
    }
    assert.ok(frames >= FRAMES);
    // Handlers still running after their connection closed must finish quietly too.
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  } finally {
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
    Error.stackTraceLimit = stackLimit;
  }
  assert.deepEqual(uncaught, []);
  assert.ok(executed > 1000, `only ${executed} transactions were executed`);
});
