/**
 * One node in this process (issue 8): a single validator started from its localnet config
 * decides blocks, serves its status over the API and its figures on /metrics, stops cleanly
 * (every store closed, its UED worker too: a second start on the same data dir resumes the
 * chain), restarts halted while its data dir holds a halt record (APE-18) until the operator
 * clears it, and logs no key material. A full node (here in sync UED mode) never writes a
 * last-signed record.
 */
import assert from 'node:assert/strict';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { TandemClient } from '../../src/client/index.js';
import { FileHaltStore } from '../../src/domains/index.js';
import {
  clearNodeHalt,
  createLogger,
  dataDirLayout,
  prepareLocalnet,
  startNode,
} from '../../src/node/index.js';
import { reserveBasePort } from '../helpers/ports.js';
import { E2E_TIMEOUTS } from '../helpers/procnet.js';
import { until } from '../helpers/until.js';

test('node: a validator decides, serves API and metrics, stops, and resumes its chain on restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-node-'));
  try {
    const basePort = reserveBasePort();
    const plan = prepareLocalnet({ dir, validators: 1, fullNodes: 1, basePort, timeouts: E2E_TIMEOUTS });
    const [v0, f0] = plan.nodes as [(typeof plan.nodes)[0], (typeof plan.nodes)[0]];
    const log = createLogger('silent');
    let node = await startNode(v0.config, { log });
    await until('height 2', () => node.height() >= 2n);
    const status = await new TandemClient({ url: node.apiUrl! }).status();
    assert.equal(status.chain_id, plan.chainId);
    assert.ok(status.height >= 2);
    const metrics = await (await fetch(node.metricsUrl!)).text();
    assert.match(metrics, /^tandem_height [1-9]/m);
    assert.match(metrics, /^tandem_halted 0$/m);
    assert.match(metrics, /^tandem_ued_halted 0$/m, "the app's own metrics are served");
    await node.stop();
    await node.stop(); // a second stop waits for the first
    const stopped = node.height();

    const evidence = { height: 1, localHash: '00', disagreeingStake: 1n, totalStake: 1n, reports: [] };
    new FileHaltStore(dataDirLayout(v0.config.data_dir).haltRecord).save(evidence);
    node = await startNode(v0.config, { log });
    try {
      assert.equal(node.app.canSign(), false, 'APE-18: still halted after a restart');
      assert.equal((await new TandemClient({ url: node.apiUrl! }).status()).halted, true);
      assert.match(await (await fetch(node.metricsUrl!)).text(), /^tandem_halted 1$/m);
    } finally {
      await node.stop();
    }
    assert.deepEqual(await clearNodeHalt(v0.config), { cleared: true, evidence });

    node = await startNode(v0.config, { log });
    try {
      assert.ok(node.height() >= stopped, 'resumed at the stored height, not genesis');
      await until('one more height', () => node.height() > stopped);
    } finally {
      await node.stop();
    }

    // A full node alone hears no validator: it stays at genesis and signs nothing.
    const full = await startNode({ ...f0.config, ued: { mode: 'sync', store: 'auto' } }, { log });
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(full.height(), 0n);
    await full.stop();
    assert.equal(existsSync(dataDirLayout(f0.config.data_dir).signState), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('node: the pino logger redacts fields named like key material', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-log-'));
  try {
    const path = join(dir, 'log');
    const fd = openSync(path, 'w');
    const log = createLogger('info', fd);
    log.info({ seed: 'aa'.repeat(32), nested: { privateKey: 'bb', ok: 1 } }, 'keys');
    log.debug({}, 'below the level');
    closeSync(fd);
    const text = readFileSync(path, 'utf8');
    assert.doesNotMatch(text, /aaaa|"bb"/);
    assert.match(text, /"seed":"\[redacted\]"/);
    assert.match(text, /"ok":1/);
    assert.doesNotMatch(text, /below the level/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
