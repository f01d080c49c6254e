import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kvRuntime } from '../../../examples/runtimes/kv/runtime.js';
import { Rng } from '../../helpers/rng.js';
import { makeTx, query, signer } from '../testhost/helpers.js';
import { openInProcess } from './helpers.js';

test('kv against a model: 40 random batches of inserts and removals read back exactly (state through the host, cached nodes)', async () => {
  const host = await openInProcess(kvRuntime);
  try {
    const rng = new Rng(42);
    const model = new Map<string, string>();
    const senders = [signer(1), signer(2), signer(3)];
    const nonces = [0n, 0n, 0n];
    for (let b = 0; b < 40; b++) {
      const txs: Uint8Array[] = [];
      for (let i = 0; i < rng.range(1, 12); i++) {
        const who = rng.int(3);
        const key = `k${rng.int(24)}`;
        const nonce = nonces[who]!++;
        if (rng.chance(350)) {
          model.delete(key);
          txs.push(makeTx(host, senders[who]!, nonce, 'remove', { key }));
        } else {
          const value = `v${b}.${i}`;
          model.set(key, value);
          txs.push(makeTx(host, senders[who]!, nonce, 'insert', { key, value }));
        }
      }
      const r = await host.execute(txs);
      assert.equal(r.response.tx_hashes.length, txs.length);
    }
    for (let k = 0; k < 24; k++) {
      assert.equal(await query(host, 'get', { key: `k${k}` }), model.get(`k${k}`) ?? null, `k${k}`);
    }
  } finally {
    await host.close();
  }
});
