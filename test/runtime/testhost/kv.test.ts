import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MODES, makeTx, openExample, query, run, signer } from './helpers.js';

for (const mode of MODES) {
  test(`kv (${mode}): insert, get, remove and burn through the local host`, async () => {
    const host = await openExample('kv', mode);
    try {
      const s = signer(1);
      const r1 = await run(host, [
        makeTx(host, s, 0n, 'insert', { key: 'a', value: 'one' }),
        makeTx(host, s, 1n, 'insert', { key: 'b', value: 'two' }),
      ]);
      assert.equal(r1.response.tx_hashes.length, 2);
      assert.deepEqual(
        r1.outcomes.map((o) => o.output),
        [{ ok: null }, { ok: null }],
      );
      assert.equal(r1.header.round, 1n);
      assert.equal(await query(host, 'get', { key: 'a' }), 'one');
      const r2 = await run(host, [
        makeTx(host, s, 2n, 'remove', { key: 'a' }),
        makeTx(host, s, 3n, 'remove', { key: 'zz' }),
        makeTx(host, s, 4n, 'burn', { iterations: 1000 }),
      ]);
      assert.deepEqual(r2.outcomes[0]!.output, { ok: true });
      assert.deepEqual(r2.outcomes[1]!.output, { ok: false });
      assert.match((r2.outcomes[2]!.output as { ok: string }).ok, /^[0-9a-f]{64}$/);
      assert.equal(await query(host, 'get', { key: 'a' }), null);
      assert.equal(await query(host, 'get', { key: 'b' }), 'two');
      assert.equal(host.head.round, 2n);
    } finally {
      await host.close();
    }
  });
}
