import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressToString, decodeChecked } from '../../../src/common/index.js';
import type { IncomingMessage } from '../../../src/runtime/rhp/index.js';
import { runtimeMessageCodec } from '../../../src/services/roothash/index.js';
import { addr, MODES, makeTx, openExample, query, run, signer } from './helpers.js';

function deposit(id: bigint, to: Uint8Array, tokens: bigint): IncomingMessage {
  return { id, caller: to, tag: 0n, fee: 0n, tokens, data: new Uint8Array(0) };
}

for (const mode of MODES) {
  test(`token (${mode}): RT-27 deposits arrive as incoming messages, transfers move balances, withdrawals leave as staking messages`, async () => {
    const host = await openExample('token', mode);
    try {
      const [a, b] = [addr(1), addr(2)];
      const bal = (x: Uint8Array) => query(host, 'balance', { address: addressToString(x) });
      const r1 = await host.execute([], [deposit(0n, a, 100n), deposit(1n, b, 5n)]);
      assert.equal(r1.response.batch.header.in_msgs_count, 2);
      assert.equal(await bal(a), 100);
      assert.equal(await query(host, 'supply', null), 105);
      const s = signer(1);
      const r2 = await run(host, [
        makeTx(host, s, 0n, 'transfer', { to: addressToString(b), amount: 30n }),
        makeTx(host, s, 1n, 'transfer', { to: addressToString(b), amount: 1000n }),
        makeTx(host, s, 2n, 'withdraw', { to: addressToString(b), amount: 20n }),
      ]);
      assert.deepEqual(r2.outcomes[0]!.output, { ok: null });
      const failed = r2.outcomes[1]!.output as { err: { module: string; code: number } };
      assert.equal(failed.err.module, 'token');
      assert.equal(failed.err.code, 1);
      assert.deepEqual(r2.outcomes[2]!.output, { ok: null });
      assert.equal(await bal(a), 50);
      assert.equal(await bal(b), 35);
      assert.equal(await query(host, 'supply', null), 85);
      const msgs = r2.response.batch.messages.map((m) => runtimeMessageCodec.fromCbor(m, 'm'));
      assert.deepEqual(msgs, [{ staking: { v: 0, transfer: { to: b, amount: 20n } } }]);
      const ev = r2.outcomes[0]!.events.map((e) => Buffer.from(e.tag).toString());
      assert.deepEqual(ev, ['token.transfer']);
      assert.deepEqual(decodeChecked(r2.outcomes[0]!.events[0]!.value), { from: a, to: b, amount: 30 });
    } finally {
      await host.close();
    }
  });
}
