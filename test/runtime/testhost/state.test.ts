import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kvRuntime } from '../../../examples/runtimes/kv/runtime.js';
import { bytesEqual, TandemError } from '../../../src/common/index.js';
import type { ComputedBatch } from '../../../src/runtime/rhp/index.js';
import { LocalState, TestHostError } from '../../../src/runtime/testhost/index.js';
import { openInProcess } from '../sdk/helpers.js';
import { makeTx, signer } from './helpers.js';

test('the local host accepts a computed batch only if round, previous hash, IO root, state root and messages hash all check', async () => {
  const host = await openInProcess(kvRuntime);
  let real: ComputedBatch;
  try {
    // Compute a batch with a second host so the first one's state stays at genesis.
    const tx = makeTx(host, signer(1), 0n, 'insert', { key: 'a', value: 'b' });
    real = (await host.execute([tx])).response.batch;
  } finally {
    await host.close();
  }
  const state = await LocalState.open(host.runtimeId);
  const genesis = state.head;
  const other = new Uint8Array(32).fill(9);
  const cases: [string, ComputedBatch, number][] = [
    ['wrong round', { ...real, header: { ...real.header, round: 5n } }, TestHostError.WRONG_PARENT],
    [
      'wrong parent',
      { ...real, header: { ...real.header, previous_hash: other } },
      TestHostError.WRONG_PARENT,
    ],
    ['io root', { ...real, header: { ...real.header, io_root: other } }, TestHostError.IO_ROOT_MISMATCH],
    ['io log', { ...real, io_write_log: real.io_write_log.slice(1) }, TestHostError.IO_ROOT_MISMATCH],
    ['messages', { ...real, messages: [1] }, TestHostError.MESSAGES_HASH_MISMATCH],
    [
      'state root',
      { ...real, header: { ...real.header, state_root: other } },
      TestHostError.STATE_ROOT_MISMATCH,
    ],
    [
      'state log',
      { ...real, state_write_log: real.state_write_log.slice(1) },
      TestHostError.STATE_ROOT_MISMATCH,
    ],
  ];
  for (const [what, batch, code] of cases) {
    await assert.rejects(state.apply(batch), (e: unknown) => TandemError.is(e, 'testhost', code), what);
    assert.equal(state.head, genesis, `${what}: the head did not move`);
  }
  const head = await state.apply(real);
  assert.equal(head.round, 1n);
  assert.ok(bytesEqual(head.state_root, real.header.state_root!));
  assert.notEqual(await state.headTree().get(real.state_write_log[0]!.key), null);
  await state.close();
});
